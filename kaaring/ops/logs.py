"""Structured logs: one JSON object per line, with the request id, and no personal data.

Log messages are written without personal data in the first place (docs/decisions/0003); the
formatter is the second line of defence: anything shaped like an e-mail address, in the message
or in a traceback, is replaced before the line is written.
"""

import datetime as dt
import json
import logging
import re
from typing import Any

from kaaring.ops import requestid

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
REDACTED = "[e-mail]"
# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}
# ``extra=`` fields that are written out; others (such as Django's ``request``) are not, since
# they may carry addresses, paths with tokens or cookies.
FIELDS = ("method", "route", "status", "duration_ms", "task", "dependency")


def redact(text: str) -> str:
    return _EMAIL.sub(REDACTED, text)


class RequestIdFilter(logging.Filter):
    """Puts the current request's (or task's) id on every record, for any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = requestid.current()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or requestid.current()
        if request_id:
            entry["request_id"] = request_id
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For development: readable lines, with the same redaction and the request id."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = requestid.current()
        return redact(super().format(record))
