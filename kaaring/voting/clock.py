"""The clock that decides whether a ballot is in time.

A ballot commits only if the database's clock is inside the voting window, checked in the very
statement that inserts it (see ``services.ballot_cast``). On PostgreSQL that clock is
``now()``: the start of the transaction, the same for every statement in it. SQLite runs inside
the web process and has no clock of its own beyond the operating system's; we give it one SQL
function, ``kaaring_now()``, that reads the process clock once per call, formatted exactly like
Django stores aware datetimes in SQLite (UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``), so that text
comparison with stored times is comparison of instants.
"""

import datetime as dt
from typing import Any

from django.utils import timezone


def sqlite_now() -> str:
    return timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def install_sqlite_clock(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("kaaring_now", 0, sqlite_now)


def now_sql(vendor: str) -> str:
    """SQL for the database's clock."""
    return "kaaring_now()" if vendor == "sqlite" else "now()"
