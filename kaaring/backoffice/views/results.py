"""The organisers' view of an edition's result: the tally that holds, every version of it with
what changed and why, the declared rule's outcome (finalists, tie-break, weighted breakdown) and
the jury's verdict. Read-only: the tally changes only through approved invalidations (review)
and the verdict only in the jury room. Members of the organisation only; others get a 404.
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kaaring.awards.decision_rules.base import RuleInputError
from kaaring.awards.models import Nominee
from kaaring.backoffice.access import backoffice_view
from kaaring.backoffice.views.editions import edition_or_404
from kaaring.jury import errors as jury_errors
from kaaring.jury.models import Verdict
from kaaring.jury.selectors import edition_outcome
from kaaring.results.models import TallyRow
from kaaring.results.selectors import finalists, tally_history, tally_latest


@dataclass(frozen=True)
class BreakdownRow:
    nominee: str
    votes: int
    public_percent: str
    jury_score: str
    jury_percent: str
    combined_percent: str


def _percent(value: Fraction) -> str:
    return f"{float(value) * 100:.1f}"


def _changes(changes: list[dict[str, Any]], names: dict[int, str]) -> list[dict[str, Any]]:
    return [
        {
            "nominee": names.get(c.get("nominee", 0), str(c.get("nominee"))),
            "mode": c.get("mode", ""),
            "raw": c.get("raw", ["", ""]),
            "valid": c.get("valid", ["", ""]),
        }
        for c in changes
    ]


@backoffice_view
def results_page(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    names = {n.pk: n.name for n in Nominee.objects.filter(edition=edition)}
    latest = tally_latest(edition=edition)
    rows = (
        list(
            TallyRow.objects.filter(tally=latest)
            .select_related("nominee")
            .order_by("-valid_count", "nominee__position", "nominee__name", "mode")
        )
        if latest
        else []
    )
    history = [
        (tally, _changes(tally.changes, names))
        for tally in reversed(tally_history(edition=edition))
    ]
    verdict = Verdict.objects.filter(edition=edition).select_related("winner").first()
    selection = finalists(edition=edition)
    outcome = None
    outcome_error = ""
    try:
        outcome = edition_outcome(edition=edition, verdict=verdict.winner_id if verdict else None)
    except jury_errors.JuryError as error:
        outcome_error = str(error)
    except RuleInputError:
        # The verdict no longer fits the rule (e.g. an invalidation moved the finalist cut).
        outcome_error = "verdict-mismatch"
    breakdown = [
        BreakdownRow(
            nominee=names.get(share.nominee, str(share.nominee)),
            votes=share.votes,
            public_percent=_percent(share.public_share),
            jury_score="" if share.jury_score is None else f"{float(share.jury_score):.2f}",
            jury_percent=_percent(share.jury_share),
            combined_percent=_percent(share.combined),
        )
        for share in (outcome.breakdown if outcome else ())
    ]
    context = {
        "organisation": edition.award.organisation,
        "award": edition.award,
        "edition": edition,
        "latest": latest,
        "rows": rows,
        "history": history,
        "selection": selection,
        "finalist_names": [names.get(pk, "") for pk in selection.finalists] if selection else [],
        "tied_names": [names.get(pk, "") for pk in selection.tied] if selection else [],
        "outcome": outcome,
        "outcome_error": outcome_error,
        "outcome_winner": names.get(outcome.winner) if outcome and outcome.winner else "",
        "outcome_tied": [names.get(pk, "") for pk in outcome.tied] if outcome else [],
        "breakdown": breakdown,
        "verdict": verdict,
    }
    response = render(request, "backoffice/results.html", context)
    response["Cache-Control"] = "no-store"
    return response
