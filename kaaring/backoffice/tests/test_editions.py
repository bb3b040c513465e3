"""Editing an edition: times in Norwegian time, rules frozen once voting has opened."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Award, Edition
from kaaring.backoffice.oslo_time import OSLO
from kaaring.jury.models import JuryScale
from kaaring.jury.services import scale_default

pytestmark = pytest.mark.django_db

TIMES = (
    "announced_at",
    "nominations_open_at",
    "nominations_close_at",
    "voting_opens_at",
    "voting_closes_at",
    "results_published_at",
)


def form_data(edition: Edition | None = None, /, **changes: Any) -> dict[str, str]:
    """What the browser sends for ``edition`` as it stands, with ``changes`` typed in."""
    data: dict[str, str] = {}
    fields = (
        "year",
        "year_label",
        "intro",
        "intro_nn",
        "intro_en",
        "ceremony_note",
        "ceremony_note_nn",
        "ceremony_note_en",
        "voting_mode",
        "finalist_count",
        "tie_break",
        "decision_rule",
        "rationale",
        "rationale_nn",
        "rationale_en",
    )
    if edition is not None:
        for name in fields:
            data[name] = str(getattr(edition, name))
        if edition.public_weight_percent is not None:
            data["public_weight_percent"] = str(edition.public_weight_percent)
        if edition.show_vote_counts:
            data["show_vote_counts"] = "on"
        for name in TIMES:
            value = getattr(edition, name)
            if value is not None:
                local = value.astimezone(OSLO)
                data[f"{name}_0"] = local.strftime("%Y-%m-%d")
                data[f"{name}_1"] = local.strftime("%H:%M")
    for name, value in changes.items():
        if name in TIMES:
            date, _, time = value.partition(" ")
            data[f"{name}_0"], data[f"{name}_1"] = date, time
        else:
            data[name] = value
    return data


def edition_url(edition: Edition) -> str:
    return reverse("backoffice:edition", kwargs={"award": edition.award.slug, "year": edition.year})


def create_url(award: Award) -> str:
    return reverse("backoffice:edition_create", kwargs={"award": award.slug})


NEW_2018 = {
    "year": "2018",
    "voting_mode": "open",
    "finalist_count": "3",
    "tie_break": "all_tied_advance",
    "decision_rule": "top_n_then_jury",
    "announced_at": "2018-12-01 09:00",
    "voting_opens_at": "2019-01-15 09:00",
    "voting_closes_at": "2019-02-08 12:00",
    "results_published_at": "2019-02-13 13:00",
}


def test_times_are_entered_in_norwegian_time(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    response = login(organiser).post(create_url(award), form_data(**NEW_2018))
    assert response.status_code == 302
    edition = Edition.objects.get(award=award, year=2018)
    # 12:00 in Oslo in February is 11:00 UTC (winter time, UTC+1).
    assert edition.voting_closes_at == dt.datetime(2019, 2, 8, 11, 0, tzinfo=dt.UTC)
    entry = AuditEntry.objects.get(action="edition.created")
    assert entry.actor == organiser
    assert entry.data["after"]["year"] == 2018


def test_saved_times_are_shown_in_norwegian_time_with_the_offset(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    client = login(organiser)
    client.post(create_url(award), form_data(**NEW_2018))
    edition = Edition.objects.get(award=award, year=2018)
    body = client.get(edition_url(edition)).content.decode()
    assert 'value="12:00"' in body
    assert "UTC+01:00" in body


def test_a_time_that_does_not_exist_in_oslo_is_refused(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    data = form_data(
        **{
            **NEW_2018,
            "year": "2025",
            "announced_at": "2025-03-01 09:00",
            "voting_opens_at": "2025-03-30 02:30",
            "voting_closes_at": "2025-04-30 12:00",
            "results_published_at": "2025-05-30 12:00",
        }
    )
    response = login(organiser).post(create_url(award), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "does not exist in Norwegian time" in body
    assert 'id="id_voting_opens_at_error"' in body
    assert 'aria-describedby="id_voting_opens_at_error"' in body
    assert 'href="#id_voting_opens_at_0"' in body
    assert not Edition.objects.filter(year=2025).exists()


def test_an_ambiguous_time_asks_which_one_is_meant(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    client = login(organiser)
    data = form_data(
        **{
            **NEW_2018,
            "year": "2025",
            "announced_at": "2025-09-01 09:00",
            "voting_opens_at": "2025-10-01 09:00",
            "voting_closes_at": "2025-10-26 02:30",
            "results_published_at": "2025-11-30 12:00",
        }
    )
    response = client.post(create_url(award), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "happens twice" in body
    assert 'name="voting_closes_at_2"' in body
    assert not Edition.objects.filter(year=2025).exists()

    response = client.post(create_url(award), {**data, "voting_closes_at_2": "winter"})
    assert response.status_code == 302
    edition = Edition.objects.get(year=2025)
    # The second 02:30 is in winter time: 01:30 UTC.
    assert edition.voting_closes_at == dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("date", "time", "message"),
    [
        ("2025-02-30", "12:00", "is not a date that exists"),
        ("tomorrow", "12:00", "Write the date as"),
        ("2025-02-03", "25:00", "is not a time of day"),
        ("2025-02-03", "noon", "Write the time as hours and minutes"),
        ("2025-02-03", "12:00+01:00", "without a time zone"),
        ("2025-02-03", "12:00Z", "without a time zone"),
        ("2025-02-03", "", "Give the time too"),
        ("", "12:00", "Give the date too"),
    ],
)
def test_malformed_dates_and_times_are_refused_next_to_the_field(
    organiser: User,
    award: Award,
    login: Callable[..., Client],
    date: str,
    time: str,
    message: str,
) -> None:
    data = form_data(**NEW_2018)
    data["voting_closes_at_0"], data["voting_closes_at_1"] = date, time
    response = login(organiser).post(create_url(award), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Edition.objects.filter(award=award).exists()


def test_texts_of_an_open_edition_can_still_be_changed(
    organiser: User, edition: Edition, login: Callable[..., Client]
) -> None:
    opens = edition.voting_opens_at
    response = login(organiser).post(
        edition_url(edition), form_data(edition, intro="Stem på din favoritt!")
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.intro == "Stem på din favoritt!"
    # The form shows minutes; the stored instant (with its seconds) was left alone.
    assert edition.voting_opens_at == opens
    entry = AuditEntry.objects.filter(action="edition.updated").get()
    assert entry.data["changes"] == {"intro": {"before": "", "after": "Stem på din favoritt!"}}


def test_a_rule_change_after_voting_opened_is_refused_and_nothing_is_saved(
    organiser: User, edition: Edition, login: Callable[..., Client]
) -> None:
    before = Edition.objects.values().get(pk=edition.pk)
    entries = AuditEntry.objects.count()
    response = login(organiser).post(
        edition_url(edition),
        form_data(edition, finalist_count="5", intro="Endret samtidig"),
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "can no longer be changed" in body
    assert 'class="ds-error-summary"' in body
    assert Edition.objects.values().get(pk=edition.pk) == before
    assert AuditEntry.objects.count() == entries


def test_rules_can_change_before_voting_opens(
    organiser: User, make_edition: Callable[..., Edition], login: Callable[..., Client]
) -> None:
    edition = make_edition(opens=dt.timedelta(days=10), closes=dt.timedelta(days=20))
    response = login(organiser).post(edition_url(edition), form_data(edition, finalist_count="5"))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.finalist_count == 5
    entry = AuditEntry.objects.filter(action="edition.updated").get()
    assert entry.data["changes"]["finalist_count"] == {"before": 3, "after": 5}


def test_the_services_rule_checks_show_next_to_the_fields(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    # A weighted decision without the weight of the public vote.
    data = form_data(**{**NEW_2018, "decision_rule": "weighted"})
    response = login(organiser).post(create_url(award), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_public_weight_percent_error"' in body
    assert not Edition.objects.exists()


def test_after_saving_the_organiser_is_redirected_and_told(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    response = login(organiser).post(create_url(award), form_data(**NEW_2018), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "backoffice:edition", kwargs={"award": award.slug, "year": 2018}
    )
    assert "The edition is created." in response.content.decode()


def test_the_first_save_with_the_defaults_succeeds_and_the_jury_can_start(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    """The form's defaults agree: a public vote with the rule left as it was gets a rule that
    uses the vote, and the edition starts with a scale its jury can score on."""
    award.criteria.create(title="Bosetting")
    client = login(organiser)
    page = client.get(create_url(award)).content.decode()
    assert 'value="jury_only" selected' in page  # what the browser sends untouched
    defaults = {**NEW_2018, "decision_rule": "jury_only"}

    response = client.post(create_url(award), form_data(**defaults))

    assert response.status_code == 302
    edition = Edition.objects.get(award=award, year=2018)
    assert edition.decision_rule == "top_n_then_jury"
    scale = JuryScale.objects.get(edition=edition)
    assert (scale.min_score, scale.max_score) == (1, 5)
    assert AuditEntry.objects.filter(action="jury.scale_declared").count() == 1


def test_a_rule_chosen_against_the_mode_is_still_refused(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    data = form_data(**{**NEW_2018, "voting_mode": "none", "decision_rule": "public_only"})
    data.pop("voting_opens_at_0"), data.pop("voting_opens_at_1")
    data.pop("voting_closes_at_0"), data.pop("voting_closes_at_1")

    response = login(organiser).post(create_url(award), data)

    assert response.status_code == 400
    assert not Edition.objects.filter(award=award, year=2018).exists()


def test_the_edition_page_lists_what_is_missing_and_what_freezes(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    client = login(organiser)
    future = {
        **NEW_2018,
        "announced_at": "2030-01-01 09:00",
        "voting_opens_at": "2030-02-01 09:00",
        "voting_closes_at": "2030-03-01 12:00",
        "results_published_at": "",
    }
    client.post(create_url(award), form_data(**future))
    edition = Edition.objects.get(award=award, year=2018)
    jury = reverse("backoffice:jury_admin", kwargs={"award": award.slug, "year": 2018})

    page = client.get(edition_url(edition)).content.decode()

    assert "What the edition needs" in page
    # No nominees, no criteria (so no scale yet), no jurors, no chair, no publication time.
    missing = ["Nominees", "Criteria", "The jury&#x27;s scale", "Jurors", "Chair of the jury"]
    for label in [*missing, "Time the result is published"]:
        assert 'Missing:</span> <a class="ds-link" href="' in page
        assert f"{label}</a>" in page
    assert page.count("Missing:") == 6
    assert f'href="{jury}#scale"' in page
    assert f'href="{jury}#jurors"' in page
    assert "When voting opens (Feb. 1, 2030 at 09:00" in page
    assert "Voting mode</li>" in page
    assert "Decision rule</li>" in page
    assert "until the first score is given" in page

    award.criteria.create(title="Bosetting")
    scale_default(actor=organiser, edition=edition)
    page = client.get(edition_url(edition)).content.decode()
    assert page.count("Missing:") == 4
