"""Rate limits by purpose, correct across worker processes.

Each purpose is declared once in ``LIMITS`` with its limit, window and a comment saying why.
Counting uses Redis through the ``redis`` client (``INCR`` + ``EXPIRE`` for every counter in
one pipelined round trip) when ``REDIS_URL`` is set, and otherwise an atomic upsert in the
database. Keys are hashed so that no IP address or other
identifier is stored in clear.
"""

import functools
import hashlib
import hmac
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


LIMITS: dict[str, Limit] = {
    # Page feedback: 10 answers a minute per IP is more than any person gives; stops floods.
    "feedback_per_ip": Limit(count=10, seconds=60),
    # Page feedback: 200 an hour per IP still allows a busy office behind one address.
    "feedback_per_ip_hour": Limit(count=200, seconds=3600),
    # E-mail votes: 3 confirmation mails an hour per (normalised) address allow a resend or two
    # and stop anyone from flooding someone else's inbox with our mails.
    "confirmation_mail_per_address": Limit(count=3, seconds=3600),
    # E-mail votes: 20 confirmation mails an hour per IP allow a household or an office behind
    # one address, and slow down one machine requesting mails for many addresses.
    "confirmation_mail_per_ip": Limit(count=20, seconds=3600),
    # Open vote: 10 tries per browser in 10 min; a browser has one ballot, more is a script.
    "vote_open_per_browser": Limit(count=10, seconds=600),
    # Open vote: 60 tries per IP in 10 min; schools, offices and mobile CGNAT share addresses.
    "vote_open_per_ip": Limit(count=60, seconds=600),
    # Open vote: 300 tries per /24 or /48 in 10 min; catches bots rotating within one network.
    "vote_open_per_subnet": Limit(count=300, seconds=600),
    # Receipt check: 30 lookups a minute per IP; plenty for a person, useless for guessing codes.
    "receipt_check_per_ip": Limit(count=30, seconds=60),
    # ALTCHA challenges: 120 per IP in 10 min, twice the vote tries, since a page load takes one.
    "altcha_challenge_per_ip": Limit(count=120, seconds=600),
    # Nomination links: 5 mails an hour per (normalised) address allow a few saved drafts and a
    # new link or two, and stop anyone from flooding someone else's inbox with our mails.
    "nomination_link_per_address": Limit(count=5, seconds=3600),
    # Nomination links: 30 mails an hour per IP allow an office or a school behind one address,
    # and slow down one machine asking for links to many addresses.
    "nomination_link_per_ip": Limit(count=30, seconds=3600),
    # Juror invitations: 20 mails an hour per organiser seat a large jury, and stop one account
    # from using us to mail set-password links to many addresses.
    "juror_invitation_per_organiser": Limit(count=20, seconds=3600),
    # JSON API: 600 requests per IP in 5 min (2 a second) lets a newsroom's script or a
    # municipality's site page through the open data and stops one machine from scraping it
    # as fast as it can; a page of our own site costs fewer queries than most API answers.
    "api_per_ip": Limit(count=600, seconds=300),
}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int


def limit_of(purpose: str) -> Limit:
    """The limit in force: the operator's ``RATELIMIT_OVERRIDES`` entry, else the default."""
    override = settings.RATELIMIT_OVERRIDES.get(purpose)
    if override is not None:
        return Limit(count=override[0], seconds=override[1])
    return LIMITS[purpose]


def _hashed(purpose: str, identifier: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), identifier.encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"rl:{purpose}:{digest}"


def ratelimit_hit(*, purpose: str, identifier: str, now: float | None = None) -> Verdict:
    """Count one event for ``identifier`` under ``purpose`` and say whether it is allowed."""
    return ratelimit_hits([(purpose, identifier)], now=now)[0]


def ratelimit_hits(hits: list[tuple[str, str]], *, now: float | None = None) -> list[Verdict]:
    """Count one event under each (purpose, identifier) and say for each whether it is allowed.

    All the counters move in one round trip: one Redis pipeline, or one multi-row upsert (one
    statement, so concurrent workers never lose a count and no read-modify-write happens).
    """
    limits = [limit_of(purpose) for purpose, _ in hits]
    if not settings.RATELIMITS_ENABLED or not hits:
        return [Verdict(allowed=True, count=0, retry_after=0) for _ in hits]
    moment = int(now if now is not None else time.time())
    windows = [moment - moment % limit.seconds for limit in limits]
    keys = [_hashed(purpose, identifier) for purpose, identifier in hits]
    if settings.RATELIMIT_BACKEND == "redis":
        counts = _hit_redis(
            [
                (f"{key}:{start}", limit.seconds)
                for key, start, limit in zip(keys, windows, limits, strict=True)
            ]
        )
    else:
        counts = _hit_database(
            [
                (key, start, start + limit.seconds)
                for key, start, limit in zip(keys, windows, limits, strict=True)
            ]
        )
    return [
        Verdict(
            allowed=count <= limit.count, count=count, retry_after=start + limit.seconds - moment
        )
        for count, start, limit in zip(counts, windows, limits, strict=True)
    ]


# Counters live under this prefix in the Redis database ``REDIS_URL`` names, beside the cache
# (whose keys Django prefixes "kaaring:<version>:"), so neither can overwrite the other.
REDIS_KEY_PREFIX = "kaaring"
# A rate limit must not hang a vote: a Redis that does not answer within this many seconds
# fails the request with an error instead of holding a worker.
REDIS_TIMEOUT_SECONDS = 2.0


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    """One client, with its connection pool, per process and URL (redis-py makes a new pool
    in a forked worker by itself)."""
    return redis.Redis.from_url(
        url,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        health_check_interval=30,
    )


def _hit_redis(counters: list[tuple[str, int]]) -> list[int]:
    pipe = _redis_client(settings.REDIS_URL).pipeline(transaction=False)
    for key, seconds in counters:
        full_key = f"{REDIS_KEY_PREFIX}:{key}"
        pipe.incr(full_key)
        pipe.expire(full_key, seconds + 1, nx=True)
    results = pipe.execute()
    return [int(count) for count in results[::2]]


def _hit_database(counters: list[tuple[str, int, int]]) -> list[int]:
    from kaaring.ratelimits.models import RateLimitCounter

    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    key_col, count_col = connection.ops.quote_name("key"), connection.ops.quote_name("count")
    # The same counter twice in one statement would make the upsert fail; count it once.
    unique = list(dict.fromkeys((key, start) for key, start, _ in counters))
    expires = {(key, start): end for key, start, end in counters}
    values = ", ".join(["(%s, %s, 1, %s)"] * len(unique))
    params: list[str | int] = []
    for key, start in unique:
        params += [key, start, expires[(key, start)]]
    columns = f"{key_col}, window_start, {count_col}, expires_at"
    source = f"VALUES {values}"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A counter need not survive a crash, so its commit does not wait for the disk: the
        # statement turns synchronous_commit off for its own transaction only. The row lock
        # on a busy counter (one address, many voters) is then held for microseconds rather
        # than a disk flush. Never inside a caller's transaction, whose writes may matter.
        source = (
            f"SELECT v.* FROM ({source}) AS v CROSS JOIN (SELECT set_config("  # noqa: S608
            "'synchronous_commit', 'off', true)) AS durability"
        )
    # One statement is its own transaction in autocommit: no BEGIN/COMMIT round trips.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) {source} "
            f"ON CONFLICT ({key_col}, window_start) DO UPDATE SET {count_col} = "
            f"{table}.{count_col} + 1 RETURNING {key_col}, window_start, {count_col}",
            params,
        )
        rows = cursor.fetchall()
    found = {(str(key), int(start)): int(count) for key, start, count in rows}
    if len(found) != len(unique):  # RETURNING yields every row; this keeps us honest
        raise RuntimeError("The rate-limit upsert did not return every counter.")
    return [found[(key, start)] for key, start, _ in counters]


def ratelimits_prune(*, now: float | None = None) -> int:
    """Delete expired database counters; returns how many."""
    from kaaring.ratelimits.models import RateLimitCounter

    moment = int(now if now is not None else time.time())
    deleted, _ = RateLimitCounter.objects.filter(expires_at__lt=moment).delete()
    return deleted
