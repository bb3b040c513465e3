"""The public ballot log of an edition: its live checkpoints and public key, the voter's
inclusion check, and (once the result is published) the whole log as one JSON file.

The inclusion check is shared with the receipt page (``vote.check``) through
``inclusion_context``: the server verifies the proof itself, and the page carries what a browser
needs to verify it again (``static/kaaring/ballotlog.js``), as progressive enhancement.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kaaring.awards import selectors as award_selectors
from kaaring.awards.models import Edition, Nominee, VotingMode
from kaaring.ballotlog import errors, export, leaves
from kaaring.ballotlog import selectors as log_selectors
from kaaring.public.client_ip import client_ip
from kaaring.ratelimits.services import ratelimit_hit
from kaaring.results.publication import results_published
from kaaring.results.selectors import tally_summary


def inclusion_context(receipt: str, edition: Edition | None = None) -> dict[str, Any]:
    """``inclusion`` (with the nominee the leaf names) or ``inclusion_error``: "malformed",
    "unknown", "other_edition" or "pending" (recorded, not in a checkpoint yet)."""
    try:
        inclusion = log_selectors.inclusion_for_receipt(receipt=receipt, edition=edition)
    except errors.ReceiptMalformed:
        return {"inclusion_error": "malformed"}
    except errors.ReceiptUnknown:
        return {"inclusion_error": "unknown"}
    except errors.ReceiptOfAnotherEdition:
        return {"inclusion_error": "other_edition"}
    except errors.NotYetLogged:
        return {"inclusion_error": "pending"}
    nominee_id = int.from_bytes(inclusion.leaf[41:49], "big")
    return {
        "inclusion": inclusion,
        "inclusion_nominee": Nominee.objects.filter(pk=nominee_id).first(),
        "inclusion_mode": leaves.MODE_NAMES.get(inclusion.leaf[49], ""),
        "inclusion_proof": ",".join(p.hex() for p in inclusion.proof),
        "inclusion_award": inclusion.edition.award,
    }


def _edition_or_404(award: str, year: int) -> Edition:
    edition = award_selectors.edition_public_by_slug(award_slug=award, year=year)
    if edition is None or edition.voting_mode == VotingMode.NONE:
        raise Http404
    return edition


@require_safe
def log(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = _edition_or_404(award, year)
    key = log_selectors.public_key(edition=edition)
    context: dict[str, Any] = {
        "award": edition.award,
        "edition": edition,
        "checkpoints": log_selectors.checkpoints_recent(edition=edition),
        "public_key": key.hex() if key else "",
        "downloadable": results_published(edition=edition) is not None,
        "code": request.GET.get("receipt", "").strip()[:40],
    }
    status = 200
    if context["code"]:
        verdict = ratelimit_hit(purpose="receipt_check_per_ip", identifier=client_ip(request))
        if not verdict.allowed:
            context["too_many"] = True
            response = render(request, "public/ballotlog/log.html", context, status=429)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        context.update(inclusion_context(context["code"], edition))
        status = 400 if context.get("inclusion_error") == "malformed" else 200
    return render(request, "public/ballotlog/log.html", context, status=status)


def _published_result(edition: Edition) -> dict[str, Any]:
    summary = tally_summary(edition=edition)
    counts = (
        [
            {"nominee": c.nominee.pk, "mode": mode, "valid": valid}
            for c in summary.counts
            for mode, valid in sorted(c.by_mode.items())
        ]
        if summary is not None
        else []
    )
    return {"winner": edition.winner_id, "counts": counts}


@require_safe
def download(request: HttpRequest, award: str, year: int) -> StreamingHttpResponse:
    """The whole log, once the result is published (docs/ballot-log.md, "The file")."""
    edition = _edition_or_404(award, year)
    if (
        results_published(edition=edition) is None
        or log_selectors.public_key(edition=edition) is None
    ):
        raise Http404
    response = StreamingHttpResponse(
        export.log_export(edition=edition, result=_published_result(edition)),
        content_type="application/json; charset=utf-8",
    )
    filename = f"{edition.award.slug}-{edition.year}-ballot-log.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def public_key(request: HttpRequest, award: str, year: int) -> HttpResponse:
    """The organisation's Ed25519 public key, 32 bytes in hexadecimal."""
    key = log_selectors.public_key(edition=_edition_or_404(award, year))
    if key is None:
        raise Http404
    return HttpResponse(key.hex() + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def latest(request: HttpRequest, award: str, year: int) -> JsonResponse:
    """The latest signed checkpoint (counts of ballots only, never per nominee)."""
    edition = _edition_or_404(award, year)
    checkpoint = log_selectors.checkpoint_latest(edition=edition)
    if checkpoint is None:
        raise Http404
    return JsonResponse(
        {
            "edition": edition.pk,
            "public_key": bytes(checkpoint.key.public_key).hex(),
            "checkpoint": export.checkpoint_data(checkpoint),
        }
    )
