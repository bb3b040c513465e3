"""The jury room through HTTP: two-factor, only one's own editions, scoring and the verdict."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import User
from kaaring.awards.models import Edition
from kaaring.backoffice.tests.conftest import login  # noqa: F401
from kaaring.jury.models import ConflictOfInterest, Juror, Score, Verdict
from kaaring.jury.tests.conftest import Jury

pytestmark = pytest.mark.django_db


def _room(jury: Jury, name: str = "jury_room", **kwargs: int) -> str:
    return reverse(
        f"backoffice:{name}",
        kwargs={"award": jury.edition.award.slug, "year": jury.edition.year, **kwargs},
    )


def test_the_jury_room_needs_two_factor(jury: Jury, login: Callable[..., Client]) -> None:  # noqa: F811
    client = login(jury.juror.user, two_factor=False)
    response = client.get(_room(jury))
    assert response.status_code == 302
    assert "totp" in response["Location"]


def test_a_juror_sees_the_finalists_dossiers(jury: Jury, login: Callable[..., Client]) -> None:  # noqa: F811
    client = login(jury.juror.user)
    response = client.get(_room(jury))
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("Bærum", "Stange", "Asker"):
        assert f">{name}</h2>" in text
    assert ">Bodø</h2>" not in text
    assert "6 valid votes" in text
    assert "Progress of the jury" not in text  # only the chair sees progress
    index = client.get(reverse("backoffice:jury"))
    assert str(jury.edition) in index.content.decode()


def test_a_juror_cannot_see_another_editions_room(
    jury: Jury,
    login: Callable[..., Client],  # noqa: F811
    make_edition: Callable[..., Edition],
    outsider: User,
) -> None:
    other = make_edition(year=2019)
    client = login(jury.juror.user)
    url = reverse("backoffice:jury_room", kwargs={"award": other.award.slug, "year": 2019})
    assert client.get(url).status_code == 404
    assert login(outsider).get(_room(jury)).status_code == 404


def test_a_juror_scores_and_an_out_of_scale_score_is_refused_with_nothing_saved(
    jury: Jury,
    login: Callable[..., Client],  # noqa: F811
) -> None:
    client = login(jury.juror.user)
    baerum = jury.nominees["Bærum"]
    first, second = jury.criteria
    url = _room(jury, "jury_score", nominee=baerum.pk)
    response = client.post(
        url, {f"criterion-{first.pk}": "4", f"criterion-{second.pk}": "9"}, follow=True
    )
    assert "A score must be a whole number from 1 to 5." in response.content.decode()
    assert not Score.objects.exists()
    client.post(
        url, {f"criterion-{first.pk}": "4", f"criterion-{second.pk}": "5", "comment": "Bra"}
    )
    assert Score.objects.filter(juror=jury.juror, nominee=baerum).count() == 2


def test_a_recused_juror_cannot_score_through_the_room(
    jury: Jury,
    login: Callable[..., Client],  # noqa: F811
) -> None:
    client = login(jury.juror.user)
    asker = jury.nominees["Asker"]
    client.post(_room(jury, "jury_conflict", nominee=asker.pk), {"reason": "Min kommune"})
    assert ConflictOfInterest.objects.filter(juror=jury.juror, nominee=asker).exists()
    values = {f"criterion-{c.pk}": "3" for c in jury.criteria}
    response = client.post(_room(jury, "jury_score", nominee=asker.pk), values, follow=True)
    assert "declared a conflict of interest" in response.content.decode()
    assert not Score.objects.exists()


def test_the_chair_sees_progress_and_records_the_verdict(
    jury: Jury,
    login: Callable[..., Client],  # noqa: F811
) -> None:
    client = login(jury.chair.user)
    page = client.get(_room(jury)).content.decode()
    assert "Progress of the jury" in page
    assert "0 / 6" in page  # the idle juror
    refused = client.post(
        _room(jury, "jury_verdict"),
        {"winner": jury.nominees["Bodø"].pk, "rationale": "Nei", "confirm": "yes"},
        follow=True,
    )
    assert "Only a finalist" in refused.content.decode()
    client.post(
        _room(jury, "jury_verdict"),
        {
            "winner": jury.nominees["Bærum"].pk,
            "rationale": "Bredde.",
            "override_reason": "The idle juror did not score.",
            "confirm": "yes",
        },
    )
    assert Verdict.objects.get().winner == jury.nominees["Bærum"]


def test_an_ordinary_juror_cannot_record_the_verdict(
    jury: Jury,
    login: Callable[..., Client],  # noqa: F811
) -> None:
    client = login(jury.juror.user)
    client.post(
        _room(jury, "jury_verdict"), {"winner": jury.nominees["Bærum"].pk, "rationale": "Ja"}
    )
    assert not Verdict.objects.exists()
    assert Juror.objects.filter(is_chair=True).count() == 1
