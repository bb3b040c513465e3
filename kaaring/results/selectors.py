"""Reads of results: the tally that holds now, per nominee."""

import dataclasses

from kaaring.awards import decision_rules
from kaaring.awards.models import Edition, Nominee
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


def rule_inputs(*, edition: Edition) -> decision_rules.base.Inputs:
    """What the edition's rule needs to pick its finalists: the frozen tally's valid votes
    when it uses the public vote (``None`` until frozen), else the nominees in the running.
    Withdrawn nominees are never in either."""
    rule = decision_rules.get(edition.decision_rule)
    if rule.uses_public_vote:
        summary = tally_summary(edition=edition)
        votes = summary.valid_votes() if summary is not None else None
        return decision_rules.base.Inputs(
            settings=edition, nominees=tuple(votes or ()), votes=votes
        )
    ids = Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True).values_list(
        "pk", flat=True
    )
    return decision_rules.base.Inputs(settings=edition, nominees=tuple(ids))


def finalists(*, edition: Edition) -> decision_rules.base.Outcome | None:
    """Who the jury judges, by the edition's declared rule; ``None`` while the votes that
    decide it are not frozen yet."""
    rule = decision_rules.get(edition.decision_rule)
    return rule.finalists(rule_inputs(edition=edition))


def finalist_ids(*, edition: Edition) -> tuple[int, ...]:
    """Nominees the jury may score and name as winner (those tied at a cut the jury settles
    included)."""
    outcome = finalists(edition=edition)
    return outcome.eligible if outcome is not None else ()
