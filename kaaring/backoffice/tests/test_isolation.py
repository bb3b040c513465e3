"""An organiser sees only their own organisation: anything else is "not found", never 403."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import Organisation, User
from kaaring.awards import services
from kaaring.awards.models import Award, Edition, Nominee

pytestmark = pytest.mark.django_db


@pytest.fixture
def imdi_urls(award: Award, edition: Edition, nominees: list[Nominee]) -> list[str]:
    criterion = services.criterion_create(actor=None, award=award, title="Resultater")
    edition_kwargs = {"award": award.slug, "year": edition.year}
    nominee_kwargs = {**edition_kwargs, "pk": nominees[0].pk}
    return [
        reverse("backoffice:award", kwargs={"award": award.slug}),
        reverse("backoffice:criterion", kwargs={"award": award.slug, "pk": criterion.pk}),
        reverse("backoffice:criterion_create", kwargs={"award": award.slug}),
        reverse("backoffice:edition_create", kwargs={"award": award.slug}),
        reverse("backoffice:edition", kwargs=edition_kwargs),
        reverse("backoffice:nominees", kwargs=edition_kwargs),
        reverse("backoffice:nominee_create", kwargs=edition_kwargs),
        reverse("backoffice:nominee", kwargs=nominee_kwargs),
        reverse("backoffice:nominee_withdraw", kwargs=nominee_kwargs),
        reverse("backoffice:award_create", kwargs={"organisation": "imdi"}),
        reverse("backoffice:feedback", kwargs={"organisation": "imdi"}),
        reverse("backoffice:audit_log", kwargs={"organisation": "imdi"}),
    ]


def test_an_outsider_gets_not_found_for_every_page_of_another_organisation(
    outsider: User, imdi_urls: list[str], login: Callable[..., Client]
) -> None:
    client = login(outsider)
    for url in imdi_urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x", "reason": "x"}).status_code == 404, url


def test_an_outsider_cannot_reach_a_nominee_through_their_own_edition(
    outsider: User,
    stange: Organisation,
    nominees: list[Nominee],
    login: Callable[..., Client],
) -> None:
    own_award = services.award_create(
        actor=None,
        organisation=stange,
        slug="stangeprisen",
        name="Stangeprisen",
        description="Lokal pris.",
    )
    own_edition = services.edition_create(actor=None, award=own_award, year=2018)
    url = reverse(
        "backoffice:nominee",
        kwargs={"award": own_award.slug, "year": own_edition.year, "pk": nominees[0].pk},
    )
    assert login(outsider).get(url).status_code == 404


def test_the_organiser_reaches_every_page_of_their_own_organisation(
    organiser: User, imdi_urls: list[str], login: Callable[..., Client]
) -> None:
    client = login(organiser)
    for url in imdi_urls:
        assert client.get(url).status_code == 200, url


def test_the_dashboard_lists_only_the_users_own_organisations(
    outsider: User, award: Award, login: Callable[..., Client]
) -> None:
    body = login(outsider).get(reverse("backoffice:dashboard")).content.decode()
    assert "Stange kommune" in body
    assert award.name not in body
