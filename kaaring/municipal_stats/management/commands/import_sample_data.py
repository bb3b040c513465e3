from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kaaring.audit.services import acting_as
from kaaring.municipal_stats import services
from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.management.commands._progress import import_progress


class Command(BaseCommand):
    help = "Import every shipped SSB, IMDi and KLASS 131 sample file (municipal_stats/sample_data)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with (
                acting_as("manage.py import_sample_data"),
                import_progress(self.stderr) as progress,
            ):
                done = services.sample_data_import(progress=progress)
        except StatsImportError as exc:
            raise CommandError(str(exc)) from exc
        for name, result in done:
            count = getattr(result, "figures", None)
            if count is None:
                count = f"{result.municipalities} municipalities"
            self.stdout.write(f"{name}: {count}")
