"""Rate limits count correctly on the database backend and on Redis."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.test import override_settings

from kaaring.ratelimits import services
from kaaring.ratelimits.models import RateLimitCounter
from kaaring.ratelimits.services import (
    LIMITS,
    Limit,
    ratelimit_hit,
    ratelimit_hits,
    ratelimits_prune,
)
from tests.services import redis_test_url, redis_unreachable, service_missing

REDIS_URL = redis_test_url()
T = 1_700_000_040.0  # a window boundary for a 60-second limit


@pytest.fixture(autouse=True)
def _database_backend_unless_asked(settings: Any) -> None:
    """The database backend whatever the environment says; ``redis_backend`` switches."""
    settings.RATELIMIT_BACKEND = "database"


@pytest.fixture
def tiny_limit(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(LIMITS, "test_purpose", Limit(count=3, seconds=60))
    return "test_purpose"


@pytest.fixture
def redis_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[redis.Redis]:
    # A prefix of our own, so that parallel runs and real data never meet.
    prefix = f"test-{uuid.uuid4().hex}"
    monkeypatch.setattr(services, "REDIS_KEY_PREFIX", prefix)
    reason = redis_unreachable(REDIS_URL)
    if reason:
        service_missing(reason)
    client = redis.Redis.from_url(REDIS_URL)
    with override_settings(REDIS_URL=REDIS_URL, RATELIMIT_BACKEND="redis"):
        yield client
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


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
    tiny_limit: str, redis_backend: redis.Redis
) -> None:
    assert _hits(tiny_limit, "192.0.2.1", T, 5) == [True, True, True, False, False]
    assert _hits(tiny_limit, "192.0.2.2", T, 1) == [True]
    assert _hits(tiny_limit, "192.0.2.1", T + 60, 1) == [True]


def test_the_redis_backend_sets_an_expiry(tiny_limit: str, redis_backend: redis.Redis) -> None:
    _hits(tiny_limit, "192.0.2.9", T, 1)
    keys = list(redis_backend.scan_iter(match=f"{services.REDIS_KEY_PREFIX}:rl:*"))
    assert len(keys) == 1
    assert 0 < redis_backend.ttl(keys[0]) <= 61
    assert b"192.0.2.9" not in keys[0]


def test_the_redis_backend_leaves_the_cache_alone(
    tiny_limit: str, redis_backend: redis.Redis
) -> None:
    """Counters and the cache share one Redis database: the counters' keys are not in the
    cache's "<prefix>:<version>:" space, so neither can overwrite the other."""
    _hits(tiny_limit, "192.0.2.9", T, 1)
    keys = list(redis_backend.scan_iter(match=f"{services.REDIS_KEY_PREFIX}:*"))
    assert len(keys) == 1
    assert keys[0].startswith(f"{services.REDIS_KEY_PREFIX}:rl:{tiny_limit}:".encode())


def test_an_unreachable_redis_fails_loudly_and_soon(tiny_limit: str) -> None:
    closed = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with (
        override_settings(REDIS_URL=closed, RATELIMIT_BACKEND="redis"),
        pytest.raises(redis.ConnectionError),
    ):
        ratelimit_hit(purpose=tiny_limit, identifier="192.0.2.9", now=T)


def _batch_counts(purpose: str) -> list[list[int]]:
    other = "test_other"
    return [
        [v.count for v in ratelimit_hits([(purpose, "a"), (other, "a"), (purpose, "b")], now=T)]
        for _ in range(2)
    ]


@pytest.fixture
def two_limits(tiny_limit: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(LIMITS, "test_other", Limit(count=1, seconds=600))
    return tiny_limit


@pytest.mark.django_db
def test_several_counters_move_together_on_the_database(two_limits: str) -> None:
    assert _batch_counts(two_limits) == [[1, 1, 1], [2, 2, 2]]
    verdicts = ratelimit_hits([(two_limits, "a"), ("test_other", "a")], now=T)
    assert [v.allowed for v in verdicts] == [True, False]  # 3 of 3, and 3 of 1
    assert [v.retry_after for v in verdicts] == [60, 600 - int(T) % 600]


@pytest.mark.django_db
def test_the_same_counter_twice_in_one_batch_is_counted_once(tiny_limit: str) -> None:
    verdicts = ratelimit_hits([(tiny_limit, "a"), (tiny_limit, "a")], now=T)

    assert [v.count for v in verdicts] == [1, 1]
    assert RateLimitCounter.objects.get().count == 1


def test_several_counters_move_together_on_redis(
    two_limits: str, redis_backend: redis.Redis
) -> None:
    assert _batch_counts(two_limits) == [[1, 1, 1], [2, 2, 2]]


@pytest.mark.django_db
def test_an_operator_override_replaces_the_default_limit(tiny_limit: str) -> None:
    with override_settings(RATELIMIT_OVERRIDES={tiny_limit: (5, 60)}):
        assert _hits(tiny_limit, "a", T, 6) == [True] * 5 + [False]


def test_an_override_for_an_unknown_purpose_stops_start_up() -> None:
    from kaaring.ratelimits.checks import ratelimit_overrides_known

    with override_settings(RATELIMIT_OVERRIDES={"vote_open_per_ipp": (5, 60)}):
        errors = ratelimit_overrides_known()
    assert [e.id for e in errors] == ["kaaring.ratelimits.E001"]
    assert "vote_open_per_ipp" in errors[0].msg


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", {}),
        ("vote_open_per_ip=200/600", {"vote_open_per_ip": (200, 600)}),
        (" a=1/2 , b=3/4 ", {"a": (1, 2), "b": (3, 4)}),
    ],
)
def test_overrides_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: dict[str, tuple[int, int]]
) -> None:
    from config.env import env_ratelimits

    monkeypatch.setenv("RATELIMIT_OVERRIDES", raw)
    assert env_ratelimits("RATELIMIT_OVERRIDES") == expected


@pytest.mark.parametrize("raw", ["vote_open_per_ip", "a=1", "a=x/60", "a=0/60", "=1/2", "a=1/-2"])
def test_a_malformed_override_stops_start_up_with_its_name(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_ratelimits

    monkeypatch.setenv("RATELIMIT_OVERRIDES", raw)
    with pytest.raises(ImproperlyConfigured, match="RATELIMIT_OVERRIDES"):
        env_ratelimits("RATELIMIT_OVERRIDES")


@pytest.mark.django_db(transaction=True)
def test_a_counter_outside_a_transaction_leaves_the_sessions_durability_alone(
    two_limits: str,
) -> None:
    """On PostgreSQL the counters' own commit skips the disk flush; the connection's next
    transaction (a ballot, say) must still commit durably."""
    from django.db import connection

    assert [v.count for v in ratelimit_hits([(two_limits, "a"), ("test_other", "a")], now=T)] == [
        1,
        1,
    ]
    assert [v.count for v in ratelimit_hits([(two_limits, "a")], now=T)] == [2]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)
