"""Published results, namespace ``results`` (helper J): the page and its open data."""

from django.urls import path

import kaaring.public.converters  # noqa: F401 - registers <year:…>
from kaaring.public.views import results

app_name = "results"
urlpatterns = [
    path("<slug:award>/<year:year>/resultat/", results.results, name="results"),
    path("<slug:award>/<year:year>/resultat.csv", results.results_csv, name="csv"),
    path("<slug:award>/<year:year>/resultat.json", results.results_json, name="json"),
]
