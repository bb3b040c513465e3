from django.apps import AppConfig


class JuryConfig(AppConfig):
    name = "kaaring.jury"
    label = "jury"
