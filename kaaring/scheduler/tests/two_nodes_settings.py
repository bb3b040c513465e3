"""Settings of the scheduler processes in test_two_schedulers: the project's, with a schedule
whose slots come every second, so a few seconds show many slots raced for."""

from config.settings import *  # noqa: F403

KAARING_SCHEDULE = {
    "every_second": (1, "kaaring.scheduler.tasks.sessions_clear_task"),
    "every_two_seconds": (2, "kaaring.results.tasks.results_close_due_task"),
}
