from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaaring.audit.services import acting_as
from kaaring.municipal_stats import services
from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.management.commands._progress import import_progress


class Command(BaseCommand):
    help = (
        "Import municipalities from SSB KLASS 131 JSON: one or more versions and the change table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with (
                acting_as("manage.py import_municipalities"),
                import_progress(self.stderr, rows="items") as progress,
            ):
                result = services.municipalities_import(paths=options["files"], progress=progress)
        except StatsImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.municipalities} municipalities, {result.codes} numbers past and present."
        )
