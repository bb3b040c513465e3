"""Run in the server's environment: migrate, create the cache table, and add one organisation,
award and edition with open voting (one process instead of three saves seconds per server)."""

import datetime as dt
import os
import sys

sys.path.insert(0, os.environ["PYTHONPATH"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from kaaring.accounts.models import Organisation  # noqa: E402
from kaaring.awards import services  # noqa: E402

call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable", verbosity=0)
now = timezone.now()
imdi = Organisation.objects.create(name="IMDi", slug="imdi", kind="directorate")
award = services.award_create(
    actor=None, organisation=imdi, slug="bosettingsprisen", name="Pris", description="En pris."
)
edition = services.edition_create(
    actor=None,
    award=award,
    year=2018,
    announced_at=now - dt.timedelta(days=30),
    voting_opens_at=now - dt.timedelta(days=1),
    voting_closes_at=now + dt.timedelta(days=7),
    voting_mode="open",
    finalist_count=3,
    tie_break="all_tied_advance",
    decision_rule="top_n_then_jury",
)
for position, name in enumerate(["Stange", "Asker"], start=1):
    services.nominee_create(
        actor=None, edition=edition, slug=name.lower(), kind="municipality", name=name,
        municipality_number=str(3400 + position), position=position,
    )  # fmt: skip
