"""Reads for the organisers' review of a vote: ballots grouped by the signal that makes them
worth a look.

A group is a suggestion, never a verdict: many people behind one office network vote in the
same minute, and a fast computer solves the proof of work quickly. The organiser reads the
group, and may propose to invalidate some or all of it with a reason (``services``); a second
organiser approves. Groups show ballot ids, times, nominees and modes only: never voter keys or
receipts, which would let an organiser link a ballot to a voter.

Signals come from ``voting.BallotSignals`` (kept for a while after the vote, then purged) and
``voting.HoneypotHit``. The subnet key is a keyed hash; it is shown shortened, as a label.
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMinute

from kaaring.awards.models import Edition
from kaaring.mailaddress import domain_is_disposable
from kaaring.results.models import BallotInvalidation
from kaaring.voting.models import Ballot, BallotSignals, HoneypotHit

# Ballots from one subnet within one minute before it counts as a burst.
BURST_MIN_BALLOTS = 5
# A proof of work solved faster than this (milliseconds) is suspicious: browsers take longer.
FAST_PROOF_OF_WORK_MS = 200
# Ballots from one e-mail domain before it is shown as a cluster (disposable domains: any).
DOMAIN_CLUSTER_MIN_BALLOTS = 10
# At most this many ballots are listed per group; the count says how many there are.
GROUP_LIMIT = 500

BURST = "burst"
FAST_PROOF = "fast_proof"
EMAIL_DOMAIN = "email_domain"
HONEYPOT_SUBNET = "honeypot_subnet"


@dataclasses.dataclass(frozen=True)
class ReviewBallot:
    id: int
    cast_at: dt.datetime
    nominee: str
    mode: str
    # "valid", "proposed" (waiting for a second organiser) or "invalidated".
    status: str


@dataclasses.dataclass(frozen=True)
class Group:
    kind: str
    key: str  # what the ballots share: a subnet label and minute, a domain …
    count: int
    ballots: list[ReviewBallot]
    detail: str = ""
    hits: int = 0  # honeypot hits from the group's subnet

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.key}".replace(" ", "-").replace(":", "")


@dataclasses.dataclass(frozen=True)
class Review:
    groups: list[Group]
    honeypot_hits: int
    pending: list[BallotInvalidation]


def subnet_label(subnet_key: str) -> str:
    """A short, stable name for a hashed subnet; enough to tell groups apart."""
    return subnet_key[:8]


def _statuses(ballot_ids: Iterable[int]) -> dict[int, str]:
    status: dict[int, str] = {}
    for ballot_id, approved in BallotInvalidation.objects.filter(
        ballot_id__in=list(ballot_ids)
    ).values_list("ballot_id", "approved_at"):
        if approved is not None:
            status[ballot_id] = "invalidated"
        else:
            status.setdefault(ballot_id, "proposed")
    return status


def _ballots(signals: Iterable[BallotSignals]) -> list[ReviewBallot]:
    rows = list(signals)
    status = _statuses(s.ballot_id for s in rows)
    return [
        ReviewBallot(
            id=s.ballot_id,
            cast_at=s.ballot.cast_at,
            nominee=s.ballot.nominee.name,
            mode=s.ballot.get_mode_display(),
            status=status.get(s.ballot_id, "valid"),
        )
        for s in rows
    ]


def _signals(edition: Edition) -> QuerySet[BallotSignals]:
    return (
        BallotSignals.objects.filter(ballot__edition=edition)
        .select_related("ballot__nominee")
        .order_by("ballot__cast_at", "ballot_id")
    )


def bursts(*, edition: Edition, threshold: int = BURST_MIN_BALLOTS) -> list[Group]:
    """Subnets that cast at least ``threshold`` ballots within one clock minute (UTC)."""
    minute = TruncMinute("ballot__cast_at", tzinfo=dt.UTC)
    found = (
        BallotSignals.objects.filter(ballot__edition=edition, subnet_key__isnull=False)
        .annotate(minute=minute)
        .values("subnet_key", "minute")
        .annotate(n=Count("ballot_id"))
        .filter(n__gte=threshold)
        .order_by("-n", "minute")
    )
    groups = []
    for row in found:
        start, subnet = row["minute"], str(row["subnet_key"])
        signals = _signals(edition).filter(
            subnet_key=subnet,
            ballot__cast_at__gte=start,
            ballot__cast_at__lt=start + dt.timedelta(minutes=1),
        )[:GROUP_LIMIT]
        groups.append(
            Group(
                kind=BURST,
                key=f"{subnet_label(subnet)} {start:%Y%m%d%H%M}",
                count=row["n"],
                ballots=_ballots(signals),
                detail=subnet_label(subnet),
            )
        )
    return groups


def fast_proofs(*, edition: Edition, below_ms: int = FAST_PROOF_OF_WORK_MS) -> list[Group]:
    signals = _signals(edition).filter(proof_of_work_ms__lt=below_ms)
    count = signals.count()
    if not count:
        return []
    return [
        Group(
            kind=FAST_PROOF,
            key=str(below_ms),
            count=count,
            ballots=_ballots(signals[:GROUP_LIMIT]),
            detail=str(below_ms),
        )
    ]


def email_domains(*, edition: Edition, threshold: int = DOMAIN_CLUSTER_MIN_BALLOTS) -> list[Group]:
    """E-mail domains with many ballots, and every disposable domain that got through."""
    found = (
        BallotSignals.objects.filter(ballot__edition=edition, email_domain__isnull=False)
        .values("email_domain")
        .annotate(n=Count("ballot_id"))
        .order_by("-n", "email_domain")
    )
    groups = []
    for row in found:
        domain = str(row["email_domain"])
        if row["n"] < threshold and not domain_is_disposable(domain):
            continue
        signals = _signals(edition).filter(email_domain=domain)[:GROUP_LIMIT]
        groups.append(
            Group(
                kind=EMAIL_DOMAIN,
                key=domain,
                count=row["n"],
                ballots=_ballots(signals),
                detail=domain,
            )
        )
    return groups


def honeypot_subnets(*, edition: Edition) -> tuple[int, list[Group]]:
    """How many honeypot hits, and the ballots cast from subnets that hit it."""
    hits = HoneypotHit.objects.filter(edition=edition)
    per_subnet: dict[str, int] = defaultdict(int)
    total = 0
    for subnet_key in hits.values_list("subnet_key", flat=True):
        total += 1
        if subnet_key:
            per_subnet[subnet_key] += 1
    groups = []
    for subnet_key, n in sorted(per_subnet.items(), key=lambda item: -item[1]):
        signals = _signals(edition).filter(subnet_key=subnet_key)
        count = signals.count()
        if count:
            groups.append(
                Group(
                    kind=HONEYPOT_SUBNET,
                    key=subnet_label(subnet_key),
                    count=count,
                    ballots=_ballots(signals[:GROUP_LIMIT]),
                    detail=subnet_label(subnet_key),
                    hits=n,
                )
            )
    return total, groups


def pending_invalidations(*, edition: Edition) -> list[BallotInvalidation]:
    return list(
        BallotInvalidation.objects.filter(ballot__edition=edition, approved_at__isnull=True)
        .select_related("ballot__nominee", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def review(*, edition: Edition) -> Review:
    hits, honeypot_groups = honeypot_subnets(edition=edition)
    return Review(
        groups=[
            *bursts(edition=edition),
            *fast_proofs(edition=edition),
            *email_domains(edition=edition),
            *honeypot_groups,
        ],
        honeypot_hits=hits,
        pending=pending_invalidations(edition=edition),
    )


def edition_ballots(*, edition: Edition, ids: Iterable[int]) -> list[Ballot]:
    """The edition's ballots among ``ids`` (ids of other editions are silently not there)."""
    return list(Ballot.objects.filter(edition=edition, pk__in=list(ids)).order_by("pk"))
