from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "kaaring.public"
    label = "public"
