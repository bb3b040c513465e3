"""Rate limits by purpose, correct across worker processes.

Each purpose is declared once in ``LIMITS`` with its limit, window and a comment saying why.
Counting uses Redis (``INCR`` + ``EXPIRE`` in one round trip) when ``REDIS_URL`` is set, and
otherwise an atomic upsert in the database. Keys are hashed so that no IP address or other
identifier is stored in clear.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction


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
}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int


def _hashed(purpose: str, identifier: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), identifier.encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"rl:{purpose}:{digest}"


def ratelimit_hit(*, purpose: str, identifier: str, now: float | None = None) -> Verdict:
    """Count one event for ``identifier`` under ``purpose`` and say whether it is allowed."""
    limit = LIMITS[purpose]
    if not settings.RATELIMITS_ENABLED:
        return Verdict(allowed=True, count=0, retry_after=0)
    moment = int(now if now is not None else time.time())
    window_start = moment - moment % limit.seconds
    retry_after = window_start + limit.seconds - moment
    key = _hashed(purpose, identifier)
    if settings.RATELIMIT_BACKEND == "redis":
        count = _hit_redis(f"{key}:{window_start}", limit.seconds)
    else:
        count = _hit_database(key, window_start, window_start + limit.seconds)
    return Verdict(allowed=count <= limit.count, count=count, retry_after=retry_after)


def _hit_redis(key: str, seconds: int) -> int:
    from django.core.cache import cache

    client = cache._cache.get_client(key, write=True)  # type: ignore[attr-defined]
    full_key = cache.make_key(key)
    pipe = client.pipeline()
    pipe.incr(full_key)
    pipe.expire(full_key, seconds + 1, nx=True)
    count, _ = pipe.execute()
    return int(count)


def _hit_database(key: str, window_start: int, expires_at: int) -> int:
    from kaaring.ratelimits.models import RateLimitCounter

    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    key_col, count_col = connection.ops.quote_name("key"), connection.ops.quote_name("count")
    with transaction.atomic(), connection.cursor() as cursor:
        # One statement, so concurrent workers never lose a count (no read-modify-write).
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, window_start, {count_col}, expires_at) "  # noqa: S608
            "VALUES (%s, %s, 1, %s) "
            f"ON CONFLICT ({key_col}, window_start) DO UPDATE SET {count_col} = "
            f"{table}.{count_col} + 1 RETURNING {count_col}",
            [key, window_start, expires_at],
        )
        row = cursor.fetchone()
    if row is None:  # RETURNING always yields the row; this keeps the type checker honest
        raise RuntimeError("The rate-limit upsert returned no row.")
    return int(row[0])


def ratelimits_prune(*, now: float | None = None) -> int:
    """Delete expired database counters; returns how many."""
    from kaaring.ratelimits.models import RateLimitCounter

    moment = int(now if now is not None else time.time())
    deleted, _ = RateLimitCounter.objects.filter(expires_at__lt=moment).delete()
    return deleted
