from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "kaaring.feedback"
    label = "feedback"
