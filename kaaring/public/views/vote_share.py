"""The embeddable vote button (``voting:embed``): the one page other sites may put in a frame.

Every other response says ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'`` (settings);
this view alone lifts both, so that a nominee can show "Vote for us" on its own website. The
page is a link and nothing else: no form, no cookie, no script, so framing it gives another site
nothing to click on the voter's behalf (clickjacking needs an action to hijack). The vote itself
always happens in a new tab on our own site, where framing is refused again.
"""

from collections.abc import Collection
from typing import cast

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from kaaring.public.rules import voting_state
from kaaring.public.views.vote_common import vote_target_or_404

EMBED_CSP: dict[str, Collection[str] | str] = {
    **cast(dict[str, Collection[str] | str], settings.SECURE_CSP),
    "frame-ancestors": ["*"],
}


def embed_url(request: HttpRequest, *, award: str, year: int, nominee: str) -> str:
    return request.build_absolute_uri(
        reverse("voting:embed", kwargs={"award": award, "year": year, "nominee": nominee})
    )


@require_safe
@xframe_options_exempt
@csp_override(EMBED_CSP)
def embed(request: HttpRequest, award: str, year: int, nominee: str) -> HttpResponse:
    target = vote_target_or_404(award, year, nominee)
    state = voting_state(target.edition, target.nominee, timezone.now())
    if state.state == "none":
        raise Http404
    start = reverse("voting:start", kwargs={"award": award, "year": year, "nominee": nominee})
    return render(
        request,
        "public/vote/embed.html",
        {
            "award": target.edition.award,
            "edition": target.edition,
            "nominee": target.nominee,
            "voting": state,
            "start_url": request.build_absolute_uri(start),
        },
    )
