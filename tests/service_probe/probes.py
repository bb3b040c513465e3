"""Tests run only by tests/test_required_services.py, each in a pytest of its own."""

import pytest


@pytest.mark.requires_redis
def test_needs_redis() -> None:
    pass


@pytest.mark.requires_postgresql
def test_needs_postgresql() -> None:
    pass
