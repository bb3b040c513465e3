"""Tall og statistikk: /kommuner/ and /kommuner/<number>/ (included inside i18n_patterns)."""

from django.urls import path, re_path

from kaaring.public.views import stats

app_name = "stats"
urlpatterns = [
    path("", stats.index, name="index"),
    # Every municipality's figures in one file (docs/open-data.md).
    path("alle-tall.csv", stats.all_csv, name="all_csv"),
    # Municipality numbers are four digits, past or present (0417 as well as 3413).
    re_path(r"^(?P<number>[0-9]{4})/$", stats.municipality, name="municipality"),
    re_path(r"^(?P<number>[0-9]{4})/tall\.csv$", stats.municipality_csv, name="municipality_csv"),
]
