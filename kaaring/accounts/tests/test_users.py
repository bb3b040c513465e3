import pytest

from kaaring.accounts.models import User
from kaaring.accounts.selectors import organisations_for_user

pytestmark = pytest.mark.django_db


def test_a_user_is_known_by_e_mail_without_a_username() -> None:
    user = User.objects.create_user(email="Kari@IMDI.example", password="x" * 12)
    assert user.email == "Kari@imdi.example"
    assert user.check_password("x" * 12)
    assert not user.is_staff
    assert str(user) == "Kari@imdi.example"


def test_a_superuser_is_staff() -> None:
    user = User.objects.create_superuser(email="root@kaaring.example", password="y" * 12)
    assert user.is_staff
    assert user.is_superuser


def test_a_user_needs_an_e_mail_address() -> None:
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user(email="")


def test_organisations_for_user_lists_only_memberships(organiser: User, outsider: User) -> None:
    assert [o.slug for o in organisations_for_user(user=organiser)] == ["imdi"]
    assert [o.slug for o in organisations_for_user(user=outsider)] == ["stange"]
