"""The public read API: what the public site shows, as open data. No token needed.

Reads go through the same selectors as the public pages, so the API shows exactly what they
show and nothing more: editions from their announcement, nominees not withdrawn, results only
from ``results_published_at`` (``results_published`` keeps the embargo), and never feedback.
"""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Router

from kaaring.api import present, schemas
from kaaring.api.envelope import ApiError, error_responses
from kaaring.awards import selectors as awards
from kaaring.awards.models import Award, Edition
from kaaring.municipal_stats import selectors as stats
from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber
from kaaring.results.publication import results_published

router = Router(tags=["open data"])
ERRORS = error_responses(400, 404, 429)


def _award(slug: schemas.NomineeSlug) -> Award:
    found = awards.award_public(slug=slug)
    if found is None:
        raise ApiError("not_found", _("There is no public award with this short name."))
    return found


def _edition(award_slug: str, year: int) -> Edition:
    found = awards.edition_public_by_slug(award_slug=award_slug, year=year)
    if found is None:
        raise ApiError("not_found", _("This award has no public edition for that year."))
    return found


@router.get("/organisations", response={200: list[schemas.OrganisationOut], **ERRORS})
def organisations(request: HttpRequest) -> list[dict[str, object]]:
    """Organisations with at least one award on the public site."""
    return [present.organisation(o) for o in awards.organisations_public()]


@router.get("/organisations/{slug}", response={200: schemas.OrganisationOut, **ERRORS})
def organisation(request: HttpRequest, slug: schemas.OrganisationSlug) -> dict[str, object]:
    found = awards.organisations_public().filter(slug=slug).first()
    if found is None:
        raise ApiError(
            "not_found", _("There is no organisation with public awards at this address.")
        )
    return present.organisation(found)


def _last_modified(response: HttpResponse, at: dt.datetime) -> None:
    """The nominee's "last updated" date, which moves with every change to what it shows."""
    response["Last-Modified"] = http_date(at.timestamp())


@router.get("/awards", response={200: list[schemas.AwardOut], **ERRORS})
def award_list(request: HttpRequest) -> list[dict[str, object]]:
    """Awards with at least one edition on the public site."""
    found = list(awards.awards_public())
    criteria = awards.criteria_of_awards(award_ids=[a.pk for a in found])
    return [present.award(a, criteria[a.pk]) for a in found]


@router.get("/awards/{award}", response={200: schemas.AwardOut, **ERRORS})
def award_detail(request: HttpRequest, award: schemas.AwardSlug) -> dict[str, object]:
    found = _award(award)
    return present.award(found, awards.criteria_of_awards(award_ids=[found.pk])[found.pk])


@router.get("/awards/{award}/editions", response={200: list[schemas.EditionOut], **ERRORS})
def edition_list(request: HttpRequest, award: schemas.AwardSlug) -> list[dict[str, object]]:
    """The award's public editions, newest first: rules, phase and dates."""
    now = timezone.now()
    return [present.edition(e, at=now) for e in awards.editions_public(award=_award(award), at=now)]


@router.get("/awards/{award}/editions/{year}", response={200: schemas.EditionOut, **ERRORS})
def edition_detail(
    request: HttpRequest, award: schemas.AwardSlug, year: schemas.Year
) -> dict[str, object]:
    return present.edition(_edition(award, year), at=timezone.now())


@router.get(
    "/awards/{award}/editions/{year}/nominees",
    response={200: list[schemas.NomineeOut], **ERRORS},
)
def nominee_list(
    request: HttpRequest, response: HttpResponse, award: schemas.AwardSlug, year: schemas.Year
) -> list[dict[str, object]]:
    edition = _edition(award, year)
    nominees = list(awards.nominees_public(edition=edition))
    if nominees:
        _last_modified(response, max(n.content_updated_at for n in nominees))
    return [present.nominee(n, request) for n in nominees]


@router.get(
    "/awards/{award}/editions/{year}/nominees/{slug}",
    response={200: schemas.NomineeOut, **ERRORS},
)
def nominee_detail(
    request: HttpRequest,
    response: HttpResponse,
    award: schemas.AwardSlug,
    year: schemas.Year,
    slug: schemas.NomineeSlug,
) -> dict[str, object]:
    found = awards.nominee_public(edition=_edition(award, year), slug=slug)
    if found is None:
        raise ApiError("not_found", _("This edition has no nominee with this short name."))
    _last_modified(response, found.content_updated_at)
    return present.nominee(found, request)


@router.get(
    "/awards/{award}/editions/{year}/results",
    response={200: schemas.ResultsOut, **ERRORS},
)
def edition_results(
    request: HttpRequest, award: schemas.AwardSlug, year: schemas.Year
) -> dict[str, object]:
    """The published result. Until ``results_published_at`` (and until the jury has recorded a
    winner) this answers 404, exactly as for an edition without a result."""
    edition = _edition(award, year)
    published = results_published(edition=edition)
    if published is None:
        raise ApiError("not_found", _("No result has been published for this edition yet."))
    return present.results(published)


@router.get("/awards/{award}/archive", response={200: list[schemas.ArchiveEntryOut], **ERRORS})
def archive(request: HttpRequest, award: schemas.AwardSlug) -> list[dict[str, object]]:
    """Past editions whose results are public, newest first, with their winner."""
    return [present.archive_entry(e) for e in awards.archive(award=_award(award))]


@router.get("/archive", response={200: list[schemas.ArchiveAllEntryOut], **ERRORS})
def archive_all(request: HttpRequest) -> list[dict[str, object]]:
    """Every award's past editions whose results are public, newest first, with the winner."""
    return [{**present.archive_entry(e), "award": e.award.slug} for e in awards.archive_all()]


@router.get("/municipalities", response={200: list[schemas.MunicipalitySummaryOut], **ERRORS})
def municipality_list(request: HttpRequest) -> list[dict[str, object]]:
    """Today's municipalities, by county and name."""
    return [present.municipality_summary(m) for m in stats.municipalities_current()]


@router.get(
    "/municipalities/{number}",
    response={200: schemas.MunicipalityOut, **error_responses(400, 404, 409, 429)},
)
def municipality_detail(
    request: HttpRequest, number: schemas.MunicipalityNumber
) -> dict[str, object]:
    """A municipality under its current number or any former one (0417 answers with Stange,
    3413), with its code history and every figure under each of its numbers."""
    if not (len(number) in (3, 4) and number.isascii() and number.isdigit()):
        raise ApiError(
            "invalid",
            fields={"path.number": [_("A municipality number has four digits, for example 0301.")]},
        )
    try:
        found = stats.municipality_by_any_number(number)
    except AmbiguousMunicipalityNumber as error:
        raise ApiError(
            "conflict",
            _("Number %(number)s is now divided between %(candidates)s; ask for one of them.")
            % {"number": error.number, "candidates": ", ".join(error.candidates)},
        ) from error
    if found is None:
        raise ApiError("not_found", _("No municipality has had this number."))
    return present.municipality(
        found,
        requested=number.zfill(4),
        codes=stats.municipality_codes(found),
        series=stats.figures_for(found),
    )
