"""The organiser API: an organisation's own data, with a token made in the back office.

A token sees only its own organisation; anything else answers 404, as in the back office, so
the API never confirms that another organisation's edition exists. Writes need a token with
write scope, go through the awards services (validation, transaction, audit entry), and carry
the token's name into the audit log. Nominees change through the API only until voting opens
(or the result is published, for an edition without a vote): the instant is decided by the
database's clock while the edition's row is locked, as for the edition's frozen rules.
"""

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Now
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import ValidationError as PydanticValidationError

from kaaring.api import present, schemas
from kaaring.api.auth import TokenAuth, require_write, token_of
from kaaring.api.envelope import ApiError, error_responses, fields_from_django, fields_from_ninja
from kaaring.api.http import etag_of, json_response
from kaaring.api.models import ApiToken
from kaaring.audit.selectors import audit_entries
from kaaring.audit.services import acting_as
from kaaring.awards import services as award_services
from kaaring.awards.models import Edition, Nominee
from kaaring.awards.selectors import (
    edition_for_organisation,
    editions_for_organisation,
    nominees_for_edition,
)
from kaaring.feedback.selectors import feedback_for

router = Router(tags=["organiser"], auth=TokenAuth())
READ_ERRORS = error_responses(400, 401, 403, 404, 429)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 412, 413, 429)
MAX_IMPORT_ROWS = 500


def _edition(token: ApiToken, award: str, year: int) -> Edition:
    found = edition_for_organisation(organisation=token.organisation, award_slug=award, year=year)
    if found is None:
        raise ApiError("not_found", _("Your organisation has no edition of this award that year."))
    return found


def _nominee(edition: Edition, slug: str, *, lock: bool = False) -> Nominee:
    nominees = nominees_for_edition(edition=edition).filter(slug=slug)
    found = (nominees.select_for_update() if lock else nominees).first()
    if found is None:
        raise ApiError("not_found", _("This edition has no nominee with this short name."))
    found.edition = edition
    return found


def _lock_writable(token: ApiToken, award: str, year: int) -> Edition:
    """The edition, locked for the rest of the transaction, if its nominees may still change."""
    edition = _edition(token, award, year)
    still_open = (
        Edition.objects.select_for_update()
        .filter(pk=edition.pk)
        .filter(Q(voting_opens_at__isnull=True) | Q(voting_opens_at__gt=Now()))
        .filter(Q(results_published_at__isnull=True) | Q(results_published_at__gt=Now()))
        .exists()
    )
    if not still_open:
        raise ApiError("rules_frozen")
    return edition


def _with_etag(request: HttpRequest, data: dict[str, Any], status: int = 200) -> HttpResponse:
    response = json_response(data, status=status)
    response["ETag"] = etag_of(data)
    return response


def _check_if_match(request: HttpRequest, current: dict[str, Any]) -> None:
    header = request.headers.get("If-Match")
    if header is None:
        return
    wanted = parse_etags(header)
    if "*" in wanted:
        return
    etag = etag_of(current)
    if not any(tag.removeprefix("W/") == etag for tag in wanted):
        raise ApiError("precondition_failed")


def _service_error(error: ValidationError | IntegrityError, prefix: str = "body") -> ApiError:
    if isinstance(error, IntegrityError):
        return ApiError("conflict")
    return ApiError("invalid", fields=fields_from_django(error, prefix))


def _nominee_json(request: HttpRequest, nominee: Nominee) -> dict[str, Any]:
    return schemas.NomineeOut.model_validate(present.nominee(nominee, request)).model_dump(
        mode="json"
    )


@router.get("/token", response={200: schemas.TokenOut, **READ_ERRORS})
def whoami(request: HttpRequest) -> dict[str, object]:
    """The token in use: its name, organisation and scope."""
    token = token_of(request)
    return {
        "name": token.name,
        "organisation": token.organisation.slug,
        "scope": token.scope,
        "expires_at": present.oslo(token.expires_at),
    }


@router.get("/editions", response={200: list[schemas.OrganiserEditionOut], **READ_ERRORS})
def edition_list(request: HttpRequest) -> list[dict[str, object]]:
    """Every edition of the organisation's awards, drafts included."""
    now = timezone.now()
    editions = editions_for_organisation(organisation=token_of(request).organisation).annotate(
        nominee_total=Count("nominees")
    )
    return [{**present.edition(e, at=now), "nominee_count": e.nominee_total} for e in editions]


@router.get(
    "/editions/{award}/{year}/nominees", response={200: list[schemas.NomineeOut], **READ_ERRORS}
)
def nominee_list(
    request: HttpRequest, award: schemas.AwardSlug, year: schemas.DraftYear
) -> list[dict[str, object]]:
    """Every nominee of the edition, withdrawn ones included, draft or not."""
    edition = _edition(token_of(request), award, year)
    return [present.nominee(n, request) for n in nominees_for_edition(edition=edition)]


@router.get(
    "/editions/{award}/{year}/nominees/{slug}",
    response={200: schemas.NomineeOut, **READ_ERRORS},
)
def nominee_detail(
    request: HttpRequest,
    award: schemas.AwardSlug,
    year: schemas.DraftYear,
    slug: schemas.NomineeSlug,
) -> HttpResponse:
    """One nominee; its ETag is what ``If-Match`` on a change compares with."""
    nominee = _nominee(_edition(token_of(request), award, year), slug)
    return _with_etag(request, _nominee_json(request, nominee))


@router.post(
    "/editions/{award}/{year}/nominees",
    response={201: schemas.NomineeOut, **WRITE_ERRORS},
)
def nominee_create(
    request: HttpRequest,
    award: schemas.AwardSlug,
    year: schemas.DraftYear,
    payload: schemas.NomineeIn,
) -> HttpResponse:
    token = require_write(request)
    try:
        with transaction.atomic(), acting_as(token.audit_label):
            edition = _lock_writable(token, award, year)
            nominee = award_services.nominee_create(
                actor=None, edition=edition, **payload.model_dump()
            )
    except (ValidationError, IntegrityError) as error:
        raise _service_error(error) from error
    response = _with_etag(request, _nominee_json(request, nominee), status=201)
    response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{nominee.slug}")
    return response


@router.patch(
    "/editions/{award}/{year}/nominees/{slug}",
    response={200: schemas.NomineeOut, **WRITE_ERRORS},
)
def nominee_update(
    request: HttpRequest,
    award: schemas.AwardSlug,
    year: schemas.DraftYear,
    slug: schemas.NomineeSlug,
    payload: schemas.NomineePatch,
) -> HttpResponse:
    """Change some fields of a nominee. Send ``If-Match`` with the ETag you read to be sure
    nobody changed it in between (412 if someone did)."""
    token = require_write(request)
    changes = payload.model_dump(exclude_unset=True)
    if any(value is None for value in changes.values()):
        nulls = [k for k, v in changes.items() if v is None]
        raise ApiError(
            "invalid", fields={f"body.{k}": [_("This field may not be null.")] for k in nulls}
        )
    try:
        with transaction.atomic(), acting_as(token.audit_label):
            edition = _lock_writable(token, award, year)
            nominee = _nominee(edition, slug, lock=True)
            _check_if_match(request, _nominee_json(request, nominee))
            nominee = award_services.nominee_update(actor=None, nominee=nominee, **changes)
    except (ValidationError, IntegrityError) as error:
        raise _service_error(error) from error
    return _with_etag(request, _nominee_json(request, nominee))


def _import(
    request: HttpRequest, award: str, year: int, rows: list[schemas.NomineeIn]
) -> dict[str, list[str]]:
    """Create or update (by slug) every row, all or nothing."""
    token = require_write(request)
    slugs = [row.slug for row in rows]
    duplicates = {s for s in slugs if slugs.count(s) > 1}
    if duplicates:
        raise ApiError(
            "invalid",
            fields={
                f"nominees.{i}.slug": [_("The same short name appears twice in the import.")]
                for i, row in enumerate(rows)
                if row.slug in duplicates
            },
        )
    done: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
    errors: dict[str, list[str]] = {}
    try:
        with transaction.atomic(), acting_as(token.audit_label):
            edition = _lock_writable(token, award, year)
            held_now = nominees_for_edition(edition=edition).filter(slug__in=slugs)
            existing = {n.slug: n for n in held_now}
            for i, row in enumerate(rows):
                fields = row.model_dump()
                try:
                    with transaction.atomic():
                        held = existing.get(row.slug)
                        if held is None:
                            award_services.nominee_create(actor=None, edition=edition, **fields)
                            done["created"].append(row.slug)
                            continue
                        held.edition = edition
                        before = _nominee_json(request, held)
                        award_services.nominee_update(actor=None, nominee=held, **fields)
                        changed = _nominee_json(request, held) != before
                        done["updated" if changed else "unchanged"].append(row.slug)
                except ValidationError as error:
                    errors.update(fields_from_django(error, f"nominees.{i}"))
            if errors:
                raise ApiError("invalid", fields=errors)
    except IntegrityError as error:
        raise ApiError("conflict") from error
    return done


@router.post(
    "/editions/{award}/{year}/import",
    response={200: schemas.ImportOut, **WRITE_ERRORS},
)
def nominee_import(
    request: HttpRequest,
    award: schemas.AwardSlug,
    year: schemas.DraftYear,
    payload: schemas.NomineeImportIn,
) -> dict[str, list[str]]:
    """Create or update many nominees in one transaction: all are saved, or none."""
    return _import(request, award, year, payload.nominees)


CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "A header row with the field names of NomineeIn, then one nominee per "
        "row (UTF-8, separated by commas or semicolons).",
    }
}


@router.post(
    "/editions/{award}/{year}/import.csv",
    response={
        200: schemas.ImportOut,
        **error_responses(400, 401, 403, 404, 409, 412, 413, 415, 429),
    },
    openapi_extra=CSV_BODY,
)
def nominee_import_csv(
    request: HttpRequest, award: schemas.AwardSlug, year: schemas.DraftYear
) -> dict[str, list[str]]:
    """The same import as a CSV file (UTF-8, comma- or semicolon-separated): a header row with
    the field names, then one nominee per row."""
    require_write(request)
    if request.content_type != "text/csv":
        raise ApiError("unsupported_media_type")
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ApiError("bad_request", _("The CSV file is not valid UTF-8.")) from error
    # Spreadsheets set to Norwegian save CSV with semicolons (the comma is the decimal mark).
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    known = set(schemas.NomineeIn.model_fields)
    try:
        header = reader.fieldnames or []
        unknown = [name for name in header if name not in known]
        if unknown:
            raise ApiError(
                "invalid",
                fields={f"header.{name}": [_("This column is unknown.")] for name in unknown},
            )
        raw_rows: list[dict[str, str]] = []
        for row in reader:
            if len(raw_rows) >= MAX_IMPORT_ROWS:
                raise ApiError(
                    "invalid",
                    fields={"body": [_("At most %(n)s rows per import.") % {"n": MAX_IMPORT_ROWS}]},
                )
            if None in row:
                raise ApiError(
                    "invalid",
                    fields={
                        f"nominees.{len(raw_rows)}": [_("The row has more cells than the header.")]
                    },
                )
            raw_rows.append({k: v for k, v in row.items() if v is not None})
    except csv.Error as error:
        raise ApiError("bad_request", _("The CSV file could not be read.")) from error
    if not raw_rows:
        raise ApiError("invalid", fields={"body": [_("The CSV file has no rows.")]})
    rows: list[schemas.NomineeIn] = []
    errors: dict[str, list[str]] = {}
    for i, raw in enumerate(raw_rows):
        try:
            rows.append(schemas.NomineeIn.model_validate(raw))
        except PydanticValidationError as error:
            for key, messages in fields_from_ninja([dict(e) for e in error.errors()]).items():
                errors[f"nominees.{i}.{key}"] = messages
    if errors:
        raise ApiError("invalid", fields=errors)
    return _import(request, award, year, rows)


class PageQuery(schemas.Schema):
    limit: int = 50
    offset: int = 0


def _page(limit: int, offset: int) -> tuple[int, int]:
    errors = {}
    if not 1 <= limit <= 200:
        errors["query.limit"] = [_("Between 1 and 200.")]
    if not 0 <= offset <= 1_000_000:
        errors["query.offset"] = [_("Between 0 and 1000000.")]
    if errors:
        raise ApiError("invalid", fields=errors)
    return limit, offset


@router.get("/feedback", response={200: schemas.FeedbackPage, **READ_ERRORS})
def feedback(request: HttpRequest, page: Query[PageQuery]) -> dict[str, object]:
    """Answers to "Fant du det du lette etter?" on the organisation's pages, newest first."""
    limit, offset = _page(page.limit, page.offset)
    token = token_of(request)
    answers = feedback_for(
        organisations=type(token.organisation).objects.filter(pk=token.organisation_id)
    ).order_by("-created_at", "-id")
    items = [
        {
            "path": a.path,
            "language": a.language,
            "found": a.found,
            "comment": a.comment,
            "created_at": present.oslo(a.created_at),
        }
        for a in answers[offset : offset + limit]
    ]
    return {"count": answers.count(), "limit": limit, "offset": offset, "items": items}


@router.get("/audit-log", response={200: schemas.AuditPage, **READ_ERRORS})
def audit_log(request: HttpRequest, page: Query[PageQuery]) -> dict[str, object]:
    """The organisation's audit log, newest first: who did what, when, and why."""
    limit, offset = _page(page.limit, page.offset)
    entries = audit_entries(organisation=token_of(request).organisation)
    items = [
        {
            "at": present.oslo(e.at),
            "actor": e.actor_label,
            "action": e.action,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "target_label": e.target_label,
            "reason": e.reason,
            "data": e.data if isinstance(e.data, dict) else {"value": e.data},
        }
        for e in entries[offset : offset + limit]
    ]
    return {"count": entries.count(), "limit": limit, "offset": offset, "items": items}
