"""Path converters shared by the public URL modules."""

from django.urls import register_converter


class YearConverter:
    regex = "[12][0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(YearConverter, "year")
