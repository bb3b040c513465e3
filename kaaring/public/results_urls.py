"""Published results, namespace ``results`` (helper J): the page and its open data."""

from django.urls import path

import kaaring.public.converters  # noqa: F401 - registers <year:…> and <award:…>
from kaaring.public.views import results

app_name = "results"
urlpatterns = [
    path("<award:award>/<year:year>/resultat/", results.results, name="results"),
    path("<award:award>/<year:year>/resultat.csv", results.results_csv, name="csv"),
    path("<award:award>/<year:year>/resultat.json", results.results_json, name="json"),
]
