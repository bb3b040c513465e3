from django.apps import AppConfig


class RatelimitsConfig(AppConfig):
    name = "kaaring.ratelimits"
    label = "ratelimits"
