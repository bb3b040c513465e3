from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kaaring.api"
    label = "api"
    verbose_name = "API"
