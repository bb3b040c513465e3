"""``manage.py check`` (and so every deploy check) refuses a schedule the scheduler would."""

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from kaaring.scheduler.schedule import schedule_read


@checks.register()
def schedule_check(**kwargs: Any) -> list[checks.CheckMessage]:
    try:
        schedule_read()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="scheduler.E001")]
    return []
