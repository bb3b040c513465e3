"""Signals for the organisers' review of a vote: how ballots were cast, never who cast them.

Each counted ballot may have one ``BallotSignals`` row (subnet key, user-agent family,
proof-of-work solve time, e-mail domain, seconds from loading the form to voting); a vote form
that comes back with the honeypot filled in leaves a ``HoneypotHit`` and no ballot. Both are
deleted ``VOTE_SIGNALS_RETENTION_DAYS`` (default 90) after the edition's voting closes, by
``ballot_signals_purge`` (command ``voting_purge_signals``); the ballots themselves stay.
The raw User-Agent header and the e-mail address are never stored: only a short family name and
the address's registrable domain. See docs/decisions/0006-ballot-signals.md.
"""

import dataclasses
import datetime as dt
import logging
import re

from django.conf import settings
from django.utils import timezone

from kaaring.voting.models import BallotSignals, HoneypotHit, ProofOfWorkClaim

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 90

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari"; "HeadlessChrome"
# matches none of the browsers and ends as "bot".
_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("edge", re.compile(r"\bEdg(e|A|iOS)?/", re.I)),
    ("opera", re.compile(r"\b(OPR|Opera)/", re.I)),
    ("samsung", re.compile(r"\bSamsungBrowser/", re.I)),
    ("firefox", re.compile(r"\b(Firefox|FxiOS)/", re.I)),
    ("chrome", re.compile(r"\b(Chrome|Chromium|CriOS)/", re.I)),
    ("safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/", re.I)),
    ("curl", re.compile(r"^curl/", re.I)),
    ("wget", re.compile(r"^Wget/", re.I)),
    ("python", re.compile(r"\b(python-requests|python-urllib|Python-urllib|aiohttp|httpx)", re.I)),
    ("bot", re.compile(r"bot\b|crawler|spider|headless", re.I)),
)

# Second-level labels under which a country code's names are registered (co.uk, com.au …):
# a short list instead of the whole Public Suffix List, enough for a review signal.
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ac", "gov", "edu", "ne", "or"})


def user_agent_family(user_agent: str) -> str | None:
    """A short family name for a User-Agent header, or None when there is none."""
    user_agent = user_agent.strip()[:512]
    if not user_agent:
        return None
    for family, pattern in _FAMILIES:
        if pattern.search(user_agent):
            return family
    return "other"


def registrable_domain(address: str) -> str | None:
    """The registrable domain of an e-mail address ("post.example.co.uk" → "example.co.uk")."""
    _, at, domain = address.rpartition("@")
    labels = [label for label in domain.strip().rstrip(".").lower().split(".") if label]
    if not at or len(labels) < 2:
        return None
    size = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-size:])[:253]


def signals_values(
    *,
    subnet_key: str | None = None,
    proof_of_work_ms: int | None = None,
    user_agent_family: str | None = None,
    email_domain: str | None = None,
    seconds_to_vote: int | None = None,
) -> dict[str, object] | None:
    """The signals row of a ballot just cast, as column values; None if nothing was observed
    (then no row is stored). ``ballot_cast`` inserts it with the ballot."""
    values: dict[str, object] = {
        "subnet_key": subnet_key or None,
        "proof_of_work_ms": proof_of_work_ms,
        "user_agent_family": user_agent_family[:20] if user_agent_family else None,
        "email_domain": email_domain or None,
        "seconds_to_vote": seconds_to_vote,
    }
    if all(value is None for value in values.values()):
        return None
    return values


def honeypot_hit_record(
    *, edition_id: int, subnet_key: str | None, user_agent_family: str | None
) -> HoneypotHit:
    return HoneypotHit.objects.create(
        edition_id=edition_id,
        subnet_key=subnet_key or None,
        user_agent_family=user_agent_family[:20] if user_agent_family else None,
    )


def retention_days() -> int:
    value = getattr(settings, "VOTE_SIGNALS_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("VOTE_SIGNALS_RETENTION_DAYS must be a whole number of days, 0 or more")
    return value


@dataclasses.dataclass(frozen=True)
class SignalsPurged:
    ballot_signals: int
    honeypot_hits: int
    proof_of_work_claims: int = 0


def ballot_signals_purge(*, now: dt.datetime | None = None) -> SignalsPurged:
    """Delete the signals of editions whose voting closed more than the retention ago."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    signals, _ = BallotSignals.objects.filter(
        ballot__edition__voting_closes_at__lte=cutoff
    ).delete()
    hits, _ = HoneypotHit.objects.filter(edition__voting_closes_at__lte=cutoff).delete()
    # A claim only matters while its challenge can still be verified.
    claims, _ = ProofOfWorkClaim.objects.filter(expires_at__lt=now or timezone.now()).delete()
    logger.info(
        "vote.signals.purged ballot_signals=%s honeypot_hits=%s proof_of_work_claims=%s",
        signals,
        hits,
        claims,
    )
    return SignalsPurged(ballot_signals=signals, honeypot_hits=hits, proof_of_work_claims=claims)
