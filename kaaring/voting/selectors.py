"""Reads of the public vote: receipt checks and the organisers' live view.

Nothing here gives a running total to the public: ``receipt_recorded_at`` answers only "is
this receipt's ballot recorded, and when", and ``vote_rates`` is for the back office.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMinute
from django.utils import timezone

from kaaring.awards.models import Edition, Nominee
from kaaring.voting.models import Ballot, BallotMode

RECEIPT_CHARACTERS = 12


def receipt_normalised(value: str) -> str | None:
    """A receipt as the voter may type it (any case, spaces or dashes) in its stored form."""
    raw = "".join(ch for ch in value.upper() if ch.isalnum())
    if len(raw) != RECEIPT_CHARACTERS:
        return None
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def receipt_recorded_at(*, receipt: str) -> dt.datetime | None:
    """When the ballot with this receipt was recorded, or ``None`` if there is none."""
    code = receipt_normalised(receipt)
    if code is None:
        return None
    return Ballot.objects.filter(receipt=code).values_list("cast_at", flat=True).first()


def ballot_exists(*, edition_id: int, voter_key: str) -> bool:
    """Has this voter a ballot in the edition? (The unique index answers.)"""
    return Ballot.objects.filter(edition_id=edition_id, voter_key=voter_key).exists()


@dataclass(frozen=True)
class RateRow:
    nominee: Nominee
    mode: str
    mode_label: str
    per_minute: list[int]  # oldest first, the last entry is the current minute

    @property
    def total(self) -> int:
        return sum(self.per_minute)

    @property
    def last_10(self) -> int:
        return sum(self.per_minute[-10:])

    @property
    def peak(self) -> int:
        return max(self.per_minute, default=0)


@dataclass(frozen=True)
class VoteRates:
    minutes: int
    until: dt.datetime  # the end of the current minute
    rows: list[RateRow]

    @property
    def peak(self) -> int:
        return max((row.peak for row in self.rows), default=0)


def vote_rates(*, edition: Edition, minutes: int = 60, now: dt.datetime | None = None) -> VoteRates:
    """Ballots per minute per nominee and mode over the last ``minutes``, in two queries."""
    now = now or timezone.now()
    current = now.astimezone(dt.UTC).replace(second=0, microsecond=0)
    first = current - dt.timedelta(minutes=minutes - 1)
    counts = (
        Ballot.objects.filter(edition=edition, cast_at__gte=first)
        .annotate(minute=TruncMinute("cast_at", tzinfo=dt.UTC))
        .values("nominee_id", "mode", "minute")
        .annotate(n=Count("id"))
        .order_by()
    )
    series: dict[tuple[int, str], list[int]] = {}
    for entry in counts:
        index = int((entry["minute"] - first).total_seconds() // 60)
        if 0 <= index < minutes:
            key = (entry["nominee_id"], entry["mode"])
            series.setdefault(key, [0] * minutes)[index] += entry["n"]
    modes = [edition.voting_mode] if edition.voting_mode in BallotMode.values else []
    modes += sorted({mode for _, mode in series} - set(modes))
    labels = dict(BallotMode.choices)
    rows = [
        RateRow(
            nominee=nominee,
            mode=mode,
            mode_label=str(labels.get(mode, mode)),
            per_minute=series.get((nominee.pk, mode), [0] * minutes),
        )
        for nominee in Nominee.objects.filter(edition=edition).order_by("position", "name")
        for mode in modes
    ]
    return VoteRates(minutes=minutes, until=current + dt.timedelta(minutes=1), rows=rows)
