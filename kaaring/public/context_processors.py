"""Site-wide template context: the language switcher and the page's other-language versions.

Paths are the same words in every language (only the prefix differs: none for bokmål, /nn/,
/en/), so a page's version in another language is the same path under that prefix. Swapping
the prefix also works for pages that resolve to nothing, such as a 404 page.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.utils.translation import get_language

OG_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


def _unprefixed(path: str, current: str) -> str:
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        return path[len(current) + 1 :]
    return path


def _prefixed(path: str, code: str) -> str:
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def _absolute(request: HttpRequest, path: str) -> str:
    """The address with scheme and host; just the path on the error page for a request whose
    host is not ours (that page must not fail in its turn: 400, not 500)."""
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return path


def site(request: HttpRequest) -> dict[str, object]:
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    base = _unprefixed(request.get_full_path(), current)
    versions = [
        {
            "code": code,
            "name": name,
            "url": _prefixed(base, code),
            "absolute_url": _absolute(request, _prefixed(base, code)),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "language_versions": versions,
        "default_version": versions[0],
        "og_locale": OG_LOCALES.get(current, "nb_NO"),
        "og_locale_alternates": [v for c, v in OG_LOCALES.items() if c != current],
        "site_name": settings.SITE_NAME,
    }
