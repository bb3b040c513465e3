import datetime as dt
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Edition, Nominee
from kaaring.results import errors, services
from kaaring.results.models import BallotInvalidation, Tally, TallyRow
from kaaring.results.selectors import tally_history, tally_summary
from kaaring.voting.models import Ballot

pytestmark = pytest.mark.django_db


Close = Callable[..., Edition]


def test_it_does_not_freeze_while_voting_is_open(closing_edition: Edition) -> None:
    assert services.tally_freeze(edition_id=closing_edition.pk) is None
    assert not Tally.objects.exists()


def test_it_freezes_raw_and_valid_counts_per_nominee_and_mode(
    close_voting: Close,
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
) -> None:
    stange = make_nominee(closing_edition, "Stange", "3413")
    asker = make_nominee(closing_edition, "Asker", "3203")
    make_nominee(closing_edition, "Bodø", "1804")
    cast(closing_edition, stange, times=3)
    cast(closing_edition, asker, times=2)

    close_voting(closing_edition)
    tally = services.tally_freeze(edition_id=closing_edition.pk)

    assert tally is not None
    assert tally.version == 1
    rows = {(r.nominee.name, r.mode): (r.raw_count, r.valid_count) for r in tally.rows.all()}
    assert rows == {("Stange", "open"): (3, 3), ("Asker", "open"): (2, 2)}
    summary = tally_summary(edition=closing_edition)
    assert summary is not None
    assert [(c.nominee.name, c.valid) for c in summary.counts] == [
        ("Stange", 3),
        ("Asker", 2),
        ("Bodø", 0),
    ]
    assert AuditEntry.objects.filter(action="results.tally_frozen").count() == 1


def test_a_second_freeze_changes_nothing(
    close_voting: Close,
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
) -> None:
    cast(closing_edition, make_nominee(closing_edition, "Stange", "3413"))
    close_voting(closing_edition)
    first = services.tally_freeze(edition_id=closing_edition.pk)
    second = services.tally_freeze(edition_id=closing_edition.pk)
    assert first == second
    assert Tally.objects.count() == 1
    assert TallyRow.objects.count() == 1


def test_the_database_refuses_a_second_version_1(
    close_voting: Close, closing_edition: Edition
) -> None:
    close_voting(closing_edition)
    services.tally_freeze(edition_id=closing_edition.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tally.objects.create(edition=closing_edition, version=1)


def test_an_edition_without_votes_freezes_with_no_rows(
    close_voting: Close, closing_edition: Edition
) -> None:
    close_voting(closing_edition)
    tally = services.tally_freeze(edition_id=closing_edition.pk)
    assert tally is not None
    assert not tally.rows.exists()


def test_the_command_closes_every_edition_past_its_deadline(
    close_voting: Close,
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
) -> None:
    closes_soon = make_edition(year=2018, closes=dt.timedelta(hours=1))
    closes_later = make_edition(year=2019, closes=dt.timedelta(days=3))
    cast(closes_soon, make_nominee(closes_soon, "Stange", "3413"))

    close_voting(closes_soon)
    call_command("results_close_due", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("results_close_due", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert list(Tally.objects.values_list("edition_id", "version")) == [(closes_soon.pk, 1)]
    assert not Tally.objects.filter(edition=closes_later).exists()
    entry = AuditEntry.objects.get(action="results.tally_frozen")
    assert entry.actor_label == "results_close_due"


def test_it_waits_for_the_grace_after_the_deadline(
    close_voting: Close, closing_edition: Edition
) -> None:
    close_voting(closing_edition, ago=dt.timedelta(seconds=1))
    assert services.tally_freeze(edition_id=closing_edition.pk) is None


# --- Invalidations ----------------------------------------------------------------------------


def test_an_invalidation_counts_only_once_a_second_organiser_approves_it(
    close_voting: Close,
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
    organiser: User,
    second_organiser: User,
) -> None:
    stange = make_nominee(closing_edition, "Stange", "3413")
    ballot = cast(closing_edition, stange)
    cast(closing_edition, stange)
    proposal = services.invalidation_propose(
        actor=organiser, ballot=ballot, reason="Burst of 40 votes from one subnet in a minute"
    )
    close_voting(closing_edition)
    services.tally_freeze(edition_id=closing_edition.pk)
    row = TallyRow.objects.get()
    assert (row.raw_count, row.valid_count) == (2, 2)

    _, tally = services.invalidation_approve(actor=second_organiser, invalidation=proposal)

    assert tally is not None
    assert tally.version == 2
    assert tally.invalidation == proposal
    assert tally.changes == [{"nominee": stange.pk, "mode": "open", "raw": [2, 2], "valid": [2, 1]}]
    assert "Burst of 40 votes" in tally.reason
    assert [t.version for t in tally_history(edition=closing_edition)] == [1, 2]
    summary = tally_summary(edition=closing_edition)
    assert summary is not None
    assert summary.counts[0].valid == 1
    assert AuditEntry.objects.filter(action="results.tally_revised").exists()


def test_an_approval_before_the_freeze_is_counted_by_the_freeze(
    close_voting: Close,
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
    organiser: User,
    second_organiser: User,
) -> None:
    stange = make_nominee(closing_edition, "Stange", "3413")
    ballot = cast(closing_edition, stange)
    proposal = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
    _, tally = services.invalidation_approve(actor=second_organiser, invalidation=proposal)
    assert tally is None
    close_voting(closing_edition)
    frozen = services.tally_freeze(edition_id=closing_edition.pk)
    assert frozen is not None
    row = frozen.rows.get()
    assert (row.raw_count, row.valid_count) == (1, 0)


def test_the_proposer_cannot_approve_their_own_invalidation(
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
    organiser: User,
) -> None:
    ballot = cast(closing_edition, make_nominee(closing_edition, "Stange", "3413"))
    proposal = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
    with pytest.raises(errors.SameOrganiser):
        services.invalidation_approve(actor=organiser, invalidation=proposal)
    proposal.refresh_from_db()
    assert proposal.approved_by is None


def test_the_database_refuses_an_approval_by_the_proposer(
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
    organiser: User,
) -> None:
    ballot = cast(closing_edition, make_nominee(closing_edition, "Stange", "3413"))
    proposal = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotInvalidation.objects.filter(pk=proposal.pk).update(
            approved_by=organiser, approved_at=closing_edition.voting_closes_at
        )


def test_an_invalidation_needs_a_reason(
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
    organiser: User,
) -> None:
    ballot = cast(closing_edition, make_nominee(closing_edition, "Stange", "3413"))
    with pytest.raises(errors.ReasonRequired):
        services.invalidation_propose(actor=organiser, ballot=ballot, reason="  ")
    assert not BallotInvalidation.objects.exists()


def test_an_organiser_of_another_organisation_cannot_invalidate(
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
    organiser: User,
    outsider: User,
) -> None:
    ballot = cast(closing_edition, make_nominee(closing_edition, "Stange", "3413"))
    with pytest.raises(errors.NotAllowed):
        services.invalidation_propose(actor=outsider, ballot=ballot, reason="Bot")
    proposal = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
    with pytest.raises(errors.NotAllowed):
        services.invalidation_approve(actor=outsider, invalidation=proposal)
    proposal.refresh_from_db()
    assert proposal.approved_by is None


def test_a_second_approval_is_refused(
    closing_edition: Edition,
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., Ballot],
    organiser: User,
    second_organiser: User,
    viewer: User,
) -> None:
    ballot = cast(closing_edition, make_nominee(closing_edition, "Stange", "3413"))
    first = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
    second = services.invalidation_propose(actor=organiser, ballot=ballot, reason="Also a bot")
    services.invalidation_approve(actor=second_organiser, invalidation=first)
    with pytest.raises(errors.AlreadyApproved):
        services.invalidation_approve(actor=second_organiser, invalidation=first)
    with pytest.raises(errors.AlreadyInvalidated):
        services.invalidation_approve(actor=second_organiser, invalidation=second)
    with pytest.raises(errors.NotAllowed):
        services.invalidation_approve(actor=viewer, invalidation=second)
