"""Moving the clock that decides a ballot, for tests at the very edge of the voting window.

On SQLite that clock is the process clock (``kaaring_now()``), which time_machine moves. On
PostgreSQL ``now()`` is the start of the test's transaction; to move it, a schema with its own
``now()`` goes in front of ``pg_catalog`` on the search path for that transaction only, so the
very statement that inserts the ballot reads the chosen instant.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine
from django.db import connection


@contextmanager
def database_clock_at(moment: dt.datetime) -> Iterator[None]:
    with time_machine.travel(moment, tick=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("CREATE SCHEMA IF NOT EXISTS kaaring_test_clock")
                cursor.execute(
                    "CREATE OR REPLACE FUNCTION kaaring_test_clock.now() RETURNS timestamptz "
                    f"LANGUAGE sql AS $$ SELECT '{moment.isoformat()}'::timestamptz $$"
                )
                cursor.execute("SET LOCAL search_path = kaaring_test_clock, public, pg_catalog")
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL search_path = public")
