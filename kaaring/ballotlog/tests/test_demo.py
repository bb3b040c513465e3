"""The demo: the published 2018 edition has its log, and it verifies; the open one is live."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaaring.awards.demo.loader import demo_load
from kaaring.awards.models import Edition
from kaaring.ballotlog.models import Checkpoint
from kaaring.ballotlog.tests.logfile import verifier

pytestmark = pytest.mark.django_db


def test_the_2018_log_downloads_and_verifies_and_the_open_edition_has_a_checkpoint(
    client: Client,
) -> None:
    now = timezone.now()
    demo_load(now=now, with_accounts=False)
    demo_load(now=now, with_accounts=False)  # idempotent
    edition = Edition.objects.get(award__slug="bosettingsprisen", year=2018)
    sizes = list(
        Checkpoint.objects.filter(edition=edition).order_by("sequence").values_list("size", "final")
    )
    assert sizes == [(300, False), (900, False), (1500, False), (1856, True)]
    response = client.get(reverse("ballotlog:download", args=["bosettingsprisen", 2018]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    out: list[str] = []
    assert verifier().verify(io.BytesIO(data), out.append) == 0, "\n".join(out)
    assert any(line.startswith("Bærum") and line.split()[-1] == "412" for line in out)
    live = Checkpoint.objects.filter(edition__voting_closes_at__gt=now).exclude(edition=edition)
    assert live.filter(size__gt=0, final=False).exists()
