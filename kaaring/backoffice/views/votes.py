"""The organisers' live view of a public vote: ballots per minute per nominee and mode.

Meant for spotting bursts while voting is open (a nominee gaining 200 votes in two minutes
deserves a look), so it shows the last hour minute by minute and nothing to the public. The
table refreshes itself every 10 seconds with htmx; without JavaScript the page has a reload
link.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kaaring.backoffice.access import backoffice_view
from kaaring.backoffice.views.editions import edition_or_404
from kaaring.voting.selectors import RateRow, vote_rates

SPARK_WIDTH = 120
SPARK_HEIGHT = 24


def sparkline_points(values: list[int], peak: int) -> str:
    """SVG polyline points for ``values``, scaled so that ``peak`` touches the top."""
    if not values:
        return ""
    step = SPARK_WIDTH / max(1, len(values) - 1)
    scale = (SPARK_HEIGHT - 2) / peak if peak else 0
    return " ".join(
        f"{i * step:.1f},{SPARK_HEIGHT - 1 - v * scale:.1f}" for i, v in enumerate(values)
    )


@backoffice_view
def vote_dashboard(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    rates = vote_rates(edition=edition)
    rows: list[tuple[RateRow, str]] = [
        (row, sparkline_points(row.per_minute, rates.peak)) for row in rates.rows
    ]
    template = (
        "backoffice/includes/vote_rates.html"
        if request.headers.get("HX-Request")
        else "backoffice/vote_dashboard.html"
    )
    response = render(
        request,
        template,
        {
            "organisation": edition.award.organisation,
            "award": edition.award,
            "edition": edition,
            "rates": rates,
            "rows": rows,
            "peak": rates.peak,
            "now": timezone.now(),
            "spark_width": SPARK_WIDTH,
            "spark_height": SPARK_HEIGHT,
        },
    )
    response["Cache-Control"] = "no-store"
    return response
