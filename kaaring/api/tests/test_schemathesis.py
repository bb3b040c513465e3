"""Schemathesis against the generated OpenAPI description, through the WSGI application.

Each operation gets a few generated requests (positive and negative, with a write token, on a
small demo: one public edition with nominees, one draft), and the examples in the description
(bosettingsprisen, 2018 or 2027, stange), so that found resources and writes are exercised
too, not only refusals. The answers must never be a server
error and must match the description: status codes, content types, headers and bodies.
Bounded: a few examples per operation and no deadline per example (the machine is shared),
about a minute in all on a busy machine.
"""

from collections.abc import Callable, Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from kaaring.api.urls import api as ninja_api
from kaaring.awards.models import Edition, Nominee

schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """Requests sent straight to the WSGI app end with Django closing the database connection
    it considers finished, which on PostgreSQL would close the test's transaction; Django's
    own test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def demo(
    connection_kept: None,
    draft: Edition,
    edition: Edition,
    make_nominee: Callable[..., Nominee],
    imdi_token: str,
) -> str:
    make_nominee(edition, "Stange", "3413")
    make_nominee(draft, "Stange", "3413")
    return imdi_token


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_matches_its_description_and_never_fails(case: object, demo: str) -> None:
    with override_settings(RATELIMITS_ENABLED=False, ALLOWED_HOSTS=["*"]):
        case.call_and_validate(  # type: ignore[attr-defined]
            app=application, headers={"Authorization": f"Bearer {demo}"}, checks=CHECKS
        )
