"""Schemathesis against the generated OpenAPI description, through the WSGI application.

Each operation gets a few generated requests (positive and negative, with a write token, on a
small demo: one public edition with nominees, one draft). The answers must never be a server
error and must match the description: status codes, content types, headers and bodies.
Bounded: a few examples per operation and no deadline per example (the machine is shared),
about a minute in all on a busy machine.
"""

from collections.abc import Callable

import pytest
import schemathesis
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
def demo(
    draft: Edition, edition: Edition, make_nominee: Callable[..., Nominee], imdi_token: str
) -> str:
    make_nominee(edition, "Stange", "3413")
    make_nominee(draft, "Bodø", "1804")
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
