"""What organisers read: page feedback per page and language, and the audit log."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import Organisation, User
from kaaring.audit.models import AuditEntry
from kaaring.awards import services
from kaaring.awards.models import Award, Edition
from kaaring.feedback.models import PageFeedback

pytestmark = pytest.mark.django_db


def answer(
    organisation: Organisation | None, path: str, language: str, found: bool, comment: str = ""
) -> None:
    PageFeedback.objects.create(
        organisation=organisation, path=path, language=language, found=found, comment=comment
    )


def test_feedback_is_shown_per_page_and_language(
    organiser: User, imdi: Organisation, stange: Organisation, login: Callable[..., Client]
) -> None:
    answer(imdi, "/bosettingsprisen/2018/", "nb", True)
    answer(imdi, "/bosettingsprisen/2018/", "nb", True)
    answer(imdi, "/bosettingsprisen/2018/", "nb", False, "Fant ikke fristen")
    answer(imdi, "/en/bosettingsprisen/2018/", "en", False, "Where are the rules?")
    answer(stange, "/stangeprisen/", "nb", False, "Hemmelig for IMDi")
    response = login(organiser).get(reverse("backoffice:feedback", kwargs={"organisation": "imdi"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<td>2</td>" in body  # two yes answers on the bokmål page
    assert "Fant ikke fristen" in body
    assert "Where are the rules?" in body
    assert "Hemmelig for IMDi" not in body
    assert "/stangeprisen/" not in body


def test_the_audit_log_shows_who_changed_what_before_and_after_in_oslo_time(
    organiser: User, make_edition: Callable[..., Edition], login: Callable[..., Client]
) -> None:
    edition = make_edition(opens=dt.timedelta(days=10), closes=dt.timedelta(days=20))
    services.edition_update(actor=organiser, edition=edition, finalist_count=5, intro="Ny tekst")
    response = login(organiser).get(
        reverse("backoffice:audit_log", kwargs={"organisation": "imdi"})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "edition.updated" in body
    assert str(organiser) in body
    assert "<td>3</td><td>5</td>" in body
    assert "Ny tekst" in body
    assert "UTC+0" in body  # times carry their Oslo offset


def test_the_audit_log_shows_created_values_and_times_in_oslo(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    services.edition_create(
        actor=organiser,
        award=award,
        year=2031,
        announced_at=dt.datetime(2031, 1, 1, 8, tzinfo=dt.UTC),
    )
    body = (
        login(organiser)
        .get(reverse("backoffice:audit_log", kwargs={"organisation": "imdi"}))
        .content.decode()
    )
    assert "UTC+01:00" in body
    assert "09:00" in body  # 08:00 UTC is 09:00 in Oslo in January


def test_the_audit_log_shows_only_the_users_own_organisation(
    organiser: User, stange: Organisation, award: Award, login: Callable[..., Client]
) -> None:
    services.award_create(
        actor=None,
        organisation=stange,
        slug="stangeprisen",
        name="Stangeprisen",
        description="Lokal pris.",
    )
    body = (
        login(organiser)
        .get(reverse("backoffice:audit_log", kwargs={"organisation": "imdi"}))
        .content.decode()
    )
    assert award.name in body
    assert "Stangeprisen" not in body
    assert AuditEntry.objects.filter(organisation=stange).exists()
