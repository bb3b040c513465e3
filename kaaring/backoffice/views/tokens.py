"""API tokens of an organisation: list, make (the secret is shown once) and revoke.

Anyone of the organisation may see the list (names, scopes, dates, never a secret); making and
revoking need a role that may change things. Both are audit-logged by the token services.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kaaring.accounts.models import Organisation
from kaaring.api.errors import TokenError
from kaaring.api.models import TokenScope
from kaaring.api.selectors import tokens_of
from kaaring.api.services import token_create, token_revoke
from kaaring.backoffice.access import (
    backoffice_view,
    can_change,
    member_user,
    organisation_or_404,
    require_change,
)
from kaaring.backoffice.forms import BackofficeForm

VALID_FOR = [
    ("30", gettext_lazy("30 days")),
    ("90", gettext_lazy("90 days")),
    ("365", gettext_lazy("one year")),
    ("", gettext_lazy("until revoked")),
]


class TokenForm(BackofficeForm):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy(
            "Say what uses it, e.g. “Municipality website”. The audit log names the token."
        ),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=TokenScope.choices,
        widget=forms.RadioSelect,
        initial=TokenScope.READ,
    )
    valid_for = forms.ChoiceField(
        label=gettext_lazy("Valid for"), choices=VALID_FOR, initial="90", required=False
    )

    def expires_at(self) -> dt.datetime | None:
        days = self.cleaned_data.get("valid_for")
        return timezone.now() + dt.timedelta(days=int(days)) if days else None


def _page(
    request: HttpRequest,
    organisation: Organisation,
    form: TokenForm,
    secret: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "backoffice/tokens.html",
        {
            "organisation": organisation,
            "tokens": list(tokens_of(organisation=organisation)),
            "form": form,
            "secret": secret,
            "can_change": can_change(request, organisation),
        },
        status=status,
    )


@never_cache
@backoffice_view
def token_list(request: HttpRequest, organisation: str) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    if request.method != "POST":
        return _page(request, org, TokenForm())
    require_change(request, org)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, org, form, status=400)
    try:
        _token, secret = token_create(
            actor=member_user(request),
            organisation=org,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
    except TokenError as error:
        form.add_error("name", str(error))
        return _page(request, org, form, status=400)
    # Shown in this answer only: it is not stored, and the page is not cached.
    return _page(request, org, TokenForm(), secret=secret)


@require_POST
@backoffice_view
def token_revoke_view(request: HttpRequest, organisation: str, pk: int) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    require_change(request, org)
    token = tokens_of(organisation=org).filter(pk=pk).first()
    if token is None:
        raise Http404
    try:
        token_revoke(actor=member_user(request), token=token)
    except TokenError as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request, _("The token “%(name)s” is revoked and works no more.") % {"name": token.name}
        )
    return redirect("backoffice:tokens", organisation=org.slug)
