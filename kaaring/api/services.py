"""Making, revoking and checking organiser tokens; every change is audit-logged."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.accounts.permissions import role_can_change
from kaaring.api.errors import TokenAlreadyRevoked, TokenNameTaken
from kaaring.api.models import ApiToken, TokenScope
from kaaring.audit.services import log_action

# Every secret starts with this, so that a leaked one is easy to recognise (secret scanners,
# logs) and to tell from other credentials.
SECRET_PREFIX = "kaaring_"  # noqa: S105 - a marker, not a secret
# How often ``last_used_at`` is written at most: once a minute keeps a busy integration from
# turning every read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scope: str,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret is never stored and cannot be shown again."""
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name that says what it is used for.")]
    elif len(name) > 100:
        errors["name"] = [_("The name may be at most 100 characters long.")]
    if scope not in TokenScope.values:
        errors["scope"] = [_("Choose whether the token may read only, or read and write.")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry must lie in the future.")]
    if errors:
        raise ValidationError(errors)
    if ApiToken.objects.filter(
        organisation=organisation, name=name, revoked_at__isnull=True
    ).exists():
        raise TokenNameTaken()
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                organisation=organisation,
                name=name,
                scope=scope,
                prefix=secret[: len(SECRET_PREFIX) + 4],
                digest=digest_of(secret),
                created_by=actor,
                expires_at=expires_at,
            )
    except IntegrityError as error:  # the same name made at the same moment
        raise TokenNameTaken() from error
    log_action(
        "api_token.created",
        actor=actor,
        organisation=organisation,
        target=token,
        data={"name": name, "scope": scope, "expires_at": expires_at},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    now = timezone.now()
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )
    if revoked != 1:
        raise TokenAlreadyRevoked()
    token.revoked_at, token.revoked_by = now, actor
    log_action(
        "api_token.revoked",
        actor=actor,
        organisation=token.organisation,
        target=token,
        data={"name": token.name, "scope": token.scope},
    )
    return token


def token_authenticate(secret: str, *, at: dt.datetime | None = None) -> ApiToken | None:
    """The live token with this secret, or ``None``.

    Live: not revoked, not expired, and its maker still an active member of the organisation.
    A token acts for the person who made it, so it never outlasts their place there, and it
    may write only while their role may change things (``may_write``). One query.
    """
    at = at or timezone.now()
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    role = Membership.objects.filter(
        user_id=OuterRef("created_by_id"), organisation_id=OuterRef("organisation_id")
    ).values("role")[:1]
    token = (
        ApiToken.objects.filter(digest=digest_of(secret), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .filter(created_by__is_active=True)
        .annotate(maker_role=Subquery(role))
        .select_related("organisation")
        .first()
    )
    if token is None or token.maker_role is None:
        return None
    token.may_write = token.scope == TokenScope.WRITE and role_can_change(token.maker_role)
    if token.last_used_at is None or token.last_used_at < at - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
        token.last_used_at = at
    return token
