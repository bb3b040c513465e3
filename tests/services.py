"""Tests that need a service.

A test that needs PostgreSQL or Redis says so (the ``requires_postgresql`` and
``requires_redis`` markers, or these helpers); without the service it is skipped on a
developer's machine, and fails where every service must be there (.ci/run sets
KAARING_REQUIRE_SERVICES=1), so that a skipped test can never pass for a tested one.
"""

import os
from typing import NoReturn

import pytest


def _services_required() -> bool:
    return os.environ.get("KAARING_REQUIRE_SERVICES", "") == "1"


def service_missing(reason: str) -> NoReturn:
    """Skip, or fail when every service is required."""
    if _services_required():
        pytest.fail(f"{reason} (KAARING_REQUIRE_SERVICES=1: nothing may be skipped)", pytrace=False)
    pytest.skip(reason)


def redis_test_url() -> str:
    """The Redis database tests may write to (under key prefixes of their own)."""
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_unreachable(url: str) -> str | None:
    """Why Redis at ``url`` cannot be used, or None. Only a failure to connect counts as
    "no Redis here": any other error (a wrong password, a bug) is the test's to report."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).ping()
    except redis.exceptions.AuthenticationError:
        raise  # a Redis that answers, refusing our credentials: a fault, not an absence
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
        return f"no Redis at {url}: {error}"
    return None
