"""The count behind the frozen tally: exact per nominee and voting mode, with approved
invalidations subtracted in the mode of the ballot they concern, however it is split up.

An edition takes ballots in one voting mode, but the tally is kept per mode; to have every mode
in one edition these tests change the stored mode between ballots.
"""

from collections.abc import Callable

import pytest
from django.db.models import Q
from django.utils import timezone

from kaaring.accounts.models import User
from kaaring.awards.models import Edition, Nominee
from kaaring.results import services
from kaaring.results.models import TallyRow
from kaaring.voting.models import Ballot, BallotMode

pytestmark = pytest.mark.django_db

Close = Callable[..., Edition]
Cast = Callable[..., Ballot]


def _cast_in(edition: Edition, nominee: Nominee, mode: str, cast: Cast, *, times: int) -> Ballot:
    Edition.objects.filter(pk=edition.pk).update(voting_mode=mode)
    return cast(edition, nominee, mode=mode, times=times)


def _rows(edition: Edition, version: int = 1) -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (r.nominee.name, r.mode): (r.raw_count, r.valid_count)
        for r in TallyRow.objects.filter(tally__edition=edition, tally__version=version)
    }


@pytest.fixture
def voted(
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Cast,
    organiser: User,
    second_organiser: User,
) -> Edition:
    """Stange: 3 open, 2 e-mail, 1 e-ID; Asker: 2 open, 1 e-ID; Bodø none. Approved
    invalidations of one Stange e-mail ballot and one Asker e-ID ballot (its only one), and a
    proposal for a Stange open ballot that nobody approved."""
    stange = make_nominee(closing_edition, "Stange", "3413")
    asker = make_nominee(closing_edition, "Asker", "3203")
    make_nominee(closing_edition, "Bodø", "1804")
    proposed = _cast_in(closing_edition, stange, BallotMode.OPEN, cast, times=3)
    stange_email = _cast_in(closing_edition, stange, BallotMode.EMAIL, cast, times=2)
    _cast_in(closing_edition, stange, BallotMode.EID, cast, times=1)
    _cast_in(closing_edition, asker, BallotMode.OPEN, cast, times=2)
    asker_eid = _cast_in(closing_edition, asker, BallotMode.EID, cast, times=1)
    for ballot in (stange_email, asker_eid):
        proposal = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
        services.invalidation_approve(actor=second_organiser, invalidation=proposal)
    services.invalidation_propose(actor=organiser, ballot=proposed, reason="Perhaps a bot")
    return closing_edition


EXPECTED = {
    ("Stange", "open"): (3, 3),
    ("Stange", "email"): (2, 1),
    ("Stange", "eid"): (1, 1),
    ("Asker", "open"): (2, 2),
    ("Asker", "eid"): (1, 0),
}


def test_approved_invalidations_are_subtracted_in_the_mode_of_their_ballot(
    voted: Edition, close_voting: Close
) -> None:
    close_voting(voted)
    assert services.tally_freeze(edition_id=voted.pk) is not None
    assert _rows(voted) == EXPECTED


def test_the_count_is_the_same_when_split_over_several_statements(
    voted: Edition, close_voting: Close, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "COUNT_PARTS_PER_STATEMENT", 2)
    assert len(services._count_statements(voted.pk)) == 1 + 3  # invalidations, 6 parts by 2
    close_voting(voted)
    services.tally_freeze(edition_id=voted.pk)
    assert _rows(voted) == EXPECTED


def test_an_approval_after_the_freeze_changes_only_its_nominee_and_mode(
    voted: Edition,
    close_voting: Close,
    organiser: User,
    second_organiser: User,
) -> None:
    close_voting(voted)
    services.tally_freeze(edition_id=voted.pk)
    ballot = Ballot.objects.filter(edition=voted, nominee__name="Stange", mode="eid").get()
    proposal = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")

    _, tally = services.invalidation_approve(actor=second_organiser, invalidation=proposal)

    assert tally is not None
    assert _rows(voted, version=2) == {**EXPECTED, ("Stange", "eid"): (1, 0)}
    assert tally.changes == [
        {"nominee": ballot.nominee_id, "mode": "eid", "raw": [1, 1], "valid": [1, 0]}
    ]


def test_ballots_for_a_nominee_withdrawn_after_they_were_cast_still_count(
    closing_edition: Edition,
    close_voting: Close,
    make_nominee: Callable[..., Nominee],
    cast: Cast,
) -> None:
    stange = make_nominee(closing_edition, "Stange", "3413")
    cast(closing_edition, stange, times=2)
    Nominee.objects.filter(pk=stange.pk).update(withdrawn_at=timezone.now())
    close_voting(closing_edition)
    services.tally_freeze(edition_id=closing_edition.pk)
    assert _rows(closing_edition) == {("Stange", "open"): (2, 2)}


def test_the_modes_counted_are_every_mode_the_database_accepts() -> None:
    """The count asks for each mode in ``BallotMode`` by name, so the database must refuse any
    other: otherwise a ballot in an unknown mode would be left out."""
    (known,) = [c for c in Ballot._meta.constraints if c.name == "voting_ballot_mode_known"]
    assert known.condition == Q(mode__in=BallotMode.values)  # type: ignore[attr-defined]
