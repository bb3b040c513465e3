"""Site-wide template context: the language switcher and the page's other-language versions."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict[str, object]:
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    versions = [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "language_versions": versions,
        "site_name": settings.SITE_NAME,
    }
