"""Demo staff accounts with two-factor authentication already set up.

Every account gets the same password and the same TOTP secret (published in the README, so never
load these outside development), a verified e-mail address (allauth requires one to log in) and
recovery codes. Re-running changes nothing that is already in place, except that a TOTP secret
that differs from the published one is put back.
"""

import time
from dataclasses import dataclass, field
from functools import cache

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.contrib.auth.hashers import make_password

from kaaring.accounts.models import Membership, Organisation, User

PASSWORD = "kaaring-demo-2018"  # noqa: S105 - the published demo password
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - the published demo secret (base32)


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The current code for ``secret``, computed by allauth's own TOTP functions."""
    counter = int(at if at is not None else time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


@dataclass
class DemoAccount:
    email: str
    organisation: str
    role: str
    recovery_codes: list[str] = field(default_factory=list)


@cache
def _password_hash() -> str:
    # Hashing is slow on purpose; one hash serves every demo account in a run.
    return make_password(PASSWORD)


def staff_account_ensure(
    *, email: str, full_name: str, organisation: Organisation, role: str
) -> DemoAccount:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create(email=email, full_name=full_name, password=_password_hash())
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        TOTP.activate(user, TOTP_SECRET)
    elif decrypt(totp.data["secret"]) != TOTP_SECRET:
        totp.data = {**totp.data, "secret": encrypt(TOTP_SECRET)}
        totp.save(update_fields=["data"])
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return DemoAccount(email=email, organisation=organisation.name, role=role, recovery_codes=codes)


def accounts_load(*, imdi: Organisation, stange: Organisation) -> list[DemoAccount]:
    return [
        staff_account_ensure(
            email="arrangor@imdi.example",
            full_name="Arrangør i IMDi (demo)",
            organisation=imdi,
            role=Membership.Role.ORGANISER,
        ),
        staff_account_ensure(
            email="arrangor@stange.example",
            full_name="Arrangør i Stange kommune (demo)",
            organisation=stange,
            role=Membership.Role.ORGANISER,
        ),
        staff_account_ensure(
            email="lesetilgang@imdi.example",
            full_name="Lesetilgang i IMDi (demo)",
            organisation=imdi,
            role=Membership.Role.VIEWER,
        ),
    ]
