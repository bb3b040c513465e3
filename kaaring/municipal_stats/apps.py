from django.apps import AppConfig


class MunicipalStatsConfig(AppConfig):
    name = "kaaring.municipal_stats"
    label = "municipal_stats"
