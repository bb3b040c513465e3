from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "kaaring.results"
    label = "results"
