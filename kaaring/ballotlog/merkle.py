"""Merkle tree hashing of RFC 9162 §2.1, with inclusion and consistency proofs.

The tree over leaves ``d[0:n]`` is defined recursively: the hash of an empty tree is
SHA-256 of nothing, a single leaf's hash is ``SHA-256(0x00 ‖ leaf)``, and a larger tree splits
at ``k``, the largest power of two smaller than ``n``: ``SHA-256(0x01 ‖ MTH(d[0:k]) ‖
MTH(d[k:n]))``. Every left part of that split is a *perfect* subtree: ``2**level`` leaves
starting at a multiple of ``2**level``. The stored log keeps the hash of every perfect subtree
(``models.LogEntry`` for level 0, ``models.LogNode`` above), so any subtree hash a proof needs
is a lookup or a fold of O(log n) lookups, and appending k leaves writes about 2k hashes.

Proofs are written against a ``NodeSource`` (``perfect(level, index) -> hash``). To read only
what a proof needs from the database, a proof is first run against ``RecordingSource``, which
notes the perfect nodes asked for; those are fetched in one query and the proof runs again
against a ``DictSource``.

Verification (``verify_inclusion``, ``verify_consistency``) follows the algorithms of RFC 9162
§2.1.3.2 and §2.1.4.2 literally, so that it checks the proofs independently of how they were
made. The standalone verifier (``tools/kaaring_verify.py``) has its own copy of them on
purpose: it must import nothing from Kåring.
"""

import hashlib
from collections.abc import Iterable, Sequence
from typing import Protocol

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n`` at least 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class NodeSource(Protocol):
    def perfect(self, level: int, index: int) -> bytes:
        """The hash of leaves ``index * 2**level`` to ``(index + 1) * 2**level - 1``."""
        ...


def subtree_hash(source: NodeSource, start: int, end: int) -> bytes:
    """MTH(d[start:end]) for the ranges the RFC's recursion produces (``start`` aligned)."""
    size = end - start
    if size == 0:
        return EMPTY_ROOT
    if size & (size - 1) == 0 and start % size == 0:
        return source.perfect(size.bit_length() - 1, start // size)
    k = split_point(size)
    return node_hash(subtree_hash(source, start, start + k), subtree_hash(source, start + k, end))


def root(source: NodeSource, size: int) -> bytes:
    return subtree_hash(source, 0, size)


def inclusion_proof(source: NodeSource, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, from the leaf up."""
    if not 0 <= index < size:
        raise ValueError("index outside the tree")
    path: list[bytes] = []
    start, end = 0, size
    # Walk down from the root, collecting the sibling of each step; reversed at the end.
    while end - start > 1:
        k = split_point(end - start)
        if index - start < k:
            path.append(subtree_hash(source, start + k, end))
            end = start + k
        else:
            path.append(subtree_hash(source, start, start + k))
            start += k
    return path[::-1]


def consistency_proof(source: NodeSource, old_size: int, new_size: int) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) of RFC 9162 §2.1.4.1 (empty for equal or zero sizes)."""
    if not 0 <= old_size <= new_size:
        raise ValueError("sizes out of order")
    if old_size in (0, new_size):
        return []
    return _subproof(source, old_size, 0, new_size, True)


def _subproof(source: NodeSource, m: int, start: int, end: int, complete: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if complete else [subtree_hash(source, start, end)]
    k = split_point(n)
    if m <= k:
        return [
            *_subproof(source, m, start, start + k, complete),
            subtree_hash(source, start + k, end),
        ]
    return [
        *_subproof(source, m - k, start + k, end, False),
        subtree_hash(source, start, start + k),
    ]


def verify_inclusion(
    *, index: int, size: int, leaf_digest: bytes, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf_digest
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def verify_consistency(
    *, old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2, with the trivial cases: from an empty tree anything follows (with an
    empty proof), and equal sizes need equal roots."""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == 0:
        return not proof
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


# --- Node sources ---------------------------------------------------------------------------


class LeafSource:
    """All perfect subtrees of a list of leaf hashes, computed on demand (tests, small logs)."""

    def __init__(self, leaf_digests: Sequence[bytes]) -> None:
        self.levels: list[list[bytes]] = [list(leaf_digests)]
        while len(self.levels[-1]) > 1:
            below = self.levels[-1]
            self.levels.append(
                [node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
            )

    def perfect(self, level: int, index: int) -> bytes:
        return self.levels[level][index]


class RecordingSource:
    """Notes which perfect nodes a computation asks for, answering with placeholders."""

    def __init__(self) -> None:
        self.wanted: set[tuple[int, int]] = set()

    def perfect(self, level: int, index: int) -> bytes:
        self.wanted.add((level, index))
        return bytes(HASH_SIZE)


class DictSource:
    def __init__(self, nodes: dict[tuple[int, int], bytes]) -> None:
        self.nodes = nodes

    def perfect(self, level: int, index: int) -> bytes:
        return self.nodes[(level, index)]


# --- Appending ------------------------------------------------------------------------------


def frontier_nodes(size: int) -> list[tuple[int, int]]:
    """The perfect subtrees (level, index) that make up a tree of ``size`` leaves, left first:
    one per set bit of ``size``. Appending needs only these."""
    nodes = []
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            nodes.append((level, start >> level))
            start += 1 << level
    return nodes


def append(
    frontier: list[tuple[int, int, bytes]], size: int, leaf_digests: Iterable[bytes]
) -> tuple[list[tuple[int, int, bytes]], list[tuple[int, int, bytes]]]:
    """Append leaves to a tree given by its frontier (``(level, index, hash)``, left first).

    Returns the new frontier and every perfect node above the leaves that became complete,
    ``(level, index, hash)``, for storing.
    """
    stack = list(frontier)
    made: list[tuple[int, int, bytes]] = []
    for digest in leaf_digests:
        stack.append((0, size, digest))
        size += 1
        while len(stack) >= 2 and stack[-1][0] == stack[-2][0]:
            level, _, right = stack.pop()
            _, left_index, left = stack.pop()
            node = (level + 1, left_index >> 1, node_hash(left, right))
            stack.append(node)
            made.append(node)
    return stack, made


def frontier_root(frontier: Sequence[tuple[int, int, bytes]]) -> bytes:
    """The root of the tree a frontier describes: the RFC's split folds it from the right."""
    if not frontier:
        return EMPTY_ROOT
    result = frontier[-1][2]
    for _, _, digest in reversed(frontier[:-1]):
        result = node_hash(digest, result)
    return result
