"""System check: every purpose named in ``RATELIMIT_OVERRIDES`` exists, so a typo in the
environment stops start-up instead of silently leaving the default limit in force."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def ratelimit_overrides_known(**kwargs: Any) -> list[CheckMessage]:
    from kaaring.ratelimits.services import LIMITS

    return [
        Error(
            f"RATELIMIT_OVERRIDES names the unknown purpose {purpose!r}.",
            hint="Known purposes: " + ", ".join(sorted(LIMITS)),
            id="kaaring.ratelimits.E001",
        )
        for purpose in settings.RATELIMIT_OVERRIDES
        if purpose not in LIMITS
    ]
