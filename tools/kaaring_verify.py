#!/usr/bin/env python3
"""kaaring-verify: check a Kåring ballot log and recount it, from the published file alone.

    python3 tools/kaaring_verify.py FILE_OR_URL

Checks every checkpoint's Ed25519 signature, every consistency proof between consecutive
checkpoints, that the leaves rebuild each checkpoint's root, and the signed invalidation list;
then recounts the ballots per nominee and voting mode, applies the invalidations and compares
the result with the published one. Prints the recount.

Exit status: 0 the log verifies and the recount matches; 1 it does not (with what failed);
2 the file cannot be read or is not a ballot log.

This module is independent of Kåring on purpose: it imports only the standard library and
``cryptography``, follows docs/ballot-log.md, and reads the file as a stream (one value at a
time, never more than ``MAX_VALUE`` characters of it at once), so a file of any size is
checked in bounded memory.
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "kaaring-ballot-log"
VERSION = 1
LEAF_SIZE = 50
RECEIPT_DOMAIN = b"kaaring/receipt/v1\x00"
MODES = {1: "open", 2: "email", 3: "eid"}
MAX_VALUE = 16 * 1024 * 1024  # characters of one JSON value held at once
MAX_INT = 2**63 - 1
READ_SIZE = 64 * 1024
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
HEX32 = re.compile(r"[0-9a-f]{64}\Z")
HEX64 = re.compile(r"[0-9a-f]{128}\Z")
WORD = re.compile(r"[a-z][a-z_]{0,39}\Z")
TOP_KEYS = (
    "format",
    "version",
    "edition",
    "public_key",
    "nominees",
    "result",
    "checkpoints",
    "invalidations",
    "leaves",
)

EXIT_OK, EXIT_MISMATCH, EXIT_UNREADABLE = 0, 1, 2


class Unreadable(Exception):  # noqa: N818 - a state of the input
    """The input is not a readable ballot log (exit 2)."""


class Mismatch(Exception):  # noqa: N818
    """The log does not verify (exit 1)."""


# --- RFC 9162 §2.1 --------------------------------------------------------------------------


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_consistency(m: int, n: int, old: bytes, new: bytes, proof: list[bytes]) -> bool:
    """RFC 9162 §2.1.4.2 (from an empty tree: an empty proof; equal sizes: equal roots)."""
    if m == 0:
        return not proof
    if m == n:
        return not proof and old == new
    if not proof:
        return False
    path = [old, *proof] if m & (m - 1) == 0 else list(proof)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old and sr == new and sn == 0


class Tree:
    """The right edge of a growing tree: O(log n) hashes, the root at any size."""

    def __init__(self) -> None:
        self.size = 0
        self.stack: list[tuple[int, bytes]] = []

    def append(self, digest: bytes) -> None:
        level = 0
        while self.stack and self.stack[-1][0] == level:
            digest = node_hash(self.stack.pop()[1], digest)
            level += 1
        self.stack.append((level, digest))
        self.size += 1

    def root(self) -> bytes:
        if not self.stack:
            return hashlib.sha256(b"").digest()
        result = self.stack[-1][1]
        for _, digest in reversed(self.stack[:-1]):
            result = node_hash(digest, result)
        return result


# --- Signed statements (docs/ballot-log.md) -------------------------------------------------


def checkpoint_message(edition: int, c: dict[str, Any]) -> bytes:
    lines = [
        "kaaring/checkpoint/v1",
        f"edition {edition}",
        f"sequence {c['sequence']}",
        f"size {c['size']}",
        f"root {c['root']}",
        f"time {c['time']}",
        f"final {int(c['final'])}",
    ]
    return "".join(line + "\n" for line in lines).encode()


def result_message(edition: int, res: dict[str, Any], nominees: list[tuple[int, str]]) -> bytes:
    winner = res["winner"]
    lines = [
        "kaaring/result/v1",
        f"edition {edition}",
        f"size {res['size']}",
        f"winner {winner if winner is not None else 'none'}",
        f"nominees {len(nominees)}",
        *(f"nominee {nominee} {name}" for nominee, name in nominees),
        f"counts {len(res['counts'])}",
        *(f"count {c['nominee']} {c['mode']} {c['valid']}" for c in res["counts"]),
    ]
    return "".join(line + "\n" for line in lines).encode()


def invalidations_message(edition: int, inv: dict[str, Any]) -> bytes:
    lines = [
        "kaaring/invalidations/v1",
        f"edition {edition}",
        f"version {inv['version']}",
        f"size {inv['size']}",
        f"count {len(inv['entries'])}",
        *(f"{index} {reason} {role}" for index, reason, role in inv["entries"]),
    ]
    return "".join(line + "\n" for line in lines).encode()


# --- Streaming JSON -------------------------------------------------------------------------


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


_decoder = json.JSONDecoder(parse_constant=_no_constants)


class Stream:
    """A JSON document read one value at a time from a byte stream, strictly UTF-8."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.utf8 = codecs.getincrementaldecoder("utf-8")("strict")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0  # characters dropped from the front of buf

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.raw.read(READ_SIZE)
        try:
            text = self.utf8.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise Unreadable(
                f"The file is not valid UTF-8 (near character {self.where()})."
            ) from None
        if not chunk:
            self.eof = True
        if self.pos > READ_SIZE:
            self.consumed += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += text
        return True

    def where(self) -> int:
        return self.consumed + self.pos

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            shown = repr(found) if found else "the end of the file"
            raise Unreadable(f"Expected {char!r} at character {self.where()}, found {shown}.")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                if len(self.buf) - self.pos > MAX_VALUE:
                    raise Unreadable(
                        f"A value at character {self.where()} is larger than the verifier "
                        f"reads at once ({MAX_VALUE} characters)."
                    ) from None
                if self._more():
                    continue
                raise Unreadable(
                    f"Malformed JSON at character {self.consumed + error.pos}: {error.msg}."
                ) from None
            except (ValueError, RecursionError) as error:
                raise Unreadable(f"Unusable value at character {self.where()}: {error}.") from None
            # A number or literal that ends with the buffer may go on in the next chunk.
            if end == len(self.buf) and not self.eof and self._more():
                continue
            self.pos = end
            return value

    def array(self) -> Iterator[Any]:
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("]")
            return

    def key(self, wanted: str) -> None:
        at = self.where()
        name = self.value()
        if name != wanted:
            raise Unreadable(f"Expected the key {wanted!r} at character {at}, found {name!r}.")
        self.expect(":")


# --- Checks of shapes -----------------------------------------------------------------------


def _int(value: Any, what: str) -> int:
    if type(value) is not int or not 0 <= value <= MAX_INT:
        raise Unreadable(f"{what} must be a whole number from 0 to {MAX_INT}, not {value!r:.40}.")
    return value


def _hex(value: Any, pattern: re.Pattern[str], what: str) -> bytes:
    if not isinstance(value, str) or not pattern.match(value):
        raise Unreadable(f"{what} must be lowercase hexadecimal of the right length.")
    return bytes.fromhex(value)


def _dict(value: Any, keys: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unreadable(f"{what} must be an object.")
    missing = [k for k in keys if k not in value]
    if missing:
        raise Unreadable(f"{what} lacks {', '.join(missing)}.")
    return value


# --- The verifier ---------------------------------------------------------------------------


class Verifier:
    def __init__(self, stream: Stream, say: Callable[[str], None]) -> None:
        self.s = stream
        self.say = say
        self.problems: list[str] = []

    def fail(self, message: str) -> None:
        self.problems.append(message)
        self.say(f"FAIL  {message}")

    def run(self) -> None:
        s = self.s
        s.expect("{")
        s.key("format")
        if s.value() != FORMAT:
            raise Unreadable(f"This is not a Kåring ballot log (format is not {FORMAT!r}).")
        s.expect(",")
        s.key("version")
        if s.value() != VERSION:
            raise Unreadable(f"This verifier reads version {VERSION} of the format only.")
        s.expect(",")
        s.key("edition")
        edition = _dict(s.value(), ("id",), "edition")
        self.edition = _int(edition["id"], "edition.id")
        s.expect(",")
        s.key("public_key")
        try:
            self.key = Ed25519PublicKey.from_public_bytes(_hex(s.value(), HEX32, "public_key"))
        except ValueError:
            raise Unreadable("public_key is not an Ed25519 public key.") from None
        s.expect(",")
        s.key("nominees")
        self.nominees = self._nominees(s.value())
        s.expect(",")
        s.key("result")
        self.published = self._result(s.value())
        s.expect(",")
        s.key("checkpoints")
        self._checkpoints(s.array())
        s.expect(",")
        s.key("invalidations")
        self._invalidations(s.value())
        s.expect(",")
        s.key("leaves")
        self._leaves(s.array())
        s.expect("}")
        if s.peek() != "":
            raise Unreadable(f"Unexpected data after the log at character {s.where()}.")
        self._recount()

    def _nominees(self, value: Any) -> dict[int, str]:
        if not isinstance(value, list):
            raise Unreadable("nominees must be a list.")
        self.nominee_list: list[tuple[int, str]] = []
        for item in value:
            item = _dict(item, ("id", "name"), "a nominee")
            name = item["name"]
            if not isinstance(name, str) or name != " ".join(name.split()):
                raise Unreadable("A nominee's name must be text with single spaces only.")
            self.nominee_list.append((_int(item["id"], "nominee id"), name))
        return dict(self.nominee_list)

    def _result(self, value: Any) -> dict[tuple[int, str], int]:
        result = _dict(value, ("size", "winner", "counts", "signature"), "result")
        self.result_size = _int(result["size"], "result size")
        if result["winner"] is not None:
            _int(result["winner"], "result winner")
        signature = _hex(result["signature"], HEX64, "result signature")
        if not isinstance(result["counts"], list):
            raise Unreadable("result.counts must be a list.")
        counts: dict[tuple[int, str], int] = {}
        for item in result["counts"]:
            item = _dict(item, ("nominee", "mode", "valid"), "a published count")
            if item["mode"] not in MODES.values():
                raise Unreadable(f"A published count has an unknown mode {item['mode']!r:.20}.")
            key = (_int(item["nominee"], "result nominee"), item["mode"])
            counts[key] = counts.get(key, 0) + _int(item["valid"], "result valid count")
        try:
            self.key.verify(signature, result_message(self.edition, result, self.nominee_list))
        except InvalidSignature:
            self.fail("The published result's signature does not match: names or counts changed.")
        return counts

    def _checkpoints(self, items: Iterator[Any]) -> None:
        self.roots: dict[int, list[tuple[int, bytes]]] = {}
        previous: dict[str, Any] | None = None
        count = 0
        for value in items:
            count += 1
            c = _dict(
                value,
                ("sequence", "size", "root", "time", "final", "consistency", "signature"),
                f"checkpoint {count}",
            )
            sequence = _int(c["sequence"], "checkpoint sequence")
            size = _int(c["size"], "checkpoint size")
            root = _hex(c["root"], HEX32, f"checkpoint {sequence} root")
            signature = _hex(c["signature"], HEX64, f"checkpoint {sequence} signature")
            if not isinstance(c["time"], str) or not TIME.match(c["time"]):
                raise Unreadable(f"checkpoint {sequence} time must be like 2019-02-08T11:00:00Z.")
            if not isinstance(c["final"], bool):
                raise Unreadable(f"checkpoint {sequence} final must be true or false.")
            if not isinstance(c["consistency"], list):
                raise Unreadable(f"checkpoint {sequence} consistency must be a list.")
            proof = [_hex(h, HEX32, f"checkpoint {sequence} proof") for h in c["consistency"]]
            try:
                self.key.verify(signature, checkpoint_message(self.edition, c))
            except InvalidSignature:
                self.fail(f"Checkpoint {sequence}: the signature does not match.")
            if sequence != count:
                self.fail(
                    f"Checkpoint {count} in the file says sequence {sequence}: "
                    "checkpoints are missing, reordered or replayed."
                )
            if previous is not None:
                if previous["final"]:
                    self.fail(f"Checkpoint {sequence} comes after the final checkpoint.")
                if c["time"] < previous["time"]:
                    self.fail(f"Checkpoint {sequence} is older than the one before it.")
                if size < previous["size"]:
                    self.fail(f"Checkpoint {sequence} is smaller than the one before it.")
                elif not verify_consistency(
                    previous["size"], size, bytes.fromhex(previous["root"]), root, proof
                ):
                    self.fail(
                        f"Checkpoint {sequence} is not consistent with checkpoint "
                        f"{previous['sequence']}: the log was rewritten between them."
                    )
            elif proof:
                self.fail(f"Checkpoint {sequence} is the first yet carries a consistency proof.")
            self.roots.setdefault(size, []).append((sequence, root))
            previous = c
        if previous is None:
            raise Mismatch("The file has no checkpoints.")
        self.last = previous
        if previous["size"] != self.result_size:
            self.fail(
                f"The result was signed for {self.result_size} ballots, the last checkpoint "
                f"covers {previous['size']}."
            )
        if not previous["final"]:
            self.fail("The last checkpoint is not the final one: the log is not complete.")
        self.say(f"ok    {count} checkpoints, signatures and consistency checked")

    def _invalidations(self, value: Any) -> None:
        self.invalid: set[int] = set()
        if value is None:
            self.fail("The file has no signed invalidation list.")
            return
        inv = _dict(value, ("version", "size", "entries", "signature"), "invalidations")
        _int(inv["version"], "invalidations version")
        size = _int(inv["size"], "invalidations size")
        signature = _hex(inv["signature"], HEX64, "invalidations signature")
        if not isinstance(inv["entries"], list):
            raise Unreadable("invalidations.entries must be a list.")
        last = -1
        for entry in inv["entries"]:
            if not (isinstance(entry, list) and len(entry) == 3):
                raise Unreadable("Each invalidation must be [leaf index, reason, role].")
            index = _int(entry[0], "invalidated leaf index")
            if not all(isinstance(w, str) and WORD.match(w) for w in entry[1:]):
                raise Unreadable("An invalidation's reason and role must be short lowercase words.")
            if index <= last:
                self.fail(f"Invalidation of leaf {index} is out of order or repeated.")
            if index >= size:
                self.fail(f"Invalidation of leaf {index} lies outside the log it was signed for.")
            last = index
            self.invalid.add(index)
        try:
            self.key.verify(signature, invalidations_message(self.edition, inv))
        except InvalidSignature:
            self.fail("The invalidation list's signature does not match: it was changed.")
        self.say(f"ok    {len(self.invalid)} invalidations read")

    def _leaves(self, items: Iterator[Any]) -> None:
        tree = Tree()
        self.raw: dict[tuple[int, str], int] = {}
        self.removed: dict[tuple[int, str], int] = {}
        for sequence, root in self.roots.get(0, []):
            if root != tree.root():
                self.fail(f"Checkpoint {sequence}: the empty log does not have this root.")
        for value in items:
            index = tree.size
            if not isinstance(value, str) or len(value) != 2 * LEAF_SIZE:
                raise Unreadable(f"Leaf {index} must be {LEAF_SIZE} bytes in hexadecimal.")
            try:
                leaf = bytes.fromhex(value)
            except ValueError:
                raise Unreadable(f"Leaf {index} is not hexadecimal.") from None
            if leaf[0] != 1:
                raise Unreadable(f"Leaf {index} has an unknown version {leaf[0]}.")
            if int.from_bytes(leaf[1:9], "big") != self.edition:
                self.fail(f"Leaf {index} belongs to another edition.")
            nominee = int.from_bytes(leaf[41:49], "big")
            mode = MODES.get(leaf[49])
            if mode is None:
                raise Unreadable(f"Leaf {index} has an unknown voting mode {leaf[49]}.")
            if nominee not in self.nominees:
                self.fail(f"Leaf {index} names nominee {nominee}, who is not in the edition.")
            key = (nominee, mode)
            self.raw[key] = self.raw.get(key, 0) + 1
            if index in self.invalid:
                self.removed[key] = self.removed.get(key, 0) + 1
            tree.append(leaf_hash(leaf))
            for sequence, root in self.roots.get(tree.size, []):
                if root != tree.root():
                    self.fail(
                        f"Checkpoint {sequence}: leaves 0 to {tree.size - 1} do not rebuild its "
                        "root (a leaf was changed, added, removed or moved)."
                    )
        final_size = self.last["size"]
        if tree.size != final_size:
            self.fail(
                f"The file has {tree.size} leaves, the last checkpoint covers {final_size}: "
                "leaves were added or removed."
            )
        else:
            self.say(f"ok    {tree.size} leaves rebuild the checkpoints' roots")

    def _recount(self) -> None:
        valid = {key: n - self.removed.get(key, 0) for key, n in self.raw.items()}
        self.say("")
        self.say(f"{'nominee':<32} {'mode':<6} {'ballots':>8} {'invalid':>8} {'valid':>8} "
                 f"{'published':>9}")  # fmt: skip
        keys = sorted(set(valid) | set(self.published))
        for key in keys:
            nominee, mode = key
            name = self.nominees.get(nominee, f"#{nominee}")[:32]
            published = self.published.get(key, 0)
            mark = "" if published == valid.get(key, 0) else "  <- differs"
            self.say(
                f"{name:<32} {mode:<6} {self.raw.get(key, 0):>8} {self.removed.get(key, 0):>8} "
                f"{valid.get(key, 0):>8} {published:>9}{mark}"
            )
            if mark:
                self.fail(
                    f"{name} ({mode}): the recount gives {valid.get(key, 0)} valid ballots, "
                    f"the published result {published}."
                )
        self.say("")


def _open(target: str) -> IO[bytes]:
    if re.match(r"https?://", target):
        try:
            return urllib.request.urlopen(target, timeout=60)  # noqa: S310 - scheme checked
        except (urllib.error.URLError, ValueError, OSError) as error:
            raise Unreadable(f"Cannot fetch {target}: {error}.") from None
    try:
        return open(target, "rb")
    except OSError as error:
        raise Unreadable(f"Cannot open {target}: {error.strerror}.") from None


def verify(raw: IO[bytes], say: Callable[[str], None] = print) -> int:
    """Verify the log read from ``raw``; the exit status (and messages through ``say``)."""
    verifier = Verifier(Stream(raw), say)
    try:
        verifier.run()
    except Unreadable as error:
        say(f"error: {error}")
        return EXIT_UNREADABLE
    except Mismatch as error:
        verifier.fail(str(error))
    if verifier.problems:
        say(f"The log does NOT verify: {len(verifier.problems)} problem(s).")
        return EXIT_MISMATCH
    say("The log verifies: signatures, consistency, leaves and the recount all match.")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kaaring-verify",
        description="Verify a Kåring ballot log and recount it (docs/ballot-log.md).",
    )
    parser.add_argument("source", metavar="FILE_OR_URL", help="the log file, or its https URL")
    args = parser.parse_args(argv)
    try:
        raw = _open(args.source)
    except Unreadable as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    with raw:
        try:
            return verify(raw)
        except (OSError, MemoryError) as error:
            print(f"error: reading failed: {error}", file=sys.stderr)
            return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
