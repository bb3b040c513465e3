"""What the public may see of an edition's outcome, and from when (the embargo).

Nothing before ``results_published_at`` (by the application's clock, the same instant the
edition page uses), and nothing until a winner is recorded: the jury's verdict sets it. So a
ceremony date that arrives before the jury has decided publishes nothing, rather than a
half-finished result. Vote counts and shares go out only if the organiser chose so.
"""

import dataclasses
import datetime as dt
from fractions import Fraction

from django.utils import timezone

from kaaring.awards import decision_rules
from kaaring.awards.models import Edition, Nominee
from kaaring.results.selectors import finalists, tally_summary


@dataclasses.dataclass(frozen=True)
class ResultRow:
    nominee: Nominee
    is_winner: bool
    is_finalist: bool
    votes: int | None  # None when counts are not published
    share: Fraction | None

    @property
    def percent(self) -> str:
        return "" if self.share is None else f"{float(self.share) * 100:.1f}"


@dataclasses.dataclass(frozen=True)
class PublishedResults:
    edition: Edition
    winner: Nominee
    rule: str
    rows: list[ResultRow]
    show_vote_counts: bool
    total_votes: int | None
    # The finalists, winner first, where the rule picks finalists and they are known.
    finalists: list[Nominee] = dataclasses.field(default_factory=list)


def results_published(
    *, edition: Edition, at: dt.datetime | None = None
) -> PublishedResults | None:
    at = at or timezone.now()
    winner = edition.winner if edition.results_public_at(at) else None
    if winner is None:
        return None
    summary = tally_summary(edition=edition)
    picks = decision_rules.get(edition.decision_rule).picks_finalists
    outcome = finalists(edition=edition) if picks else None
    finalist_set = set(outcome.finalists + outcome.tied) if outcome else set()
    show = edition.show_vote_counts and summary is not None
    total = summary.total_valid if summary is not None else 0
    counts = {c.nominee.pk: c.valid for c in summary.counts} if summary else {}
    nominees = list(Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True))
    nominees.sort(key=lambda n: (n.pk != winner.pk, n.pk not in finalist_set, -counts.get(n.pk, 0)))
    rows = [
        ResultRow(
            nominee=n,
            is_winner=n.pk == winner.pk,
            is_finalist=picks and (n.pk in finalist_set or n.pk == winner.pk),
            votes=counts.get(n.pk, 0) if show else None,
            share=(Fraction(counts.get(n.pk, 0), total) if total else Fraction(0))
            if show
            else None,
        )
        for n in nominees
    ]
    return PublishedResults(
        edition=edition,
        winner=winner,
        rule=edition.decision_rule,
        rows=rows,
        show_vote_counts=show,
        total_votes=total if show else None,
        finalists=[row.nominee for row in rows if row.is_finalist] if finalist_set else [],
    )
