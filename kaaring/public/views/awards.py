"""The award, its editions, nominees and archive: read-only pages for the public.

An edition is public from ``announced_at``; its winner and rationale only from
``results_published_at`` (the embargo). Everything else about a public edition is public.

The edition and nominee pages are the ones a campaign sends everybody to, so they are answered
from rendered copies (``kaaring.public.pagecache``); their views say what the page is at a given
instant (``_edition_page``, ``_nominee_page``), using that instant for every decision the clock
makes, and the cache decides whether a kept copy is still that page.
"""

import datetime as dt
from urllib.parse import quote, urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from kaaring.awards import selectors
from kaaring.awards.models import Award, Edition
from kaaring.municipal_stats import selectors as stats_selectors
from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber
from kaaring.nominations import selectors as nomination_selectors
from kaaring.public import pagecache
from kaaring.public.rules import edition_rules, optional_url, voting_state
from kaaring.public.stats_display import KeyFigureItem, key_figure_items


def _award_or_404(slug: str) -> Award:
    award = selectors.award_public(slug=slug)
    if award is None:
        raise Http404
    return award


def _edition_or_404(award_slug: str, year: int, at: dt.datetime | None = None) -> Edition:
    edition = selectors.edition_public_by_slug(award_slug=award_slug, year=year, at=at)
    if edition is None:
        raise Http404
    return edition


def share_links(*, url: str, title: str) -> list[tuple[str, str]]:
    """Plain share links: no third-party script runs until the visitor follows one."""
    return [
        (
            _("Share on Facebook"),
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        (_("Share on X"), "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        (
            _("Share on LinkedIn"),
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        (
            _("Share by e-mail"),
            f"mailto:?subject={quote(title)}&body={quote(title + chr(10) + chr(10) + url)}",
        ),
    ]


def _embed_snippet(*, url: str, title: str) -> str:
    """The HTML a nominee copies into its own website to show the vote button (voting:embed)."""
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="320" height="110" '
        'style="border:0" loading="lazy"></iframe>'
    )


def _key_figures(number: str) -> list[KeyFigureItem]:
    """Two or three figures about a municipality nominee; none while no figures are imported."""
    try:
        municipality = stats_selectors.municipality_by_any_number(number)
    except AmbiguousMunicipalityNumber:
        return []
    if municipality is None:
        return []
    return key_figure_items(stats_selectors.key_figures(municipality, n=3))


def award(request: HttpRequest, award: str) -> HttpResponse:
    the_award = _award_or_404(award)
    now = timezone.now()
    edition = selectors.edition_current(award=the_award, at=now)
    return render(
        request,
        "public/award.html",
        {
            "award": the_award,
            "edition": edition,
            "phase": edition.phase_at(now) if edition else None,
            "rules": edition_rules(edition) if edition else None,
            "criteria": list(the_award.criteria.all()),
            "has_archive": bool(selectors.archive(award=the_award, at=now)),
        },
    )


def edition(request: HttpRequest, award: str, year: int) -> HttpResponse:
    return pagecache.serve(request, lambda now: _edition_page(award, year, now))


def _edition_page(award: str, year: int, now: dt.datetime) -> pagecache.Page:
    the_edition = _edition_or_404(award, year, now)
    results_public = the_edition.results_public_at(now)
    nominations_open = (
        the_edition.nominations_open_at is not None
        and the_edition.nominations_close_at is not None
        and the_edition.nominations_open_at <= now < the_edition.nominations_close_at
        and nomination_selectors.call_exists(edition_id=the_edition.pk)
    )
    return pagecache.Page(
        the_edition,
        "public/edition.html",
        {
            "award": the_edition.award,
            "edition": the_edition,
            "phase": the_edition.phase_at(now),
            "rules": edition_rules(the_edition),
            "criteria": list(the_edition.award.criteria.all()),
            "nominees": list(selectors.nominees_public(edition=the_edition)),
            # The embargo: nothing about the winner reaches the page before the ceremony.
            "winner": the_edition.winner if results_public else None,
            "results_public": results_public,
            "nominations_open": nominations_open,
            "voting_open": the_edition.voting_open_at(now),
        },
        now,
    )


def nominees(request: HttpRequest, award: str, year: int) -> HttpResponse:
    the_edition = _edition_or_404(award, year)
    return render(
        request,
        "public/nominees.html",
        {
            "award": the_edition.award,
            "edition": the_edition,
            "nominees": list(selectors.nominees_public(edition=the_edition)),
            "voting_open": the_edition.voting_open_at(timezone.now()),
        },
    )


def nominee(request: HttpRequest, award: str, year: int, nominee: str) -> HttpResponse:
    return pagecache.serve(request, lambda now: _nominee_page(request, award, year, nominee, now))


def _nominee_page(
    request: HttpRequest, award: str, year: int, nominee: str, now: dt.datetime
) -> pagecache.Page:
    the_edition = _edition_or_404(award, year, now)
    everyone = list(selectors.nominees_public(edition=the_edition))
    the_nominee = next((n for n in everyone if n.slug == nominee), None)
    if the_nominee is None:
        raise Http404
    stats_url = None
    key_figures: list[KeyFigureItem] = []
    if the_nominee.municipality_number:
        stats_url = optional_url("stats:municipality", number=the_nominee.municipality_number)
        key_figures = _key_figures(the_nominee.municipality_number)
    voting = voting_state(the_edition, the_nominee, now)
    page_url = request.build_absolute_uri(request.path)
    award_name = str(the_edition.award.localized("name"))
    if voting.state == "open":
        share_title = _("Vote for %(name)s!") % {"name": the_nominee.name}
    else:
        share_title = _("%(name)s is nominated for %(award)s %(year)s") % {
            "name": the_nominee.name,
            "award": award_name,
            "year": the_edition.display_year,
        }
    vote_share_url = embed_snippet = ""
    if voting.state == "open":
        names = {"award": award, "year": year, "nominee": the_nominee.slug}
        vote_share_url = request.build_absolute_uri(reverse("voting:start", kwargs=names))
        embed_snippet = _embed_snippet(
            url=request.build_absolute_uri(reverse("voting:embed", kwargs=names)),
            title=_("Vote for %(name)s") % {"name": the_nominee.name},
        )
    return pagecache.Page(
        the_edition,
        "public/nominee.html",
        {
            "award": the_edition.award,
            "edition": the_edition,
            "nominee": the_nominee,
            "others": [n for n in everyone if n.pk != the_nominee.pk],
            "voting": voting,
            "stats_url": stats_url,
            "key_figures": key_figures,
            "page_url": page_url,
            "share_title": share_title,
            "share_links": share_links(url=page_url, title=share_title),
            "vote_share_url": vote_share_url,
            "embed_snippet": embed_snippet,
            "image_url": request.build_absolute_uri(the_nominee.image.url)
            if the_nominee.image
            else "",
        },
        now,
    )


def archive(request: HttpRequest, award: str) -> HttpResponse:
    the_award = _award_or_404(award)
    return render(
        request,
        "public/archive.html",
        {
            "award": the_award,
            "editions": selectors.archive(award=the_award),
        },
    )
