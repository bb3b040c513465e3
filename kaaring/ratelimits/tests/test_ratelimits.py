"""Rate limits count correctly on the database backend and on Redis."""

import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import override_settings

from kaaring.ratelimits.models import RateLimitCounter
from kaaring.ratelimits.services import LIMITS, Limit, ratelimit_hit, ratelimits_prune

REDIS_URL = "redis://127.0.0.1:6379/0"
T = 1_700_000_040.0  # a window boundary for a 60-second limit


@pytest.fixture
def tiny_limit(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(LIMITS, "test_purpose", Limit(count=3, seconds=60))
    return "test_purpose"


@pytest.fixture
def redis_backend() -> Iterator[None]:
    # A prefix of our own, so that parallel runs and real data never meet.
    prefix = f"test-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=caches, RATELIMIT_BACKEND="redis"):
        try:
            cache.set("ping", 1, 5)
        except Exception as error:  # any connection failure means "no Redis here"
            pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")
        yield
        # Not cache.clear(): that flushes the whole Redis database, not just our keys.
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


def _hits(purpose: str, identifier: str, at: float, n: int) -> list[bool]:
    return [ratelimit_hit(purpose=purpose, identifier=identifier, now=at).allowed for _ in range(n)]


@pytest.mark.django_db
def test_the_database_backend_allows_the_limit_then_refuses(tiny_limit: str) -> None:
    assert _hits(tiny_limit, "192.0.2.1", T, 5) == [True, True, True, False, False]
    verdict = ratelimit_hit(purpose=tiny_limit, identifier="192.0.2.1", now=T + 20)
    assert verdict.count == 6
    assert verdict.retry_after == 40


@pytest.mark.django_db
def test_the_database_backend_counts_each_identifier_and_window_apart(tiny_limit: str) -> None:
    _hits(tiny_limit, "192.0.2.1", T, 4)
    assert _hits(tiny_limit, "192.0.2.2", T, 1) == [True]
    assert _hits(tiny_limit, "192.0.2.1", T + 60, 1) == [True]


@pytest.mark.django_db
def test_no_identifier_is_stored_in_clear(tiny_limit: str) -> None:
    _hits(tiny_limit, "192.0.2.1", T, 1)
    keys = list(RateLimitCounter.objects.values_list("key", flat=True))
    assert len(keys) == 1
    assert "192.0.2.1" not in keys[0]


@pytest.mark.django_db
def test_expired_counters_are_pruned(tiny_limit: str) -> None:
    _hits(tiny_limit, "192.0.2.1", T, 1)
    _hits(tiny_limit, "192.0.2.1", T + 600, 1)
    assert ratelimits_prune(now=T + 300) == 1
    assert RateLimitCounter.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_counts_right_outside_a_transaction(tiny_limit: str) -> None:
    assert _hits(tiny_limit, "198.51.100.7", T, 4) == [True, True, True, False]


@override_settings(RATELIMITS_ENABLED=False)
def test_limits_can_be_switched_off(tiny_limit: str) -> None:
    assert _hits(tiny_limit, "192.0.2.1", T, 10) == [True] * 10


def test_the_redis_backend_allows_the_limit_then_refuses(
    tiny_limit: str, redis_backend: None
) -> None:
    assert _hits(tiny_limit, "192.0.2.1", T, 5) == [True, True, True, False, False]
    assert _hits(tiny_limit, "192.0.2.2", T, 1) == [True]
    assert _hits(tiny_limit, "192.0.2.1", T + 60, 1) == [True]


def test_the_redis_backend_sets_an_expiry(tiny_limit: str, redis_backend: None) -> None:
    _hits(tiny_limit, "192.0.2.9", T, 1)
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*:rl:*"))
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= 61
