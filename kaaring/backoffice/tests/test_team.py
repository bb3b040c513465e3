"""The team screen: invite a colleague by e-mail with a role, change roles, remove members,
each audit-logged; the last organiser stays; a second invitation to a member is refused."""

import re
from collections.abc import Callable

import pytest
from django.conf import LazySettings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
NEW_PASSWORD = "a colleague's long passphrase"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: LazySettings) -> None:
    settings.TASKS = IMMEDIATE_TASKS


def _url(name: str = "team", language: str = "en", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(f"backoffice:{name}", kwargs={"organisation": "imdi", **kwargs})


def _membership(user: User) -> Membership:
    return Membership.objects.get(user=user)


@pytest.mark.parametrize(
    ("language", "heading", "sent", "subject"),
    [
        ("nb", "Teamet til", "er med i teamet", "Du er med i teamet til"),
        ("en", "Team of", "is on the team", "You are on the team of"),
    ],
)
def test_an_invitation_makes_the_account_and_membership_and_mails_a_link(
    organiser: User,
    imdi: Organisation,
    login: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., object],
    language: str,
    heading: str,
    sent: str,
    subject: str,
) -> None:
    client = login(organiser)
    page = client.get(_url(language=language)).content.decode()
    assert heading in page
    assert organiser.email in page
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = client.post(
            _url(language=language),
            {"email": "Kollega@IMDI.example", "full_name": "Kari Kollega", "role": "viewer"},
            follow=True,
        )
    assert response.status_code == 200
    assert sent in response.content.decode()
    user = User.objects.get(email="Kollega@imdi.example")
    assert not user.has_usable_password()
    assert _membership(user).role == Membership.Role.VIEWER
    entry = AuditEntry.objects.get(action="member.invited")
    assert entry.actor == organiser
    assert entry.organisation == imdi
    assert entry.data == {"user": user.pk, "role": "viewer", "new_account": True}

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Kollega@imdi.example"]
    assert subject in message.subject
    assert imdi.name in message.subject
    assert message.extra_headers["Content-Language"] == language
    link = re.search(r"https?://\S+", str(message.body))
    assert link is not None
    # The link chooses a password (allauth redirects once to hide the key).
    fresh = Client()
    form = fresh.get(link.group(0), follow=True)
    assert form.status_code == 200
    done = fresh.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(0),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("language", "message"),
    [("nb", "tilhører allerede et medlem"), ("en", "already belongs to a member")],
)
def test_inviting_a_member_again_is_refused_with_a_clear_message(
    organiser: User,
    viewer: User,
    login: Callable[..., Client],
    language: str,
    message: str,
) -> None:
    response = login(organiser).post(
        _url(language=language), {"email": "VIEWER@imdi.example", "role": "organiser"}
    )
    assert response.status_code == 409
    assert message in response.content.decode()
    assert _membership(viewer).role == Membership.Role.VIEWER
    assert not AuditEntry.objects.filter(action="member.invited").exists()
    assert mail.outbox == []


def test_an_existing_account_of_another_organisation_joins_without_a_new_password(
    organiser: User,
    outsider: User,
    login: Callable[..., Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = login(organiser).post(_url(), {"email": outsider.email, "role": "organiser"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=outsider).count() == 2
    assert len(mail.outbox) == 1
    assert "password/reset" not in str(mail.outbox[0].body)
    assert "/login/" in str(mail.outbox[0].body)


@pytest.mark.parametrize(("language", "done"), [("nb", "er nå leser"), ("en", "is now viewer")])
def test_an_organiser_changes_a_role_and_it_is_logged(
    organiser: User,
    imdi: Organisation,
    login: Callable[..., Client],
    language: str,
    done: str,
) -> None:
    other = User.objects.create_user(email="other@imdi.example", password="x" * 20)
    membership = Membership.objects.create(user=other, organisation=imdi, role="organiser")
    response = login(organiser).post(
        _url("member_role", language, pk=membership.pk), {"role": "viewer"}, follow=True
    )
    assert response.status_code == 200
    assert done in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "viewer"
    entry = AuditEntry.objects.get(action="member.role_changed")
    assert entry.data == {"user": other.pk, "from": "organiser", "to": "viewer"}


@pytest.mark.parametrize(
    ("language", "message"),
    [("nb", "minst én arrangør"), ("en", "needs at least one organiser")],
)
def test_the_last_organiser_can_neither_be_demoted_nor_removed(
    organiser: User,
    viewer: User,
    login: Callable[..., Client],
    language: str,
    message: str,
) -> None:
    client = login(organiser)
    mine = _membership(organiser)
    demote = client.post(_url("member_role", language, pk=mine.pk), {"role": "viewer"})
    assert demote.status_code == 409
    assert message in demote.content.decode()
    remove = client.post(_url("member_remove", language, pk=mine.pk))
    assert remove.status_code == 409
    assert message in remove.content.decode()
    mine.refresh_from_db()
    assert mine.role == "organiser"
    assert not AuditEntry.objects.filter(action__startswith="member.").exists()


def test_an_organiser_removes_a_member_and_may_leave_when_another_organiser_stays(
    organiser: User,
    viewer: User,
    imdi: Organisation,
    login: Callable[..., Client],
) -> None:
    client = login(organiser)
    response = client.post(_url("member_remove", pk=_membership(viewer).pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=viewer).exists()
    assert User.objects.filter(pk=viewer.pk).exists()  # the account stays; only the seat goes
    entry = AuditEntry.objects.get(action="member.removed")
    assert entry.data == {"user": viewer.pk, "role": "viewer"}

    other = User.objects.create_user(email="other@imdi.example", password="x" * 20)
    Membership.objects.create(user=other, organisation=imdi, role="organiser")
    leave = client.post(_url("member_remove", pk=_membership(organiser).pk))
    assert leave.status_code == 302
    assert leave["Location"] == reverse("backoffice:dashboard")
    assert not Membership.objects.filter(user=organiser).exists()


def test_a_viewer_sees_the_team_but_changes_nothing(
    organiser: User, viewer: User, login: Callable[..., Client]
) -> None:
    client = login(viewer)
    page = client.get(_url())
    assert page.status_code == 200
    assert organiser.email in page.content.decode()
    assert "Invite a colleague" not in page.content.decode()
    assert client.post(_url(), {"email": "x@imdi.example", "role": "organiser"}).status_code == 403
    mine = _membership(organiser)
    assert client.post(_url("member_remove", pk=mine.pk)).status_code == 403
    assert client.post(_url("member_role", pk=mine.pk), {"role": "viewer"}).status_code == 403
    assert Membership.objects.filter(user=organiser).exists()


def test_another_organisations_members_are_not_found(
    organiser: User, outsider: User, login: Callable[..., Client]
) -> None:
    client = login(outsider)
    assert client.get(_url()).status_code == 404
    stranger = _membership(organiser)
    assert client.post(_url("member_remove", pk=stranger.pk)).status_code == 404
    with translation.override("en"):
        theirs = reverse(
            "backoffice:member_remove", kwargs={"organisation": "stange", "pk": stranger.pk}
        )
    assert client.post(theirs).status_code == 404
    assert Membership.objects.filter(user=organiser).exists()
