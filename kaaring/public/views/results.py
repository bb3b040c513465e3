"""The public results of an edition, and its open data (CSV, JSON), under embargo.

Each view asks ``results_published`` and answers 404 before the embargo lifts, so the pages,
the downloads and any error page say nothing about the outcome until ``results_published_at``.
"""

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kaaring.awards import selectors
from kaaring.municipal_stats.open_data import licence
from kaaring.results.publication import PublishedResults, results_published

# The version of the results downloads' format (docs/open-data.md, "Results"): a reader that
# finds one it does not know should stop rather than guess. A new column or key at the end
# keeps the version; a changed or removed one raises it.
RESULTS_FORMAT_VERSION = "1"


def _results_or_404(award: str, year: int) -> PublishedResults:
    edition = selectors.edition_public_by_slug(award_slug=award, year=year)
    published = results_published(edition=edition) if edition is not None else None
    if published is None:
        raise Http404
    return published


def _and_list(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def results(request: HttpRequest, award: str, year: int) -> HttpResponse:
    published = _results_or_404(award, year)
    edition = published.edition
    return render(
        request,
        "public/results/results.html",
        {
            "award": edition.award,
            "edition": edition,
            "results": published,
            "finalist_names": _and_list([n.name for n in published.finalists]),
        },
    )


def _open_data_headers(response: HttpResponse) -> HttpResponse:
    response["X-Format-Version"] = RESULTS_FORMAT_VERSION
    response["Link"] = f'<{licence().url}>; rel="license"'
    return response


def _data(published: PublishedResults) -> list[dict[str, object]]:
    return [
        {
            "nominee": row.nominee.name,
            "slug": row.nominee.slug,
            "municipality_number": row.nominee.municipality_number,
            "winner": row.is_winner,
            "finalist": row.is_finalist,
            "valid_votes": row.votes,
            "share_percent": row.percent or None,
        }
        for row in published.rows
    ]


def results_csv(request: HttpRequest, award: str, year: int) -> HttpResponse:
    published = _results_or_404(award, year)
    rows = [
        {**row, "licence": licence().code, "format_version": RESULTS_FORMAT_VERSION}
        for row in _data(published)
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["nominee"])
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{published.edition.award.slug}-{published.edition.year}-results.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _open_data_headers(response)


def results_json(request: HttpRequest, award: str, year: int) -> HttpResponse:
    published = _results_or_404(award, year)
    edition = published.edition
    response = JsonResponse(
        {
            "format_version": RESULTS_FORMAT_VERSION,
            "licence": licence().code,
            "award": edition.award.slug,
            "year": edition.year,
            "decision_rule": published.rule,
            "winner": published.winner.name,
            "rationale": str(edition.localized("rationale")),
            "results_published_at": edition.results_published_at,
            "total_valid_votes": published.total_votes,
            "nominees": _data(published),
        },
        json_dumps_params={"ensure_ascii": False},
    )
    return _open_data_headers(response)
