"""The organisers' review of a vote: groups by signal, group proposals, four-eyes approval, and
the tally view that shows each new version — through the services and through HTTP."""

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Edition, Nominee
from kaaring.backoffice.audit_display import describe
from kaaring.backoffice.tests.conftest import _in_english, login  # noqa: F401
from kaaring.results import errors, review, services
from kaaring.results.models import BallotInvalidation, Tally
from kaaring.voting.models import Ballot, HoneypotHit
from kaaring.voting.services import ballot_cast

pytestmark = pytest.mark.django_db

Close = Callable[..., Edition]
_keys = itertools.count()


def _cast(edition: Edition, nominee: Nominee, **signals: object) -> Ballot:
    key = f"review-voter-{next(_keys)}"
    result = ballot_cast(
        edition=edition,
        nominee_id=nominee.pk,
        mode="open",
        voter_key=key,
        submission_key=key,
        **signals,  # type: ignore[arg-type]
    )
    return Ballot.objects.get(pk=result.ballot_id)


@pytest.fixture
def voted(closing_edition: Edition, make_nominee: Callable[..., Nominee]) -> dict[str, Any]:
    """Six ballots from one subnet in one minute (a burst; one of them with a too-fast proof of
    work), two ordinary ones, and a honeypot hit from the bursting subnet."""
    stange = make_nominee(closing_edition, "Stange", "3413", position=1)
    asker = make_nominee(closing_edition, "Asker", "3203", position=2)
    burst = [
        _cast(closing_edition, stange, subnet_key="a" * 64, proof_of_work_ms=900) for _ in range(5)
    ]
    burst.append(_cast(closing_edition, stange, subnet_key="a" * 64, proof_of_work_ms=12))
    ordinary = [
        _cast(closing_edition, asker, subnet_key=f"{i}" * 64, proof_of_work_ms=1500)
        for i in range(2)
    ]
    HoneypotHit.objects.create(edition=closing_edition, subnet_key="a" * 64)
    return {"stange": stange, "asker": asker, "burst": burst, "ordinary": ordinary}


def _url(edition: Edition, name: str) -> str:
    return reverse(f"backoffice:{name}", kwargs={"award": edition.award.slug, "year": edition.year})


def test_ballots_are_grouped_by_burst_fast_proof_and_honeypot_subnet(
    closing_edition: Edition, voted: dict[str, Any]
) -> None:
    data = review.review(edition=closing_edition)

    kinds = {g.kind: g for g in data.groups}
    assert set(kinds) == {review.BURST, review.FAST_PROOF, review.HONEYPOT_SUBNET}
    # A burst may straddle a clock minute in a slow run; it is then below the threshold.
    assert kinds[review.BURST].count == 6
    assert {b.id for b in kinds[review.BURST].ballots} == {b.pk for b in voted["burst"]}
    assert [b.id for b in kinds[review.FAST_PROOF].ballots] == [voted["burst"][-1].pk]
    assert kinds[review.HONEYPOT_SUBNET].hits == 1
    assert data.honeypot_hits == 1


def test_email_domain_clusters_include_any_disposable_domain(
    closing_edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    bodo = make_nominee(closing_edition, "Bodø", "1804")
    _cast(closing_edition, bodo, email_domain="mailinator.com")
    _cast(closing_edition, bodo, email_domain="example.no")

    groups = review.email_domains(edition=closing_edition)

    assert [(g.key, g.count) for g in groups] == [("mailinator.com", 1)]


def test_a_group_proposal_makes_one_proposal_per_ballot_and_one_approval_one_version(
    close_voting: Close,
    closing_edition: Edition,
    voted: dict[str, Any],
    organiser: User,
    second_organiser: User,
) -> None:
    close_voting(closing_edition)
    services.tally_freeze(edition_id=closing_edition.pk)

    proposals = services.invalidations_propose(
        actor=organiser, ballots=voted["burst"], reason="Six votes from one subnet in a minute"
    )
    again = services.invalidations_propose(actor=organiser, ballots=voted["burst"], reason="Twice")
    assert len(proposals) == 6
    assert again == []
    assert BallotInvalidation.objects.count() == 6

    with pytest.raises(errors.SameOrganiser):
        services.invalidations_approve(actor=organiser, invalidations=proposals)
    assert not BallotInvalidation.objects.filter(approved_at__isnull=False).exists()

    approved, tally = services.invalidations_approve(
        actor=second_organiser, invalidations=proposals
    )

    assert len(approved) == 6
    assert tally is not None
    assert tally.version == 2
    assert "Six votes from one subnet" in tally.reason
    assert tally.changes == [
        {"nominee": voted["stange"].pk, "mode": "open", "raw": [6, 6], "valid": [6, 0]}
    ]
    assert AuditEntry.objects.filter(action="ballot.invalidation_approved").count() == 6
    labels = {describe(e).action for e in AuditEntry.objects.all()}
    assert {
        "Tally frozen when voting closed",
        "Ballot invalidation proposed",
        "Ballot invalidation approved",
        "Tally revised after an invalidation",
    } <= labels


def test_the_review_page_is_for_the_organisation_only(
    login: Callable[..., Client],  # noqa: F811
    closing_edition: Edition,
    voted: dict[str, Any],
    outsider: User,
) -> None:
    client = login(outsider)
    for name in ("review", "results"):
        assert client.get(_url(closing_edition, name)).status_code == 404
    response = client.post(
        _url(closing_edition, "review"),
        {"action": "propose", "ballot": [voted["burst"][0].pk], "reason": "x"},
    )
    assert response.status_code == 404
    assert not BallotInvalidation.objects.exists()


def test_a_viewer_sees_the_review_but_cannot_propose(
    login: Callable[..., Client],  # noqa: F811
    closing_edition: Edition,
    voted: dict[str, Any],
    viewer: User,
) -> None:
    client = login(viewer)
    page = client.get(_url(closing_edition, "review"))
    assert page.status_code == 200
    assert "Propose to invalidate" not in page.content.decode()

    response = client.post(
        _url(closing_edition, "review"),
        {"action": "propose", "ballot": [voted["burst"][0].pk], "reason": "Bot"},
    )

    assert response.status_code == 403
    assert not BallotInvalidation.objects.exists()


def test_the_review_page_shows_ballot_ids_never_voter_keys_or_receipts(
    login: Callable[..., Client],  # noqa: F811
    closing_edition: Edition,
    voted: dict[str, Any],
    organiser: User,
) -> None:
    html = login(organiser).get(_url(closing_edition, "review")).content.decode()

    ballot = voted["burst"][0]
    assert f'<th scope="row">{ballot.pk}</th>' in html
    assert ballot.voter_key not in html
    assert ballot.receipt not in html
    assert "Burst: 6 ballots from subnet aaaaaaaa" in html
    assert "Fast proof of work: 1 ballot solved in under 200 ms" in html


def test_organisers_invalidate_a_group_over_http_and_the_tally_shows_the_new_version(
    login: Callable[..., Client],  # noqa: F811
    close_voting: Close,
    closing_edition: Edition,
    voted: dict[str, Any],
    organiser: User,
    second_organiser: User,
) -> None:
    close_voting(closing_edition)
    services.tally_freeze(edition_id=closing_edition.pk)
    first, second = login(organiser), login(second_organiser)
    ids = [b.pk for b in voted["burst"][:3]]
    slug = review.bursts(edition=closing_edition)[0].slug

    missing = first.post(
        _url(closing_edition, "review"),
        {"action": "propose", "group": slug, "ballot": ids, "reason": " "},
    )
    assert missing.status_code == 400
    html = missing.content.decode()
    assert html.count("Write the reason for invalidating the ballot.") == 2  # summary, field
    assert f'href="#reason-{slug}"' in html
    assert not BallotInvalidation.objects.exists()

    proposed = first.post(
        _url(closing_edition, "review"),
        {"action": "propose", "group": slug, "ballot": ids, "reason": "Scripted burst"},
    )
    assert proposed.status_code == 302
    pending = list(BallotInvalidation.objects.values_list("pk", flat=True))
    assert len(pending) == 3

    refused = first.post(
        _url(closing_edition, "review"), {"action": "approve", "invalidation": pending}
    )
    assert refused.status_code == 409
    assert "must be approved by a second organiser" in refused.content.decode()
    assert not Tally.objects.filter(version=2).exists()

    approved = second.post(
        _url(closing_edition, "review"), {"action": "approve", "invalidation": pending}
    )
    assert approved.status_code == 302

    html = second.get(_url(closing_edition, "results")).content.decode()
    assert "Version 2" in html
    assert "Scripted burst" in html
    assert "Stange (open): valid votes 6 → 3" in html
    assert "frozen when voting closed." in html


def test_the_results_page_shows_finalists_and_the_tie_break(
    login: Callable[..., Client],  # noqa: F811
    close_voting: Close,
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
    organiser: User,
) -> None:
    edition = make_edition(finalist_count=1, closes=dt.timedelta(hours=1))
    for name in ("Stange", "Asker"):
        _cast(edition, make_nominee(edition, name))
    close_voting(edition)
    services.tally_freeze(edition_id=edition.pk)

    html = login(organiser).get(_url(edition, "results")).content.decode()

    assert "Tied at the cut: Asker, Stange. All of them go through." in html
    assert "Waiting for the jury's verdict." in html
