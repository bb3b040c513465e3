"""The schedule in settings, read and checked: ``KAARING_SCHEDULE = {name: (seconds, path)}``.

``path`` is the dotted path of a task (``django.tasks.task``); ``seconds`` how often it runs.
Slots are aligned on the Unix epoch in UTC, so every node computes the same slot starts: a job
every 60 s has slots at each whole minute, a daily one at 00:00 UTC.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.tasks import Task
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Job:
    name: str
    every: int  # seconds
    task: Task[Any, Any]

    def slot_start(self, now: dt.datetime) -> dt.datetime:
        """The start of the slot ``now`` falls in."""
        seconds = int(now.timestamp()) // self.every * self.every
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)

    def next_slot_start(self, now: dt.datetime) -> dt.datetime:
        return self.slot_start(now) + dt.timedelta(seconds=self.every)


def _job(name: object, entry: object) -> Job:
    where = f"KAARING_SCHEDULE[{name!r}]"
    if not isinstance(name, str) or not name or len(name) > 100:
        raise ImproperlyConfigured(f"{where}: a job's name is a string of 1 to 100 characters.")
    if not (isinstance(entry, tuple | list) and len(entry) == 2):
        raise ImproperlyConfigured(f"{where} must be (seconds, 'dotted.path.of.a_task').")
    every, path = entry
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise ImproperlyConfigured(f"{where}: {every!r} is not a whole number of seconds >= 1.")
    if not isinstance(path, str):
        raise ImproperlyConfigured(f"{where}: the task path {path!r} is not a dotted path.")
    try:
        found = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"{where}: there is no task at {path!r} ({error}).") from None
    if not isinstance(found, Task):
        raise ImproperlyConfigured(
            f"{where}: {path!r} is not a task (a function decorated with django.tasks.task)."
        )
    return Job(name=name, every=every, task=found)


def schedule_read(raw: object | None = None) -> list[Job]:
    """Every job of the schedule (settings' unless given), or ImproperlyConfigured naming the
    entry that is wrong."""
    if raw is None:
        raw = getattr(settings, "KAARING_SCHEDULE", {})
    if not isinstance(raw, dict):
        raise ImproperlyConfigured("KAARING_SCHEDULE must be a dict of name: (seconds, path).")
    return [_job(name, entry) for name, entry in raw.items()]
