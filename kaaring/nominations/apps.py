from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "kaaring.nominations"
    label = "nominations"
