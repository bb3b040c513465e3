"""The canonical bytes of the log: a ballot's leaf, and the statements that are signed.

Everything here is specified in docs/ballot-log.md, byte for byte, so that a verifier in any
language can rebuild it; change nothing without a new version number there.

A leaf (50 bytes, version 1)::

    0x01                         version
    edition id                   8 bytes, unsigned big-endian
    commitment                   32 bytes: SHA-256("kaaring/receipt/v1" 0x00 ‖ edition id
                                 (8 bytes) ‖ receipt in ASCII, as shown: XXXX-XXXX-XXXX)
    nominee id                   8 bytes, unsigned big-endian
    mode                         1 byte: 0x01 open, 0x02 e-mail, 0x03 e-ID

The receipt itself is never in the log, nor the voter key, the address or the time of the
ballot (a checkpoint's time is the finest the log tells). Signed statements are short UTF-8
texts, one ``key value`` per line, each line ending in a line feed.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable

LEAF_VERSION = 1
LEAF_SIZE = 50
RECEIPT_DOMAIN = b"kaaring/receipt/v1\x00"
MODE_CODES = {"open": 1, "email": 2, "eid": 3}
MODE_NAMES = {code: mode for mode, code in MODE_CODES.items()}

CHECKPOINT_HEADER = "kaaring/checkpoint/v1"
INVALIDATIONS_HEADER = "kaaring/invalidations/v1"
RESULT_HEADER = "kaaring/result/v1"

# Why a ballot was invalidated, as the public list says it (the organisers' own reason text may
# name people and is never published): after the review of suspicious ballots.
REASON_REVIEW = "review"
# Who approved it, as a role: a second organiser of the organisation (four eyes).
ROLE_ORGANISER = "organiser"


def commitment(*, edition_id: int, receipt: str) -> bytes:
    return hashlib.sha256(
        RECEIPT_DOMAIN + edition_id.to_bytes(8, "big") + receipt.encode("ascii")
    ).digest()


def leaf_bytes(*, edition_id: int, receipt: str, nominee_id: int, mode: str) -> bytes:
    return (
        bytes([LEAF_VERSION])
        + edition_id.to_bytes(8, "big")
        + commitment(edition_id=edition_id, receipt=receipt)
        + nominee_id.to_bytes(8, "big")
        + bytes([MODE_CODES[mode]])
    )


def timestamp(at: dt.datetime) -> str:
    """RFC 3339 in UTC to the second, as signed: ``2019-02-08T11:00:00Z``."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def checkpoint_message(
    *, edition_id: int, sequence: int, size: int, root: bytes, at: dt.datetime, final: bool
) -> bytes:
    lines = [
        CHECKPOINT_HEADER,
        f"edition {edition_id}",
        f"sequence {sequence}",
        f"size {size}",
        f"root {root.hex()}",
        f"time {timestamp(at)}",
        f"final {int(final)}",
    ]
    return "".join(line + "\n" for line in lines).encode()


def invalidations_message(
    *, edition_id: int, version: int, size: int, entries: Iterable[tuple[int, str, str]]
) -> bytes:
    rows = sorted(entries)
    lines = [
        INVALIDATIONS_HEADER,
        f"edition {edition_id}",
        f"version {version}",
        f"size {size}",
        f"count {len(rows)}",
        *(f"{index} {reason} {role}" for index, reason, role in rows),
    ]
    return "".join(line + "\n" for line in lines).encode()


def display_name(name: str) -> str:
    """A nominee's name as the signed result states it: whitespace runs as one space."""
    return " ".join(name.split())


def result_message(
    *,
    edition_id: int,
    size: int,
    winner: int | None,
    nominees: Iterable[tuple[int, str]],
    counts: Iterable[tuple[int, str, int]],
) -> bytes:
    """The published outcome the log is recounted against, with the nominees' names, so that a
    file whose names or counts were changed fails its signature."""
    names = list(nominees)
    rows = list(counts)
    lines = [
        RESULT_HEADER,
        f"edition {edition_id}",
        f"size {size}",
        f"winner {winner if winner is not None else 'none'}",
        f"nominees {len(names)}",
        *(f"nominee {nominee} {display_name(name)}" for nominee, name in names),
        f"counts {len(rows)}",
        *(f"count {nominee} {mode} {valid}" for nominee, mode, valid in rows),
    ]
    return "".join(line + "\n" for line in lines).encode()
