"""Who gets into the back office: logged in, a member, with two-factor authentication."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import User
from kaaring.awards.models import Award
from kaaring.backoffice.tests.twofactor import PERSONA_PASSWORD, totp_code, with_two_factor

pytestmark = pytest.mark.django_db


def dashboard() -> str:
    return reverse("backoffice:dashboard")


def test_it_sends_an_anonymous_visitor_to_the_login_page(client: Client) -> None:
    response = client.get(dashboard())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_sends_a_member_without_two_factor_to_set_it_up(
    organiser: User, login: Callable[..., Client]
) -> None:
    client = login(organiser, two_factor=False)
    response = client.get(dashboard(), follow=True)
    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert "two-factor" in response.content.decode().lower()


def test_it_refuses_a_logged_in_user_who_belongs_to_no_organisation(
    login: Callable[..., Client],
) -> None:
    loner = User.objects.create_user(email="loner@example.com", password="x" * 16)
    response = login(loner).get(dashboard())
    assert response.status_code == 403


def test_it_shows_the_organisers_own_awards_on_the_dashboard(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    response = login(organiser).get(dashboard())
    assert response.status_code == 200
    assert award.name in response.content.decode()


def test_login_asks_for_the_authenticator_code_after_the_password(
    organiser: User, client: Client
) -> None:
    with_two_factor(organiser)
    response = client.post(
        reverse("account_login"), {"login": organiser.email, "password": PERSONA_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in yet: the back office still sends the visitor to log in.
    assert client.get(dashboard()).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get(dashboard()).status_code == 200


def test_login_refuses_a_wrong_authenticator_code(organiser: User, client: Client) -> None:
    with_two_factor(organiser)
    client.post(reverse("account_login"), {"login": organiser.email, "password": PERSONA_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in response.content.decode()
    assert client.get(dashboard()).status_code == 302


def test_the_login_page_is_in_the_sites_layout_without_sign_up(client: Client) -> None:
    response = client.get(reverse("account_login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="ds-input' in body
    assert '<html lang="en"' in body
    assert "signup" not in body


def test_a_forged_post_without_csrf_token_is_refused(organiser: User, award: Award) -> None:
    with_two_factor(organiser)
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    response = client.post(
        reverse("backoffice:award", kwargs={"award": award.slug}), {"name": "Forged"}
    )
    assert response.status_code == 403
    award.refresh_from_db()
    assert award.name != "Forged"
