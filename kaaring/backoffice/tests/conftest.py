"""Back-office personas: the shared ones from /conftest.py, logged in with two-factor."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from django.utils import translation

from kaaring.accounts.models import User
from kaaring.backoffice.tests.twofactor import with_two_factor


@pytest.fixture
def login() -> Callable[..., Client]:
    """A client logged in as ``user``, with two-factor authentication set up unless told not."""

    def make(user: User, *, two_factor: bool = True) -> Client:
        if two_factor:
            with_two_factor(user)
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: LazySettings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Addresses reversed in tests lead to the English pages, so messages read the same."""
    with translation.override("en"):
        yield
