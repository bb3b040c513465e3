from django.urls import path, register_converter

from kaaring.public.views import pages


class YearConverter:
    regex = "[12][0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(YearConverter, "year")

app_name = "public"
urlpatterns = [
    path("", pages.home, name="home"),
    path("tilgjengelighet/", pages.accessibility, name="accessibility"),
    path("personvern/", pages.privacy, name="privacy"),
]
