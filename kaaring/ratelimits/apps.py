from django.apps import AppConfig


class RatelimitsConfig(AppConfig):
    name = "kaaring.ratelimits"
    label = "ratelimits"

    def ready(self) -> None:
        from kaaring.ratelimits import checks  # noqa: F401 - registers the system check
