"""An organisation's things are seen and changed only by its own members."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser

from kaaring.accounts import permissions
from kaaring.accounts.models import Organisation, User
from kaaring.awards.models import Award, Edition, Nominee

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominee(edition: Edition, make_nominee: Callable[..., Nominee]) -> Nominee:
    return make_nominee(edition, "Stange", "3413")


def test_each_object_belongs_to_its_awards_organisation(
    imdi: Organisation, award: Award, edition: Edition, nominee: Nominee
) -> None:
    for obj in (imdi, award, edition, nominee):
        assert permissions.organisation_of(obj) == imdi


def test_an_object_without_an_organisation_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        permissions.organisation_of(object())


def test_an_organiser_sees_and_changes_their_own_things(
    organiser: User, award: Award, edition: Edition, nominee: Nominee
) -> None:
    for obj in (award, edition, nominee):
        assert permissions.can_view(organiser, obj)
        assert permissions.can_change(organiser, obj)


def test_a_viewer_sees_but_does_not_change(viewer: User, edition: Edition) -> None:
    assert permissions.can_view(viewer, edition)
    assert not permissions.can_change(viewer, edition)


def test_another_organisations_organiser_neither_sees_nor_changes(
    outsider: User, award: Award, edition: Edition, nominee: Nominee
) -> None:
    for obj in (award, edition, nominee):
        assert not permissions.can_view(outsider, obj)
        assert not permissions.can_change(outsider, obj)


def test_an_anonymous_visitor_or_a_deactivated_account_has_no_role(
    organiser: User, imdi: Organisation
) -> None:
    assert permissions.role_in(AnonymousUser(), imdi) is None
    organiser.is_active = False
    assert permissions.role_in(organiser, imdi) is None
    assert not permissions.can_view_organisation(organiser, imdi)
