"""Tall og statistikk: an index of municipalities and a page of figures per municipality.

A municipality is found by any of its numbers, past or present; an old number answers with a
permanent redirect to the current one, so that links and bookmarks from before a reform keep
working and search engines learn the new address.
"""

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaaring.municipal_stats import open_data, selectors
from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber
from kaaring.municipal_stats.models import Municipality
from kaaring.public.stats_display import key_figure_items, theme_blocks

MAX_QUERY_LENGTH = 100


def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = selectors.municipality_search(query, limit=50) if query else None
    counties: list[tuple[str, list[Municipality]]] = []
    if results is None:
        for municipality in selectors.municipalities_current():
            if not counties or counties[-1][0] != municipality.county_name:
                counties.append((municipality.county_name, []))
            counties[-1][1].append(municipality)
    return render(
        request,
        "public/stats/index.html",
        {
            "query": query,
            "results": results,
            "counties": counties,
            "licence": open_data.licence(),
        },
    )


def _resolve(request: HttpRequest, number: str, view: str) -> Municipality | HttpResponse:
    """The municipality for ``number``, or the response that replaces the page."""
    try:
        municipality = selectors.municipality_by_any_number(number)
    except AmbiguousMunicipalityNumber as exc:
        return render(
            request,
            "public/stats/ambiguous.html",
            {
                "number": exc.number,
                "candidates": selectors.municipalities_by_numbers(exc.candidates),
            },
        )
    if municipality is None:
        raise Http404(_("No municipality has had this number."))
    if municipality.number != number:
        return redirect(view, number=municipality.number, permanent=True)
    return municipality


def municipality(request: HttpRequest, number: str) -> HttpResponse:
    found = _resolve(request, number, "stats:municipality")
    if isinstance(found, HttpResponse):
        return found
    series = selectors.figures_for(found)
    return render(
        request,
        "public/stats/municipality.html",
        {
            "municipality": found,
            "former_codes": [
                c for c in selectors.municipality_codes(found) if c.code != found.number
            ],
            "key_figures": key_figure_items(selectors.key_figures(found, n=4, series=series)),
            "themes": theme_blocks(found, series),
            "licence": open_data.licence(),
        },
    )


def _csv_headers(response: HttpResponse | StreamingHttpResponse, name: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    licence = open_data.licence()
    # The format and the licence, for a reader that looks before it parses (docs/open-data.md).
    response["Link"] = f'<{licence.url}>; rel="license"'
    response["X-Format-Version"] = open_data.FORMAT_VERSION


def municipality_csv(request: HttpRequest, number: str) -> HttpResponse:
    found = _resolve(request, number, "stats:municipality_csv")
    if isinstance(found, HttpResponse):
        return found
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    _csv_headers(response, f"tall-{found.number}.csv")
    open_data.write_csv(response, selectors.export_rows(found))
    return response


def all_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every current municipality's figures in one file, streamed a municipality at a time."""
    response = StreamingHttpResponse(
        open_data.csv_chunks(selectors.export_rows_all()), content_type="text/csv; charset=utf-8"
    )
    _csv_headers(response, "tall-alle-kommuner.csv")
    return response
