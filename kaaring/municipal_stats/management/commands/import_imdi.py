from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaaring.audit.services import acting_as
from kaaring.municipal_stats import services
from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.management.commands._dates import iso_date
from kaaring.municipal_stats.management.commands._progress import import_progress

ALLOW_REPEATS_HELP = (
    "accept a figure given twice with the same value (reported); without it the file is refused"
)


def report(result: services.FiguresImported) -> str:
    snapshot = result.snapshot
    done = "unchanged, already imported" if result.unchanged else f"{result.figures} figures"
    lines = [f"{snapshot.source} ({snapshot.snapshot_date}): {done}."]
    lines += [f"  skipped {count} x {what}" for what, count in sorted(result.skipped.items())]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Import an IMDi CSV table (ISO-8859-1 or UTF-8; wide or long layout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--snapshot-date",
            type=iso_date,
            help="YYYY-MM-DD; default: from the file name (…-160322.csv) or the sample manifest",
        )
        parser.add_argument("--allow-repeats", action="store_true", help=ALLOW_REPEATS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with acting_as("manage.py import_imdi"), import_progress(self.stderr) as progress:
                result = services.imdi_import(
                    path=options["file"],
                    snapshot_date=options["snapshot_date"],
                    allow_repeats=options["allow_repeats"],
                    progress=progress,
                )
        except StatsImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report(result))
