import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaaring.municipal_stats import open_data, selectors
from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber


class Command(BaseCommand):
    help = (
        "Print a municipality's figures as CSV, found by any of its numbers past or present, "
        "or every municipality's (--all); the format is described in docs/open-data.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--municipality", metavar="NUMBER")
        which.add_argument("--all", action="store_true", help="every current municipality")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            rows = selectors.export_rows_all()
        else:
            rows = iter(selectors.export_rows(self._municipality(options["municipality"])))
        try:
            open_data.write_csv(_Lines(self), rows)
        except BrokenPipeError:
            # The reader stopped early (``export_stats … | head``): not an error of ours.
            sys.stderr.close()

    def _municipality(self, number: str) -> Any:
        try:
            municipality = selectors.municipality_by_any_number(number)
        except AmbiguousMunicipalityNumber as exc:
            raise CommandError(str(exc)) from exc
        if municipality is None:
            raise CommandError(f"Unknown municipality number {number}.")
        return municipality


class _Lines:
    """The command's stdout as the csv module wants it: text written as given."""

    def __init__(self, command: BaseCommand) -> None:
        self.command = command

    def write(self, text: str) -> None:
        self.command.stdout.write(text, ending="")
