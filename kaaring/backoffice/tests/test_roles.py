"""A viewer reads everything of their organisation and changes nothing."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Award, Edition, Nominee

pytestmark = pytest.mark.django_db


def test_a_viewer_sees_the_edition_form_read_only(
    viewer: User, edition: Edition, login: Callable[..., Client]
) -> None:
    url = reverse("backoffice:edition", kwargs={"award": edition.award.slug, "year": edition.year})
    response = login(viewer).get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="bo-form__all" disabled' in body
    assert 'type="submit">' not in body.split('class="bo-form"')[1]


def test_a_viewer_cannot_change_an_award_edition_or_nominee(
    viewer: User,
    award: Award,
    edition: Edition,
    nominees: list[Nominee],
    login: Callable[..., Client],
) -> None:
    client = login(viewer)
    entries = AuditEntry.objects.count()
    kwargs = {"award": award.slug, "year": edition.year}
    posts = [
        (reverse("backoffice:award", kwargs={"award": award.slug}), {"name": "Endret"}),
        (reverse("backoffice:award_create", kwargs={"organisation": "imdi"}), {"name": "Ny"}),
        (reverse("backoffice:criterion_create", kwargs={"award": award.slug}), {"title": "K"}),
        (reverse("backoffice:edition_create", kwargs={"award": award.slug}), {"year": "2030"}),
        (reverse("backoffice:edition", kwargs=kwargs), {"intro": "Endret"}),
        (reverse("backoffice:nominee_create", kwargs=kwargs), {"name": "Ny"}),
        (
            reverse("backoffice:nominee", kwargs={**kwargs, "pk": nominees[0].pk}),
            {"name": "Endret"},
        ),
        (
            reverse("backoffice:nominee_withdraw", kwargs={**kwargs, "pk": nominees[0].pk}),
            {"reason": "Fordi"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert AuditEntry.objects.count() == entries
    nominees[0].refresh_from_db()
    assert nominees[0].withdrawn_at is None


def test_a_viewer_does_not_see_links_to_change_things(
    viewer: User, award: Award, login: Callable[..., Client]
) -> None:
    body = login(viewer).get(reverse("backoffice:dashboard")).content.decode()
    assert reverse("backoffice:award_create", kwargs={"organisation": "imdi"}) not in body
