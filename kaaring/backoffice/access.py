"""Who gets into the back office, and how a view finds the things a user may see.

Every back-office view is wrapped in ``backoffice_view``: the visitor must be logged in, be a
member of at least one organisation, and have two-factor authentication set up. Inside, a view
looks things up only among the user's own organisations; anything else is a 404, so that the
back office never confirms that another organisation's award or edition exists.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kaaring.accounts import permissions
from kaaring.accounts.models import Organisation, User
from kaaring.accounts.selectors import organisations_for_user

View = Callable[..., HttpResponse]


def backoffice_view(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = member_user(request)
        if not organisations_for_user(user=user).exists():
            raise PermissionDenied(_("Your account is not a member of any organisation."))
        if not is_mfa_enabled(user):
            messages.warning(
                request,
                _(
                    "The back office holds other people's data, so it needs two-factor "
                    "authentication. Set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper


def member_user(request: HttpRequest) -> User:
    """The logged-in user (``backoffice_view`` has made sure there is one)."""
    return cast(User, request.user)


def organisation_or_404(request: HttpRequest, slug: str) -> Organisation:
    organisation = organisations_for_user(user=member_user(request)).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def can_change(request: HttpRequest, organisation: Organisation) -> bool:
    return permissions.can_change_organisation(member_user(request), organisation)


def require_change(request: HttpRequest, organisation: Organisation) -> None:
    """Refuse a change from a member who may only read (the viewer role)."""
    if not can_change(request, organisation):
        raise PermissionDenied(
            _("Your role in %(organisation)s lets you read, not change.")
            % {"organisation": organisation}
        )
