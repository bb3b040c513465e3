"""``manage.py load_demo``: the demo data and demo logins, safe to run again and again."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bar

from kaaring.awards.demo.accounts import PASSWORD, TOTP_SECRET
from kaaring.awards.demo.loader import Progress, demo_load, demo_step_count


class Command(BaseCommand):
    help = (
        "Load the demo: IMDi's Bosettings- og integreringsprisen (archive 2008 to 2023, the 2018 "
        "edition in full, editions in every phase), Stange kommune's integration prize, and "
        "demo staff logins with two-factor authentication. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo logins even when DEBUG is off (never in production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load the demo: DEBUG is off, so this may be a production "
                "database, and the demo logins have a published password and two-factor "
                "secret. Run with DEBUG=1, or pass --force if you are sure."
            )
        if options["verbosity"] < 1:
            demo_load(now=timezone.now())
            return
        with self._progress(demo_step_count()) as progress:
            result = demo_load(now=timezone.now(), progress=progress)
        port = os.environ.get("PORT", "8000")
        out = self.stdout.write
        out(self.style.SUCCESS(f"Demo loaded: {len(result.editions)} editions."))
        out("")
        out(f"Public site:  http://127.0.0.1:{port}/")
        out(f"Back office:  http://127.0.0.1:{port}/backoffice/")
        out("")
        out(f"Logins (password for all: {PASSWORD}):")
        for account in result.accounts:
            out(f"  {account.email:<28} {account.role:<10} {account.organisation}")
        out("")
        out(f"Two-factor: every demo login has a TOTP authenticator with secret {TOTP_SECRET}.")
        out("  Add the secret to any authenticator app, or print the current code with:")
        out(
            '  DEBUG=1 .venv/bin/python manage.py shell -c "from kaaring.awards.demo.accounts '
            'import totp_code; print(totp_code())"'
        )
        out("")
        out("Recovery codes (each works once):")
        for account in result.accounts:
            out(f"  {account.email}: {' '.join(account.recovery_codes)}")

    @contextmanager
    def _progress(self, total: int) -> Iterator[Progress]:
        """A bar with counts on a terminal; elsewhere (a log, a pipe) one plain line per step."""
        if not self.stdout.isatty():
            count = 0

            def line(label: str) -> None:
                nonlocal count
                count += 1
                self.stdout.write(f"[{count}/{total}] {label}")

            yield line
            return
        columns = (
            TextColumn("Loading the demo"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )
        console = Console(file=cast(IO[str], _Unended(self.stdout)))
        with Bar(*columns, console=console, transient=False) as bar:
            task = bar.add_task("", total=total)
            yield lambda label: bar.update(task, advance=1, description=label)


class _Unended:
    """The command's output as a plain stream for rich, which draws the bar with partial lines
    (Django's OutputWrapper ends every write with a newline)."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> int:
        self.wrapper.write(text, ending="")
        return len(text)

    def flush(self) -> None:
        self.wrapper.flush()

    def isatty(self) -> bool:
        return self.wrapper.isatty()
