"""The public side: the log page, the receipt's inclusion check, the key, the download, and
the downloaded file verified by the standalone verifier (database to file to recount)."""

import datetime as dt
import io
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.awards.models import Edition, Nominee
from kaaring.ballotlog import services
from kaaring.ballotlog.models import InvalidationList
from kaaring.ballotlog.tests.logfile import verifier
from kaaring.results import services as results
from kaaring.voting.models import Ballot

pytestmark = pytest.mark.django_db


def url(name: str, edition: Edition) -> str:
    return reverse(f"ballotlog:{name}", args=[edition.award.slug, edition.year])


def test_the_log_page_lists_checkpoints_without_counts_per_nominee(
    client: Client, edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    cast(edition, nominees[0], times=3)
    services.checkpoint_make(edition_id=edition.pk)
    response = client.get(url("log", edition))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<td>3</td>" in text
    assert "Stange" not in text.split("<main", 1)[-1].split("</main>")[0]
    assert "stemmelogg.json" not in text  # not before the result is published
    assert client.get(url("download", edition)).status_code == 404
    key = client.get(url("key", edition))
    assert len(key.content.decode().strip()) == 64
    latest = client.get(url("latest", edition)).json()
    assert latest["checkpoint"]["size"] == 3


def test_the_receipt_page_shows_the_verified_inclusion_proof(
    client: Client, edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    ballots = cast(edition, nominees[1], times=5)
    services.checkpoint_make(edition_id=edition.pk)
    response = client.get(reverse("voting:check"), {"receipt": ballots[2].receipt.lower()})
    text = response.content.decode()
    assert response.status_code == 200
    assert "The server has checked the proof" in text or "Serveren har sjekket" in text
    assert "data-ballotlog-proof" in text
    assert f'data-receipt="{ballots[2].receipt}"' in text
    assert "ballotlog.js" in text
    assert nominees[1].name in text  # the voter sees the ballot is unchanged


def test_a_recorded_ballot_not_yet_in_a_checkpoint_says_so(
    client: Client, edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    (ballot,) = cast(edition, nominees[0])
    response = client.get(
        reverse("voting:check"), {"receipt": ballot.receipt}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert 'id="inclusion"' in response.content.decode()
    assert "data-ballotlog-proof" not in response.content.decode()


def test_the_log_page_refuses_a_receipt_of_another_edition_and_a_malformed_one(
    client: Client,
    edition: Edition,
    nominees: list[Nominee],
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., list[Ballot]],
) -> None:
    other = make_edition(year=2019)
    (ballot,) = cast(other, make_nominee(other, "Bodø", "1804"))
    cast(edition, nominees[0])
    services.checkpoint_make(edition_id=edition.pk)
    response = client.get(url("log", edition), {"receipt": ballot.receipt})
    assert response.status_code == 200
    assert reverse("voting:check") in response.content.decode()
    assert "data-ballotlog-proof" not in response.content.decode()
    assert client.get(url("log", edition), {"receipt": "nonsense"}).status_code == 400
    unknown = client.get(url("log", edition), {"receipt": "AAAA-BBBB-CCCC"})
    assert unknown.status_code == 200
    assert "data-ballotlog-proof" not in unknown.content.decode()


def test_after_publication_the_downloaded_log_verifies_and_recounts(
    client: Client,
    edition: Edition,
    nominees: list[Nominee],
    organiser: User,
    imdi: Organisation,
    cast: Callable[..., list[Ballot]],
) -> None:
    first = cast(edition, nominees[0], times=4)
    services.checkpoint_make(edition_id=edition.pk)
    cast(edition, nominees[1], times=2)
    cast(edition, nominees[2], mode="open", times=1)
    services.checkpoint_make(edition_id=edition.pk)
    closed = services.database_now() - dt.timedelta(minutes=1)
    Edition.objects.filter(pk=edition.pk).update(voting_closes_at=closed)
    results.tally_freeze(edition_id=edition.pk)
    services.checkpoint_make(edition_id=edition.pk)
    second = User.objects.create_user(email="second@imdi.example", password="x" * 20)
    Membership.objects.create(user=second, organisation=imdi, role=Membership.Role.ORGANISER)
    proposal = results.invalidation_propose(actor=organiser, ballot=first[0], reason="burst")
    results.invalidation_approve(actor=second, invalidation=proposal)
    assert services.checkpoints_due() == []  # the log is complete; the list is re-signed
    assert InvalidationList.objects.filter(edition=edition).count() == 2
    Edition.objects.filter(pk=edition.pk).update(winner=nominees[0], results_published_at=closed)
    response = client.get(url("download", edition))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    log = json.loads(data)
    assert [c["size"] for c in log["checkpoints"]] == [4, 7, 7]
    assert log["invalidations"]["entries"] == [[0, "review", "organiser"]]
    assert "receipt" not in data.decode().lower().replace("kaaring/receipt", "")
    out: list[str] = []
    code = verifier().verify(io.BytesIO(data), out.append)
    assert code == 0, "\n".join(out)
    assert any("Stange" in line and line.split()[-1] == "3" for line in out)
    edition_page = client.get(reverse("public:edition", args=[edition.award.slug, edition.year]))
    assert url("download", edition) in edition_page.content.decode()
