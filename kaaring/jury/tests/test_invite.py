"""Inviting a juror who has no account: the account is made, the seat given, the invitation
audited and mailed after commit; the link sets a password, and two-factor comes before the room."""

import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.conf import LazySettings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Edition
from kaaring.backoffice.tests.conftest import login  # noqa: F401
from kaaring.backoffice.tests.twofactor import with_two_factor
from kaaring.jury import errors
from kaaring.jury.models import Juror
from kaaring.jury.services import juror_invite
from kaaring.jury.tasks import juror_invitation_send_task
from kaaring.jury.tests.conftest import Jury

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
NEW_PASSWORD = "a juror's long passphrase"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: LazySettings) -> None:
    settings.TASKS = IMMEDIATE_TASKS


def _admin_url(edition: Edition) -> str:
    return reverse(
        "backoffice:jury_admin", kwargs={"award": edition.award.slug, "year": edition.year}
    )


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", str(message.body))
    assert found is not None
    return found.group(0)


def test_an_invitation_makes_the_account_the_seat_and_the_audit_and_mails_after_commit(
    jury: Jury,
    organiser: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[attr-defined]
        invitation = juror_invite(
            actor=organiser,
            edition=jury.edition,
            email="Expert@Uni.EXAMPLE",
            full_name=" Kari Ekspert ",
            site_url="http://testserver",
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1

    user = User.objects.get(email="Expert@uni.example")
    assert invitation.invited
    assert invitation.juror == Juror.objects.get(edition=jury.edition, user=user)
    assert user.full_name == "Kari Ekspert"
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, primary=True, verified=True).count() == 1
    entry = AuditEntry.objects.get(action="jury.juror_invited")
    assert entry.actor == organiser
    assert entry.data == {"edition": jury.edition.pk, "user": user.pk, "chair": False}
    assert "@" not in str(entry.data)
    assert AuditEntry.objects.filter(action="jury.juror_appointed").count() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Expert@uni.example"]
    assert "invited to the jury" in message.subject
    assert "organiser" in message.body
    assert _link(message).startswith("http://testserver/en/konto/password/reset/key/")


def test_the_mail_is_in_the_organisers_language(
    jury: Jury,
    organiser: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with (
        translation.override("nb"),
        django_capture_on_commit_callbacks(execute=True),  # type: ignore[attr-defined]
    ):
        juror_invite(
            actor=organiser,
            edition=jury.edition,
            email="ny@jury.example",
            site_url="https://kaaring.example",
        )

    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "nb"
    assert _link(message).startswith("https://kaaring.example/konto/password/reset/key/")


def test_the_link_sets_a_password_then_login_asks_for_two_factor_then_the_room_opens(
    jury: Jury,
    organiser: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        juror_invite(
            actor=organiser,
            edition=jury.edition,
            email="expert@uni.example",
            site_url="http://testserver",
        )
    client = Client()

    opened = client.get(_link(mail.outbox[0]))
    assert opened.status_code == 302  # the key moves into the session, out of the address
    form = client.get(opened["Location"])
    assert form.status_code == 200
    done = client.post(opened["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    user = User.objects.get(email="expert@uni.example")
    assert user.check_password(NEW_PASSWORD)
    assert client.get(_link(mail.outbox[0])).status_code == 200  # used once: a "bad token" page
    assert not client.session.get("_auth_user_id")

    landed = client.post(
        reverse("account_login"),
        {"login": "expert@uni.example", "password": NEW_PASSWORD},
        follow=True,
    )
    chain = [url for url, _status in landed.redirect_chain]
    activate = reverse("mfa_activate_totp")
    # Through the jury rooms to two-factor set-up, where allauth first asks for the password again.
    assert chain[:3] == [reverse("backoffice:dashboard"), reverse("backoffice:jury"), activate]
    assert chain[-1].startswith(reverse("account_reauthenticate"))
    assert "two-factor" in landed.content.decode()

    with_two_factor(user)
    room = client.get(
        reverse(
            "backoffice:jury_room",
            kwargs={"award": jury.edition.award.slug, "year": jury.edition.year},
        )
    )
    assert room.status_code == 200


def test_inviting_an_existing_account_appoints_it_without_a_new_account_or_mail(
    jury: Jury,
    organiser: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    expert = User.objects.create_user(email="expert@uni.example", password="x" * 20)
    users = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        invitation = juror_invite(
            actor=organiser, edition=jury.edition, email="EXPERT@uni.example", is_chair=True
        )

    assert not invitation.invited
    assert invitation.juror.user == expert
    assert invitation.juror.is_chair
    assert User.objects.count() == users
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="jury.juror_invited").exists()


def test_an_invited_juror_who_never_set_a_password_gets_a_fresh_link(
    jury: Jury,
    organiser: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
            juror_invite(actor=organiser, edition=jury.edition, email="expert@uni.example")

    assert User.objects.filter(email="expert@uni.example").count() == 1
    assert Juror.objects.filter(edition=jury.edition, user__email="expert@uni.example").count() == 1
    assert len(mail.outbox) == 2


def test_the_task_sends_nothing_once_the_password_is_set(jury: Jury, organiser: User) -> None:
    invitation = juror_invite(actor=organiser, edition=jury.edition, email="expert@uni.example")
    user = invitation.juror.user
    user.set_password(NEW_PASSWORD)
    user.save()

    sent = juror_invitation_send_task.call(user.pk, jury.edition.pk, organiser.pk, "en", "")

    assert sent is False
    assert mail.outbox == []


def test_only_an_organiser_of_the_edition_may_invite(
    jury: Jury, viewer: User, outsider: User
) -> None:
    for actor in (viewer, outsider):
        with pytest.raises(errors.NotAllowed):
            juror_invite(actor=actor, edition=jury.edition, email="expert@uni.example")
    assert not User.objects.filter(email="expert@uni.example").exists()


def test_invitations_are_rate_limited_per_organiser(
    jury: Jury, organiser: User, settings: LazySettings
) -> None:
    settings.RATELIMITS_ENABLED = True
    for n in range(20):
        juror_invite(actor=organiser, edition=jury.edition, email=f"juror{n}@uni.example")

    with pytest.raises(errors.TooManyInvitations):
        juror_invite(actor=organiser, edition=jury.edition, email="one-too-many@uni.example")
    assert not User.objects.filter(email="one-too-many@uni.example").exists()


# --- The back office ---------------------------------------------------------------------------


def test_an_organiser_invites_an_unknown_address_from_the_jury_page(
    login: Callable[..., Client],  # noqa: F811
    jury: Jury,
    organiser: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    client = login(organiser)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = client.post(
            _admin_url(jury.edition),
            {
                "action": "appoint",
                "juror-email": "nobody@example.org",
                "juror-full_name": "Nils Nybegynner",
            },
            follow=True,
        )

    assert response.status_code == 200
    assert "Nils Nybegynner is on the jury and has been sent an invitation" in (
        response.content.decode()
    )
    assert Juror.objects.filter(edition=jury.edition, user__email="nobody@example.org").exists()
    assert len(mail.outbox) == 1
    assert _link(mail.outbox[0]).startswith("http://testserver/en/konto/password/reset/key/")


def test_a_malformed_address_is_a_form_error(
    login: Callable[..., Client],  # noqa: F811
    jury: Jury,
    organiser: User,
) -> None:
    users = User.objects.count()
    response = login(organiser).post(
        _admin_url(jury.edition), {"action": "appoint", "juror-email": "nobody@@example"}
    )

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert User.objects.count() == users
    assert mail.outbox == []


def test_a_viewer_may_not_invite(
    login: Callable[..., Client],  # noqa: F811
    jury: Jury,
    viewer: User,
) -> None:
    response = login(viewer).post(
        _admin_url(jury.edition), {"action": "appoint", "juror-email": "nobody@example.org"}
    )

    assert response.status_code == 403
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_an_organiser_of_another_organisation_gets_404(
    login: Callable[..., Client],  # noqa: F811
    jury: Jury,
    outsider: User,
) -> None:
    response = login(outsider).post(
        _admin_url(jury.edition), {"action": "appoint", "juror-email": "nobody@example.org"}
    )

    assert response.status_code == 404
    assert not User.objects.filter(email="nobody@example.org").exists()
