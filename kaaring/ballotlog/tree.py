"""The stored tree of an edition: perfect subtree hashes read from ``LogEntry`` (level 0) and
``LogNode`` (above), in one query per table, for proofs and roots of any size."""

from collections.abc import Callable, Iterable

from django.db.models import Q

from kaaring.ballotlog import merkle
from kaaring.ballotlog.models import LogEntry, LogNode


def nodes_fetch(
    *, edition_id: int, wanted: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], bytes]:
    by_level: dict[int, list[int]] = {}
    for level, index in wanted:
        by_level.setdefault(level, []).append(index)
    found: dict[tuple[int, int], bytes] = {}
    leaves = by_level.pop(0, [])
    if leaves:
        for index, digest in LogEntry.objects.filter(
            edition_id=edition_id, index__in=leaves
        ).values_list("index", "leaf_hash"):
            found[(0, index)] = bytes(digest)
    if by_level:
        condition = Q()
        for level, indexes in by_level.items():
            condition |= Q(level=level, index__in=indexes)
        for level, index, digest in LogNode.objects.filter(
            condition, edition_id=edition_id
        ).values_list("level", "index", "hash"):
            found[(level, index)] = bytes(digest)
    return found


def compute[T](edition_id: int, work: Callable[[merkle.NodeSource], T]) -> T:
    """Run ``work`` (a root or a proof) against the stored tree, reading only what it needs."""
    recorder = merkle.RecordingSource()
    work(recorder)
    return work(merkle.DictSource(nodes_fetch(edition_id=edition_id, wanted=recorder.wanted)))


def frontier_load(*, edition_id: int, size: int) -> list[tuple[int, int, bytes]]:
    keys = merkle.frontier_nodes(size)
    nodes = nodes_fetch(edition_id=edition_id, wanted=keys)
    return [(level, index, nodes[(level, index)]) for level, index in keys]
