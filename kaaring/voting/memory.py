"""What a process remembers for a moment, so that a busy request skips a lookup.

Used on the vote's hot paths for things the ballot's own INSERT checks again in the database
(what a vote address or a link points at) or that never change once committed (an edition's
secret). Each worker process has its own; nothing here is shared or needs invalidating across
processes. Thread-safe enough for gunicorn's threads: single dict operations under the GIL,
and the worst a race does is one extra lookup.
"""

import math
import time
from collections.abc import Callable, Hashable

_all: list["Recent[Hashable, object]"] = []


class Recent[K: Hashable, V]:
    """Values looked up less than ``seconds`` ago (``math.inf``: for the process's life), at
    most ``kept`` of them (all are dropped when that many are held: simpler than an LRU, and
    refilled by the next requests)."""

    def __init__(self, *, seconds: float = math.inf, kept: int = 1000) -> None:
        self.seconds, self.kept = seconds, kept
        self._values: dict[K, tuple[float, V]] = {}
        _all.append(self)  # type: ignore[arg-type]

    def get(self, key: K, lookup: Callable[[], V], *, remember: bool = True) -> V:
        """The remembered value, or ``lookup()`` (remembered if ``remember``)."""
        now = time.monotonic()
        known = self._values.get(key)
        if known is not None and known[0] > now:
            return known[1]
        value = lookup()
        if remember:
            if len(self._values) >= self.kept:
                self._values.clear()
            self._values[key] = (now + self.seconds, value)
        return value

    def forget(self) -> None:
        self._values.clear()


def forget_all() -> None:
    """Empty every process memory (tests start from a clean slate: ids repeat between them)."""
    for memory in _all:
        memory.forget()
