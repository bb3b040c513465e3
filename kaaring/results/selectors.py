"""Reads of results: the tally that holds now, per nominee."""

import dataclasses

from kaaring.awards.models import DecisionRule, Edition, Nominee
from kaaring.results import rules
from kaaring.results.models import Tally, TallyRow


@dataclasses.dataclass(frozen=True)
class NomineeCount:
    nominee: Nominee
    raw: int
    valid: int
    # Valid votes per voting mode, e.g. {"open": 12}.
    by_mode: dict[str, int]


@dataclasses.dataclass(frozen=True)
class TallySummary:
    tally: Tally
    counts: list[NomineeCount]  # every nominee of the edition, most valid votes first

    @property
    def total_valid(self) -> int:
        return sum(c.valid for c in self.counts)

    @property
    def total_raw(self) -> int:
        return sum(c.raw for c in self.counts)

    def valid_votes(self, *, include_withdrawn: bool = False) -> dict[int, int]:
        return {
            c.nominee.pk: c.valid
            for c in self.counts
            if include_withdrawn or not c.nominee.is_withdrawn
        }


def tally_latest(*, edition: Edition) -> Tally | None:
    return Tally.objects.filter(edition=edition).order_by("-version").first()


def tally_summary(*, edition: Edition) -> TallySummary | None:
    """The latest tally version with a count for every nominee (zero if none); three queries:
    the tally, its rows and the nominees."""
    tally = tally_latest(edition=edition)
    if tally is None:
        return None
    raw: dict[int, int] = {}
    valid: dict[int, int] = {}
    by_mode: dict[int, dict[str, int]] = {}
    rows = TallyRow.objects.filter(tally=tally).values_list(
        "nominee_id", "mode", "raw_count", "valid_count"
    )
    for nominee_id, mode, raw_count, valid_count in rows:
        raw[nominee_id] = raw.get(nominee_id, 0) + raw_count
        valid[nominee_id] = valid.get(nominee_id, 0) + valid_count
        by_mode.setdefault(nominee_id, {})[mode] = valid_count
    counts = [
        NomineeCount(n, raw.get(n.pk, 0), valid.get(n.pk, 0), by_mode.get(n.pk, {}))
        for n in Nominee.objects.filter(edition=edition)
    ]
    counts.sort(key=lambda c: (-c.valid, c.nominee.position, c.nominee.name))
    return TallySummary(tally=tally, counts=counts)


def tally_history(*, edition: Edition) -> list[Tally]:
    return list(Tally.objects.filter(edition=edition).order_by("version"))


def finalists(*, edition: Edition) -> rules.Outcome | None:
    """Who the jury judges: the top N by valid votes (with the declared tie-break) when the
    public vote picks finalists; every nominee still in the running when the jury decides
    alone. ``None`` while the votes that decide it are not frozen yet. Withdrawn nominees are
    never finalists."""
    if edition.decision_rule == DecisionRule.JURY_ONLY:
        ids = [n.pk for n in Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True)]
        return rules.jury_only(ids, {}, verdict=None)
    summary = tally_summary(edition=edition)
    if summary is None:
        return None
    votes = summary.valid_votes()
    if edition.decision_rule == DecisionRule.PUBLIC_ONLY:
        return rules.public_only(votes)
    return rules.finalists_top_n(votes, n=edition.finalist_count, tie_break=edition.tie_break)


def finalist_ids(*, edition: Edition) -> tuple[int, ...]:
    """Nominees the jury may score and name as winner (those tied at a cut the jury settles
    included)."""
    outcome = finalists(edition=edition)
    if outcome is None:
        return ()
    if outcome.open_places or outcome.rule == rules.PUBLIC_ONLY:
        return tuple(dict.fromkeys(outcome.finalists + outcome.tied))
    return outcome.finalists
