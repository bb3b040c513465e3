"""An edition's phase follows from its timestamps: each one starts its phase at that instant."""

import datetime as dt

from django.utils import timezone

from kaaring.awards.models import Edition, Phase

T0 = dt.datetime(2019, 1, 1, 10, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
MS = dt.timedelta(milliseconds=1)


def _with_vote(**extra: object) -> Edition:
    values: dict[str, object] = {
        "year": 2018,
        "announced_at": T0,
        "nominations_open_at": T0 + DAY,
        "nominations_close_at": T0 + 5 * DAY,
        "voting_opens_at": T0 + 10 * DAY,
        "voting_closes_at": T0 + 20 * DAY,
        "results_published_at": T0 + 25 * DAY,
        "voting_mode": "open",
        "decision_rule": "top_n_then_jury",
    }
    values.update(extra)
    return Edition(**values)


def _jury_only(**extra: object) -> Edition:
    values: dict[str, object] = {
        "year": 2018,
        "announced_at": T0,
        "results_published_at": T0 + 25 * DAY,
        "voting_mode": "none",
        "decision_rule": "jury_only",
    }
    values.update(extra)
    return Edition(**values)


def test_an_edition_with_a_vote_goes_through_every_phase_at_each_instant() -> None:
    edition = _with_vote()
    expected = [
        (T0 - MS, Phase.DRAFT),
        (T0, Phase.ANNOUNCED),
        (T0 + DAY - MS, Phase.ANNOUNCED),
        (T0 + DAY, Phase.NOMINATIONS),
        (T0 + 5 * DAY - MS, Phase.NOMINATIONS),
        (T0 + 5 * DAY, Phase.NOMINEES_PUBLISHED),
        (T0 + 10 * DAY - MS, Phase.NOMINEES_PUBLISHED),
        (T0 + 10 * DAY, Phase.VOTING_OPEN),
        (T0 + 20 * DAY - MS, Phase.VOTING_OPEN),
        (T0 + 20 * DAY, Phase.VOTING_CLOSED),
        (T0 + 25 * DAY - MS, Phase.VOTING_CLOSED),
        (T0 + 25 * DAY, Phase.RESULTS_PUBLISHED),
        (T0 + 900 * DAY, Phase.RESULTS_PUBLISHED),
    ]
    assert [(at, edition.phase_at(at)) for at, _ in expected] == expected


def test_without_nominations_the_nominees_are_published_when_announced() -> None:
    edition = _with_vote(nominations_open_at=None, nominations_close_at=None)
    assert edition.phase_at(T0) == Phase.NOMINEES_PUBLISHED


def test_a_jury_only_edition_goes_from_nominees_to_the_jury_to_the_result() -> None:
    edition = _jury_only(nominations_open_at=T0 + DAY, nominations_close_at=T0 + 5 * DAY)
    assert edition.phase_at(T0 - MS) == Phase.DRAFT
    assert edition.phase_at(T0) == Phase.ANNOUNCED
    assert edition.phase_at(T0 + DAY) == Phase.NOMINATIONS
    assert edition.phase_at(T0 + 5 * DAY) == Phase.JURY
    assert edition.phase_at(T0 + 25 * DAY - MS) == Phase.JURY
    assert edition.phase_at(T0 + 25 * DAY) == Phase.RESULTS_PUBLISHED


def test_a_jury_only_edition_without_nominations_is_with_the_jury_once_announced() -> None:
    assert _jury_only().phase_at(T0) == Phase.JURY


def test_an_edition_never_announced_is_a_draft() -> None:
    assert _jury_only(announced_at=None, results_published_at=None).phase_at(T0) == Phase.DRAFT


def test_open_ended_nominations_stay_open() -> None:
    edition = _jury_only(nominations_open_at=T0, results_published_at=None)
    assert edition.phase_at(T0 + 400 * DAY) == Phase.NOMINATIONS


def test_the_phase_defaults_to_now() -> None:
    now = timezone.now()
    edition = _with_vote(
        announced_at=now - 3 * DAY,
        nominations_open_at=None,
        nominations_close_at=None,
        voting_opens_at=now - DAY,
        voting_closes_at=now + DAY,
        results_published_at=None,
    )
    assert edition.phase_at() == Phase.VOTING_OPEN
    assert edition.is_public_at()
    assert not edition.results_public_at()


def test_rules_are_frozen_from_the_opening_instant() -> None:
    edition = _with_vote()
    assert not edition.rules_frozen_at(T0 + 10 * DAY - MS)
    assert edition.rules_frozen_at(T0 + 10 * DAY)
    assert not _jury_only().rules_frozen_at(T0 + 900 * DAY)
