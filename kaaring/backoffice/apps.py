from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "kaaring.backoffice"
    label = "backoffice"
