"""Reading a large JSON file a piece at a time, in bounded memory.

The standard library's ``json`` builds the whole document at once: a 100 MB table becomes
several hundred MB of Python objects. The files we read are one object whose bulk is one array
(JSON-stat's ``value`` and ``status``, KLASS's ``classificationItems`` and ``codeChanges``).
This reader walks the top-level object itself and parses every member with the standard
library's own decoder (``raw_decode``), except the members named as streamed, whose elements it
parses and hands over one at a time. The grammar is therefore the standard library's; this
module only finds where the pieces begin and end (see docs/decisions/0010-streaming-imports.md
for why not a streaming JSON library).

What it refuses, each with a ``JsonStreamError`` naming the line: text that is not UTF-8, invalid
JSON, a name given twice in one object, anything after the end of the document (a file
repeated), a member larger than ``MAX_MEMBER_CHARS`` and nesting deeper than the decoder can
follow (never a ``RecursionError``).
"""

import codecs
import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

CHUNK_BYTES = 1 << 16
# A member that is not streamed (a table's dimension metadata) is held whole; real ones are a
# few hundred kB.
MAX_MEMBER_CHARS = 32 * 2**20
# A value that ends, or fails, this close to the end of the text held is read again with more.
_MARGIN = 64
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class JsonStreamError(Exception):
    def __init__(self, reason: str, *, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(reason)


class _RepeatedNameError(Exception):  # not a ValueError: json's decoder must not swallow it
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise _RepeatedNameError(name)
        found[name] = value
    return found


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_pairs)


@dataclass(frozen=True)
class Streamed:
    """A member passed over without being built: its kind and how many elements it holds."""

    kind: str  # "array" or "object"
    count: int


class _Reader:
    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.at = 0
        self.line = 1  # the line on which ``self.text`` begins
        self.eof = False
        self.bytes_read = 0

    def error(self, reason: str, at: int | None = None) -> JsonStreamError:
        where = self.at if at is None else at
        return JsonStreamError(reason, line=self.line + self.text.count("\n", 0, where))

    def fill(self, wanted: int = 0) -> bool:
        """Read more text after what is held; False at the end of the file."""
        if self.eof:
            return False
        if self.at:
            self.line += self.text.count("\n", 0, self.at)
            self.text = self.text[self.at :]
            self.at = 0
        data = self.stream.read(max(wanted, CHUNK_BYTES))
        try:
            self.text += self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise self.error(f"not UTF-8 text (byte {self.bytes_read + exc.start})") from exc
        self.bytes_read += len(data)
        self.eof = not data
        return True

    def peek(self) -> str:
        """The next character that is not white space, or "" at the end of the file."""
        while True:
            self.at = _WHITESPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text):
                return self.text[self.at]
            if not self.fill():
                return ""

    def expect(self, char: str, what: str) -> None:
        found = self.peek()
        if found != char:
            shown = repr(found) if found else "the end of the file"
            raise self.error(f"not valid JSON: expected {what}, found {shown}")
        self.at += 1

    def value(self) -> Any:
        """The next value, whole."""
        self.peek()
        while True:
            try:
                found, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as exc:
                cut = len(self.text) - exc.pos < _MARGIN or exc.msg.startswith("Unterminated")
                if not cut:
                    raise self.error(f"not valid JSON: {exc.msg}", exc.pos) from None
                if self.eof:
                    raise self.error(f"not valid JSON (truncated?): {exc.msg}", exc.pos) from None
                if len(self.text) - self.at > MAX_MEMBER_CHARS:
                    raise self.error(
                        f"one value is larger than {MAX_MEMBER_CHARS // 2**20} MB"
                    ) from None
                self.fill(len(self.text) - self.at)  # twice as much: linear, not quadratic
                continue
            except RecursionError:
                raise self.error("nested too deeply (arrays or objects in each other)") from None
            except _RepeatedNameError as exc:
                raise self.error(f"the name {exc.args[0]!r} appears twice in one object") from None
            if len(self.text) - end < _MARGIN and not self.eof:
                self.fill()  # "1.5" may be "1.5e3" and "nu" "null" once the next chunk is in
                continue
            self.at = end
            return found

    def elements(self) -> Iterator[Any]:
        """The elements of the array that begins here, one at a time."""
        self.expect("[", "'['")
        if self.peek() == "]":
            self.at += 1
            return
        while True:
            yield self.value()
            if self.peek() == "]":
                self.at += 1
                return
            self.expect(",", "',' or ']'")

    def members(self) -> Iterator[str]:
        """The names of the object that begins here; the caller reads each member's value."""
        self.expect("{", "'{'")
        if self.peek() == "}":
            self.at += 1
            return
        seen: set[str] = set()
        while True:
            if self.peek() != '"':
                raise self.error("not valid JSON: expected a name in double quotes")
            name = self.value()
            if name in seen:
                raise self.error(f"the name {name!r} appears twice in one object")
            seen.add(name)
            self.expect(":", "':'")
            yield name
            if self.peek() == "}":
                self.at += 1
                return
            self.expect(",", "',' or '}'")

    def pass_over(self) -> Streamed | Any:
        """Read past the next value without building it when it is an array or an object."""
        first = self.peek()
        if first == "[":
            return Streamed("array", sum(1 for _ in self.elements()))
        if first == "{":
            count = 0
            for _ in self.members():
                self.value()
                count += 1
            return Streamed("object", count)
        return self.value()


def top_level(stream: BinaryIO, *, streamed: Collection[str] = ()) -> dict[str, Any]:
    """The document's top-level object; members named in ``streamed`` that are arrays or
    objects are read past and given as ``Streamed``. Checks that nothing follows the object."""
    reader = _Reader(stream)
    if reader.peek() != "{":
        raise reader.error("not a JSON object")
    found: dict[str, Any] = {}
    for name in reader.members():
        found[name] = reader.pass_over() if name in streamed else reader.value()
    if reader.peek() != "":
        raise reader.error("text after the end of the JSON document (a file repeated?)")
    return found


class MemberStream:
    """The elements of one top-level member (an array's values, or an object's name and
    value pairs), one at a time; ``bytes_read`` says how far into the file it has come."""

    def __init__(self, stream: BinaryIO, name: str) -> None:
        self.reader = _Reader(stream)
        self.name = name

    @property
    def bytes_read(self) -> int:
        return self.reader.bytes_read

    def __iter__(self) -> Iterator[Any]:
        reader = self.reader
        for name in reader.members():
            if name != self.name:
                reader.pass_over()
                continue
            first = reader.peek()
            if first == "[":
                yield from reader.elements()
            elif first == "{":
                for key in reader.members():
                    yield key, reader.value()
            else:
                raise reader.error(f"{self.name!r} is neither an array nor an object")
            return
        raise reader.error(f"no {self.name!r} in the document")
