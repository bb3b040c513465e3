"""The frozen tally over generated ballots (hypothesis): per nominee and voting mode, valid =
ballots cast minus approved invalidations, whether an invalidation was approved before the freeze or
after it (a new tally version); proposals nobody approved change nothing."""

from collections import Counter
from collections.abc import Callable

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaaring.accounts.models import User
from kaaring.awards.models import Edition, Nominee
from kaaring.results import services
from kaaring.results.selectors import tally_summary
from kaaring.results.tests.test_tally_count import Cast, Close, _cast_in
from kaaring.voting.models import BallotMode

pytestmark = pytest.mark.django_db

# (nominee 0..2, mode, what happens to it: kept, proposed only, approved before or after the freeze)
FATES = ("kept", "proposed", "approved_before", "approved_after")
BALLOTS = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(BallotMode.values), st.sampled_from(FATES)),
    max_size=10,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ballots=BALLOTS)
def test_valid_is_ballots_minus_approved_invalidations_per_mode(
    ballots: list[tuple[int, str, str]],
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Cast,
    close_voting: Close,
    organiser: User,
    second_organiser: User,
) -> None:
    with transaction.atomic():
        _check(
            ballots, closing_edition, make_nominee, cast, close_voting, organiser, second_organiser
        )
        # Each example starts from the same edition, with no ballots.
        transaction.set_rollback(True)


def _check(
    ballots: list[tuple[int, str, str]],
    edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Cast,
    close_voting: Close,
    organiser: User,
    second_organiser: User,
) -> None:
    nominees = [make_nominee(edition, name, number) for name, number in
                [("Stange", "3413"), ("Asker", "3203"), ("Bodø", "1804")]]  # fmt: skip
    raw: Counter[tuple[int, str]] = Counter()
    invalid: Counter[tuple[int, str]] = Counter()
    later = []
    for index, mode, fate in ballots:
        nominee = nominees[index]
        ballot = _cast_in(edition, nominee, mode, cast, times=1)
        raw[nominee.pk, mode] += 1
        if fate == "kept":
            continue
        proposal = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
        if fate == "approved_before":
            services.invalidation_approve(actor=second_organiser, invalidation=proposal)
        elif fate == "approved_after":
            later.append(proposal)
        if fate.startswith("approved"):
            invalid[nominee.pk, mode] += 1
    close_voting(edition)
    assert services.tally_freeze(edition_id=edition.pk) is not None
    for proposal in later:
        services.invalidation_approve(actor=second_organiser, invalidation=proposal)

    summary = tally_summary(edition=edition)
    assert summary is not None
    # Each approval after the freeze changes a count, so each writes a version.
    assert summary.tally.version == 1 + len(later)
    for count in summary.counts:
        for mode in BallotMode.values:
            key = (count.nominee.pk, mode)
            expected = raw[key] - invalid[key]
            assert count.by_mode.get(mode, 0) == expected
        assert count.raw == sum(raw[count.nominee.pk, m] for m in BallotMode.values)
        assert count.valid == sum(count.by_mode.values())
    assert summary.total_valid == sum(raw.values()) - sum(invalid.values())
