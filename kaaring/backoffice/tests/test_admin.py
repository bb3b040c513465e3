"""The Django admin: superusers with two-factor only, and every change through the services."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.errors import RulesFrozen
from kaaring.awards.models import Award, Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser(email="root@example.com", password="x" * 20)


def test_the_admin_refuses_an_organiser(organiser: User, login: Callable[..., Client]) -> None:
    response = login(organiser).get(reverse("admin:index"))
    assert response.status_code in {302, 403}
    assert response.status_code != 200


def test_the_admin_log_in_goes_through_allauth(client: Client) -> None:
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_admin_refuses_a_superuser_without_two_factor(
    superuser: User, login: Callable[..., Client]
) -> None:
    response = login(superuser, two_factor=False).get(reverse("admin:index"))
    assert response.status_code != 200


def test_an_admin_edit_goes_through_the_service_and_is_audited(
    superuser: User, award: Award, login: Callable[..., Client]
) -> None:
    client = login(superuser)
    url = reverse("admin:awards_award_change", args=[award.pk])
    assert client.get(url).status_code == 200
    data = {
        "slug": award.slug,
        "name": "Nytt navn",
        "name_nn": award.name_nn,
        "name_en": award.name_en,
        "description": award.description,
        "description_nn": award.description_nn,
        "description_en": award.description_en,
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.name == "Nytt navn"
    assert AuditEntry.objects.filter(action="award.updated", actor=superuser).exists()


def test_an_admin_rule_change_after_voting_opened_saves_nothing(
    superuser: User, edition: Edition, login: Callable[..., Client]
) -> None:
    client = login(superuser)
    url = reverse("admin:awards_edition_change", args=[edition.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if hasattr(field, "fields"):  # split date and time
            widget_values = field.widget.decompress(value)
            for index, part in enumerate(widget_values):
                data[f"{name}_{index}"] = part.strftime("%Y-%m-%d" if index == 0 else "%H:%M:%S")
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data["finalist_count"] = "7"
    before = Edition.objects.values().get(pk=edition.pk)
    response = client.post(url, data, follow=True)
    with translation.override("nb"):  # the admin is not under a language prefix
        refused = str(RulesFrozen.message)
    assert refused in [str(message) for message in response.context["messages"]]
    assert Edition.objects.values().get(pk=edition.pk) == before


def test_the_audit_log_cannot_be_changed_in_the_admin(
    superuser: User, award: Award, login: Callable[..., Client]
) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    client = login(superuser)
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 200
    assert (
        client.post(
            reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
