"""The tree hashing and proofs against the RFC 9162 definitions, written out naively here."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaaring.ballotlog import merkle


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH of RFC 9162 §2.1.1, word for word."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(
        b"\x01" + reference_root(leaves[:k]) + reference_root(leaves[k:])
    ).digest()


def leaves_of(n: int) -> list[bytes]:
    return [f"leaf {i}".encode() for i in range(n)]


def source_of(leaves: list[bytes]) -> merkle.LeafSource:
    return merkle.LeafSource([merkle.leaf_hash(leaf) for leaf in leaves])


def test_the_empty_tree_has_the_hash_of_nothing() -> None:
    assert merkle.root(source_of([]), 0) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33])
def test_the_root_is_the_rfc_tree_head(n: int) -> None:
    leaves = leaves_of(n)
    assert merkle.root(source_of(leaves), n) == reference_root(leaves)


def test_a_known_vector_from_the_certificate_transparency_tests() -> None:
    # The eight leaves used by RFC 6962's reference implementation (empty, 0x00, 0x10, ...).
    leaves = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243",
              "5051525354555657", "606162636465666768696a6b6c6d6e6f"]]  # fmt: skip
    assert (
        merkle.root(source_of(leaves), 8).hex()
        == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    )


def test_every_inclusion_proof_verifies_and_a_wrong_index_does_not() -> None:
    for n in range(1, 34):
        leaves = leaves_of(n)
        source = source_of(leaves)
        head = merkle.root(source, n)
        for i in range(n):
            proof = merkle.inclusion_proof(source, i, n)
            digest = merkle.leaf_hash(leaves[i])
            assert merkle.verify_inclusion(
                index=i, size=n, leaf_digest=digest, proof=proof, root_hash=head
            )
            if n > 1:
                assert not merkle.verify_inclusion(
                    index=(i + 1) % n, size=n, leaf_digest=digest, proof=proof, root_hash=head
                )


def test_every_consistency_proof_verifies_and_a_wrong_old_root_does_not() -> None:
    for n in range(1, 34):
        leaves = leaves_of(n)
        source = source_of(leaves)
        new = merkle.root(source, n)
        for m in range(1, n + 1):
            old = reference_root(leaves[:m])
            proof = merkle.consistency_proof(source, m, n)
            assert merkle.verify_consistency(
                old_size=m, new_size=n, old_root=old, new_root=new, proof=proof
            ), (m, n)
            if m < n:
                assert not merkle.verify_consistency(
                    old_size=m, new_size=n, old_root=new, new_root=new, proof=proof
                )


def test_appending_in_batches_gives_the_same_nodes_as_building_at_once() -> None:
    leaves = leaves_of(45)
    digests = [merkle.leaf_hash(leaf) for leaf in leaves]
    frontier: list[tuple[int, int, bytes]] = []
    stored: dict[tuple[int, int], bytes] = {(0, i): d for i, d in enumerate(digests)}
    size = 0
    for batch in (1, 2, 5, 8, 13, 16):
        frontier, made = merkle.append(frontier, size, digests[size : size + batch])
        size += batch
        stored.update({(level, index): h for level, index, h in made})
        assert [(lv, ix) for lv, ix, _ in frontier] == merkle.frontier_nodes(size)
        assert merkle.frontier_root(frontier) == reference_root(leaves[:size])
    full = merkle.LeafSource(digests)
    for (level, index), digest in stored.items():
        assert full.perfect(level, index) == digest


def test_a_recording_source_names_the_nodes_a_proof_reads() -> None:
    leaves = leaves_of(21)
    source = source_of(leaves)
    recorder = merkle.RecordingSource()
    merkle.consistency_proof(recorder, 6, 21)
    merkle.root(recorder, 21)
    nodes = {key: source.perfect(*key) for key in recorder.wanted}
    replay = merkle.DictSource(nodes)
    assert merkle.consistency_proof(replay, 6, 21) == merkle.consistency_proof(source, 6, 21)
    assert merkle.root(replay, 21) == reference_root(leaves)


@given(
    leaves=st.lists(st.binary(max_size=8), min_size=1, max_size=40),
    data=st.data(),
)
def test_any_single_byte_change_in_a_proof_fails(leaves: list[bytes], data: st.DataObject) -> None:
    n = len(leaves)
    source = source_of(leaves)
    head = merkle.root(source, n)
    m = data.draw(st.integers(1, n), label="old size")
    old = merkle.root(source, m)
    proof = merkle.consistency_proof(source, m, n)
    assert merkle.verify_consistency(
        old_size=m, new_size=n, old_root=old, new_root=head, proof=proof
    )
    i = data.draw(st.integers(0, n - 1), label="leaf")
    path = merkle.inclusion_proof(source, i, n)
    digest = merkle.leaf_hash(leaves[i])
    assert merkle.verify_inclusion(index=i, size=n, leaf_digest=digest, proof=path, root_hash=head)
    if path:
        which = data.draw(st.integers(0, len(path) - 1))
        byte = data.draw(st.integers(0, merkle.HASH_SIZE - 1))
        bad = bytearray(path[which])
        bad[byte] ^= data.draw(st.integers(1, 255))
        broken = [*path[:which], bytes(bad), *path[which + 1 :]]
        assert not merkle.verify_inclusion(
            index=i, size=n, leaf_digest=digest, proof=broken, root_hash=head
        )
    if proof:
        which = data.draw(st.integers(0, len(proof) - 1))
        bad = bytearray(proof[which])
        bad[data.draw(st.integers(0, merkle.HASH_SIZE - 1))] ^= 0x01
        broken = [*proof[:which], bytes(bad), *proof[which + 1 :]]
        assert not merkle.verify_consistency(
            old_size=m, new_size=n, old_root=old, new_root=head, proof=broken
        )
