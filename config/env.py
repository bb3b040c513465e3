"""Small helpers that read settings from the environment and fail loudly.

A bad value stops the process at start-up with a message that names the variable, rather than
running with a silently wrong configuration.
"""

import ipaddress
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw!r} is not a whole number."
        ) from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value} must be at least {minimum}."
        )
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_ratelimits(name: str) -> dict[str, tuple[int, int]]:
    """``purpose=count/seconds,…`` as {purpose: (count, seconds)}; empty if unset. Whether each
    purpose exists is checked by the ratelimits app (a system check), which knows them."""
    raw = os.environ.get(name, "").strip()
    found: dict[str, tuple[int, int]] = {}
    for item in (part.strip() for part in raw.split(",") if part.strip()):
        purpose, _, limit = item.partition("=")
        count, _, seconds = limit.partition("/")
        if not (purpose.strip() and count.strip().isdigit() and seconds.strip().isdigit()):
            raise ImproperlyConfigured(
                f"Environment variable {name}: {item!r} is not purpose=count/seconds "
                "(for example vote_open_per_ip=200/600)."
            )
        if int(count) < 1 or int(seconds) < 1:
            raise ImproperlyConfigured(
                f"Environment variable {name}: {item!r} needs a count and seconds of at least 1."
            )
        found[purpose.strip()] = (int(count), int(seconds))
    return found


def env_url(name: str, *, schemes: set[str]) -> str | None:
    """Return the URL in ``name`` if set, after checking its scheme; ``None`` if unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    scheme = urlsplit(raw).scheme
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(
            f"Environment variable {name} has scheme {scheme!r}; expected one of: {allowed}."
        )
    return raw


def email_settings(url: str | None) -> dict[str, dict[str, object]]:
    """Translate ``EMAIL_URL`` into Django's ``MAILERS`` setting (its value).

    ``smtp://user:password@host:25`` (plain), ``smtp+tls://…:587`` (STARTTLS),
    ``smtps://…:465`` (implicit TLS), ``console://`` (print mails; the default in development),
    ``locmem://`` (keep mails in memory, for tests).
    """
    from urllib.parse import unquote

    def mailer(backend: str, **options: object) -> dict[str, dict[str, object]]:
        config: dict[str, object] = {"BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}
        if options:
            config["OPTIONS"] = options
        return {"default": config}

    if url is None:
        return mailer("console")
    parts = urlsplit(url)
    if parts.scheme == "console":
        return mailer("console")
    if parts.scheme == "locmem":
        return mailer("locmem")
    if not parts.hostname:
        raise ImproperlyConfigured("Environment variable EMAIL_URL has no host name.")
    default_ports = {"smtp": 25, "smtp+tls": 587, "smtps": 465}
    if parts.scheme not in default_ports:
        raise ImproperlyConfigured(
            f"Environment variable EMAIL_URL has scheme {parts.scheme!r}; expected one of: "
            "console, locmem, smtp, smtp+tls, smtps."
        )
    default_port = default_ports[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured("Environment variable EMAIL_URL has an invalid port.") from None
    return mailer(
        "smtp",
        host=parts.hostname,
        port=port,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=parts.scheme == "smtp+tls",
        use_ssl=parts.scheme == "smtps",
        timeout=10,
    )


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated IPs or CIDRs as networks (an address is a network of one)."""
    found = []
    for item in env_list(name, []):
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"Environment variable {name}: {item!r} is not an IP address or a network "
                "such as 10.0.0.0/8."
            ) from None
    return found


# Django's own measure of a weak key (its check security.W009), refused rather than warned
# about when DEBUG is off.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5


def secret_key_checked(value: str, *, name: str = "SECRET_KEY") -> str:
    """``value`` if it is long and varied enough to sign sessions and links, else refuse."""
    if (
        len(value) < SECRET_KEY_MIN_LENGTH
        or len(set(value)) < SECRET_KEY_MIN_UNIQUE
        or value.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            f"Environment variable {name} is too weak: it must be at least "
            f"{SECRET_KEY_MIN_LENGTH} characters with at least {SECRET_KEY_MIN_UNIQUE} "
            "different ones, and random (for example: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    return value
