"""Content in three languages: bokmål in the plain field, nynorsk and English beside it.

A field left empty in nynorsk or English falls back to bokmål, and the text says so with its
language, so that a screen reader reads it with the right voice (WCAG 3.1.2).
"""

from dataclasses import dataclass

from django.utils.translation import get_language

FALLBACK_LANGUAGE = "nb"


@dataclass(frozen=True)
class Text:
    text: str
    lang: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def current_language() -> str:
    language = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return language if language in {"nb", "nn", "en"} else FALLBACK_LANGUAGE


class Localized:
    def localized(self, field: str, language: str | None = None) -> Text:
        language = language or current_language()
        if language != FALLBACK_LANGUAGE:
            value = getattr(self, f"{field}_{language}", "")
            if value:
                return Text(value, language)
        return Text(getattr(self, field), FALLBACK_LANGUAGE)
