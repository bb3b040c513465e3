from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaaring.awards.models import Edition
from kaaring.ballotlog import services


class Command(BaseCommand):
    help = (
        "Sign a ballot log checkpoint of every edition being voted on (or of one edition), "
        "the final one once its voting has closed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--edition", type=int, help="only this edition (its id)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["edition"] is not None:
            if not Edition.objects.filter(pk=options["edition"]).exists():
                raise CommandError(f"There is no edition with id {options['edition']}.")
            made = services.checkpoint_make(edition_id=options["edition"])
            checkpoints = [made] if made is not None else []
        else:
            checkpoints = services.checkpoints_due()
        for checkpoint in checkpoints:
            self.stdout.write(
                f"edition {checkpoint.edition_id}: checkpoint {checkpoint.sequence}, "
                f"{checkpoint.size} ballots{' (final)' if checkpoint.final else ''}"
            )
        if not checkpoints:
            self.stdout.write("no new ballots")
