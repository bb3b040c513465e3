"""One id per request, carried into the log records of the request and of the tasks it enqueues.

A request keeps the ``X-Request-ID`` a load balancer gave it (when it looks like an id: at most
64 letters, digits and ``._:-``), or gets a new one; the response carries it back. A task
enqueued while a request runs stores the id beside its arguments (``args_kwargs`` of
django-tasks-db's row, which the worker reads only for ``args`` and ``kwargs``), and the worker
puts it back while the task runs, so one grep finds the request and the e-mail it sent.
"""

import contextvars
import re
import uuid
from typing import Any

from django.db.models.signals import pre_save
from django.tasks.signals import task_finished, task_started

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# The key beside "args" and "kwargs" in a stored task's arguments.
TASK_KEY = "request_id"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def current() -> str | None:
    return _current.get()


def from_header(value: str | None) -> str:
    """The incoming id if it is one, else a new one (nothing else from a client is kept)."""
    if value and _VALID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def bind(value: str | None) -> contextvars.Token[str | None]:
    return _current.set(value)


def unbind(token: contextvars.Token[str | None]) -> None:
    _current.reset(token)


def _remember_in_task(sender: type, instance: Any, **kwargs: Any) -> None:
    value = _current.get()
    if value is not None and isinstance(instance.args_kwargs, dict):
        instance.args_kwargs.setdefault(TASK_KEY, value)


def _task_started(sender: type, task_result: Any, **kwargs: Any) -> None:
    stored = getattr(getattr(task_result, "db_result", None), "args_kwargs", None)
    value = stored.get(TASK_KEY) if isinstance(stored, dict) else None
    _current.set(value if isinstance(value, str) and _VALID.fullmatch(value) else None)


def _task_finished(sender: type, task_result: Any, **kwargs: Any) -> None:
    _current.set(None)


def connect_task_signals() -> None:
    from django_tasks_db.models import DBTaskResult

    pre_save.connect(_remember_in_task, sender=DBTaskResult, dispatch_uid="ops.request_id")
    task_started.connect(_task_started, dispatch_uid="ops.request_id")
    task_finished.connect(_task_finished, dispatch_uid="ops.request_id")
