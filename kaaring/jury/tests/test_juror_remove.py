"""Taking a juror off the jury: possible until they score and before the verdict, audited,
refused with a clear message (409, nothing changed) otherwise; viewers and outsiders cannot."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.backoffice.tests.conftest import login  # noqa: F401
from kaaring.jury.models import ConflictOfInterest, Juror
from kaaring.jury.services import scores_record
from kaaring.jury.tests.conftest import Jury

pytestmark = pytest.mark.django_db


def _url(jury: Jury, language: str = "en", name: str = "juror_remove") -> str:
    edition = jury.edition
    with translation.override(language):
        return reverse(
            f"backoffice:{name}", kwargs={"award": edition.award.slug, "year": edition.year}
        )


@pytest.mark.parametrize(
    ("language", "done"), [("nb", "er ikke lenger med i juryen"), ("en", "no longer on the jury")]
)
def test_an_organiser_removes_a_juror_who_has_not_scored(
    jury: Jury,
    organiser: User,
    login: Callable[..., Client],  # noqa: F811
    language: str,
    done: str,
) -> None:
    ConflictOfInterest.objects.create(
        juror=jury.idle, nominee=jury.nominees["Bærum"], reason="Works there"
    )
    client = login(organiser)
    page = client.get(_url(jury, language, "jury_admin")).content.decode()
    assert 'name="juror"' in page
    response = client.post(_url(jury, language), {"juror": jury.idle.pk}, follow=True)
    assert response.status_code == 200
    assert done in response.content.decode()
    assert not Juror.objects.filter(pk=jury.idle.pk).exists()
    assert not ConflictOfInterest.objects.exists()
    entry = AuditEntry.objects.get(action="jury.juror_removed")
    assert entry.actor == organiser
    assert entry.data["user"] == jury.idle.user_id
    assert entry.data["conflicts"] == 1


@pytest.mark.parametrize(
    ("language", "message"), [("nb", "har gitt poeng"), ("en", "has given scores")]
)
def test_a_juror_who_has_scored_keeps_the_seat(
    jury: Jury,
    organiser: User,
    login: Callable[..., Client],  # noqa: F811
    language: str,
    message: str,
) -> None:
    scores_record(
        juror=jury.juror, nominee=jury.nominees["Bærum"], values=dict.fromkeys(jury.criteria, 4)
    )
    response = login(organiser).post(_url(jury, language), {"juror": jury.juror.pk})
    assert response.status_code == 409
    assert message in response.content.decode()
    assert Juror.objects.filter(pk=jury.juror.pk).exists()
    assert not AuditEntry.objects.filter(action="jury.juror_removed").exists()


def test_viewers_and_other_organisations_cannot_remove_a_juror(
    jury: Jury,
    viewer: User,
    outsider: User,
    login: Callable[..., Client],  # noqa: F811
) -> None:
    as_viewer = login(viewer)
    assert as_viewer.post(_url(jury), {"juror": jury.idle.pk}).status_code == 403
    assert as_viewer.get(_url(jury)).status_code == 405
    assert login(outsider).post(_url(jury), {"juror": jury.idle.pk}).status_code == 404
    assert Juror.objects.filter(pk=jury.idle.pk).exists()
