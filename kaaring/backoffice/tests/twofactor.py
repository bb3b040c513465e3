"""Two-factor authentication for test personas, through allauth's own TOTP code."""

import time

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from kaaring.accounts.models import User

TOTP_SECRET = "JBSWY3DPEHPK3PXP"
PERSONA_PASSWORD = "correct horse battery staple"


def totp_code(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_two_factor(user: User) -> User:
    """A verified e-mail address (allauth's log-in needs one) and an authenticator app."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    TOTP.activate(user, TOTP_SECRET)
    return user
