from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "kaaring.scheduler"
    label = "scheduler"
    verbose_name = "Scheduler"

    def ready(self) -> None:
        from kaaring.scheduler import checks  # noqa: F401 - registers the schedule's check
