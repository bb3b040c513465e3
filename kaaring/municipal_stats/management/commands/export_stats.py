import csv
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaaring.municipal_stats import selectors
from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber

COLUMNS = ["indicator", "period", "value", "unit", "status", "source", "snapshot date"]


class Command(BaseCommand):
    help = "Print a municipality's figures as CSV, found by any of its numbers past or present."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, metavar="NUMBER")

    def handle(self, *args: Any, **options: Any) -> None:
        number = options["municipality"]
        try:
            municipality = selectors.municipality_by_any_number(number)
        except AmbiguousMunicipalityNumber as exc:
            raise CommandError(str(exc)) from exc
        if municipality is None:
            raise CommandError(f"Unknown municipality number {number}.")
        try:
            self._write(municipality)
        except BrokenPipeError:
            # The reader stopped early (``export_stats … | head``): not an error of ours.
            sys.stderr.close()

    def _write(self, municipality: Any) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        # Beyond the seven documented columns: the dimensions (e.g. kjonn=alle) and the number the
        # source used, without which rows of one indicator and period cannot be told apart.
        writer.writerow([*COLUMNS, "dimensions", "region"])
        for row in selectors.export_rows(municipality):
            writer.writerow(
                [
                    row.indicator,
                    row.period,
                    row.value,
                    row.unit,
                    row.status,
                    row.source,
                    row.snapshot_date.isoformat(),
                    row.dimensions,
                    row.region,
                ]
            )
