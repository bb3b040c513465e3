"""Run in a server's environment after ``setup_edition.py``: cast ballots for the edition's
nominees through the vote service, let the deadline pass, and freeze the tally."""

import os
import sys

sys.path.insert(0, os.environ["PYTHONPATH"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from kaaring.awards.models import Edition  # noqa: E402
from kaaring.voting.services import ballot_cast  # noqa: E402

count = int(sys.argv[1])
first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
keep_open = sys.argv[3:] == ["open"]
edition = Edition.objects.get()
nominees = list(edition.nominees.order_by("position").values_list("pk", flat=True))
for n in range(first, first + count):
    ballot_cast(
        edition=edition,
        # Two thirds for the first nominee, a third for the second: a tally with a winner.
        nominee_id=nominees[0] if n % 3 else nominees[1],
        mode="open",
        voter_key=f"voter-{n}",
        submission_key=f"submission-{n}",
    )
if keep_open:
    sys.exit(0)
with connection.cursor() as cursor:
    cursor.execute(
        "UPDATE awards_edition SET voting_closes_at = now() - interval '1 minute', "
        "content_version = content_version + 1"
    )
call_command("results_close_due", verbosity=0)
