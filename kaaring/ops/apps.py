from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What an operator watches: request ids, logs, health, readiness and metrics."""

    name = "kaaring.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from kaaring.ops import checks, requestid  # noqa: F401 - checks registers itself

        requestid.connect_task_signals()
