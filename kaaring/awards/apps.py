from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "kaaring.awards"
    label = "awards"
