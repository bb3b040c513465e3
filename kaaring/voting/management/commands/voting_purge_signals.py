"""Delete the review signals of votes that closed longer ago than the retention (run it daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from kaaring.voting.review_signals import ballot_signals_purge, retention_days


class Command(BaseCommand):
    help = (
        "Delete ballot signals and honeypot hits of editions whose voting closed more than "
        "VOTE_SIGNALS_RETENTION_DAYS ago, and claims of expired proof-of-work challenges. "
        "Ballots are never touched. Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = ballot_signals_purge()
        self.stdout.write(
            f"Deleted the signals of {purged.ballot_signals} ballot(s) and "
            f"{purged.honeypot_hits} honeypot hit(s) (retention {retention_days()} days after "
            f"voting closes), and {purged.proof_of_work_claims} expired proof-of-work claim(s)."
        )
