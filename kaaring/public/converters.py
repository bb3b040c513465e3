"""Path converters shared by the public URL modules."""

from django.urls import register_converter

from kaaring.awards.models import RESERVED_AWARD_SLUGS


class YearConverter:
    regex = "[12][0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class AwardConverter:
    """An award's short name: a slug that is not one of the site's own first path segments.

    An award can never have such a name (``validate_award_slug``), so refusing them here
    changes no page; it makes every public pattern unambiguous, which lets the busiest pages
    be tried first (config/urls.py) whatever other module uses ``kvittering/`` or ``stem/``."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        if value in RESERVED_AWARD_SLUGS:
            raise ValueError(value)  # not a match: the next pattern is tried
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(YearConverter, "year")
register_converter(AwardConverter, "award")
