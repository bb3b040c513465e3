from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaaring.audit.services import acting_as
from kaaring.municipal_stats import services
from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.management.commands._dates import iso_date
from kaaring.municipal_stats.management.commands._progress import import_progress
from kaaring.municipal_stats.management.commands.import_imdi import ALLOW_REPEATS_HELP, report


class Command(BaseCommand):
    help = "Import an SSB table in JSON-stat 2.0 (PxWebApi) from a file or an http(s) URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file_or_url")
        parser.add_argument(
            "--snapshot-date",
            type=iso_date,
            help="YYYY-MM-DD; default: the table's 'updated' date",
        )
        parser.add_argument("--allow-repeats", action="store_true", help=ALLOW_REPEATS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with acting_as("manage.py import_ssb"), import_progress(self.stderr) as progress:
                result = services.ssb_import(
                    location=options["file_or_url"],
                    snapshot_date=options["snapshot_date"],
                    allow_repeats=options["allow_repeats"],
                    progress=progress,
                )
        except StatsImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report(result))
