"""Logs are one JSON object per line, with the request id, and never an e-mail address."""

import json
import logging
import sys

from kaaring.ops import requestid
from kaaring.ops.logs import JsonFormatter, RequestIdFilter, TextFormatter


def _record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.makeLogRecord(
        {"name": "kaaring.test", "levelno": logging.WARNING, "levelname": "WARNING",
         "msg": message, "args": args, **extra}
    )  # fmt: skip
    RequestIdFilter().filter(record)
    return record


def test_a_line_is_json_with_time_level_logger_message_and_request_id() -> None:
    token = requestid.bind("abc123")
    try:
        line = json.loads(JsonFormatter().format(_record("closed %d editions", 2)))
    finally:
        requestid.unbind(token)

    assert line["message"] == "closed 2 editions"
    assert line["level"] == "WARNING"
    assert line["logger"] == "kaaring.test"
    assert line["request_id"] == "abc123"
    assert line["time"].endswith("+00:00")


def test_an_email_address_never_reaches_the_log() -> None:
    try:
        raise ValueError("no mailbox kari.nordmann+stem@example.no")
    except ValueError:
        record = _record("sending to %s", "ola@example.com", exc_info=sys.exc_info())

    json_line = JsonFormatter().format(record)
    text_line = TextFormatter().format(record)

    for line in (json_line, text_line):
        assert "example.com" not in line
        assert "kari.nordmann" not in line
        assert "[e-mail]" in line
    assert "ValueError" in json.loads(json_line)["exception"]


def test_only_known_extra_fields_are_written() -> None:
    record = _record("GET", status=200, route="public:home", request=object(), cookie="s=1")

    line = json.loads(JsonFormatter().format(record))

    assert line["status"] == 200
    assert line["route"] == "public:home"
    assert "request" not in line
    assert "cookie" not in line
