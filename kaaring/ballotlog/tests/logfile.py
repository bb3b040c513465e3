"""A ballot log file built from the specification, without the database, for the verifier's
tests: checkpoints after each batch of ballots, an invalidation list, the published counts."""

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kaaring.ballotlog import leaves, merkle

EDITION = 7
NOMINEES = [11, 12, 13]
MODES = ["open", "email", "eid"]


def verifier() -> ModuleType:
    """tools/kaaring_verify.py, loaded as the standalone module it is."""
    if "kaaring_verify" not in sys.modules:
        path = Path(__file__).resolve().parents[3] / "tools" / "kaaring_verify.py"
        spec = importlib.util.spec_from_file_location("kaaring_verify", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["kaaring_verify"] = module
        spec.loader.exec_module(module)
    return sys.modules["kaaring_verify"]


def build(
    batches: list[list[tuple[int, str]]],
    invalid: set[int] = frozenset(),  # type: ignore[assignment]
    *,
    key: Ed25519PrivateKey | None = None,
) -> dict[str, Any]:
    """``batches`` of (nominee, mode) ballots; a checkpoint after each, the last one final."""
    key = key or Ed25519PrivateKey.generate()
    leaf_list: list[bytes] = []
    checkpoints: list[dict[str, Any]] = []
    start = dt.datetime(2019, 1, 2, 12, 0, tzinfo=dt.UTC)
    for number, batch in enumerate(batches, start=1):
        for nominee, mode in batch:
            receipt = f"R{len(leaf_list):03d}-TEST-CODE"
            leaf_list.append(
                leaves.leaf_bytes(
                    edition_id=EDITION, receipt=receipt, nominee_id=nominee, mode=mode
                )
            )
        source = merkle.LeafSource([merkle.leaf_hash(x) for x in leaf_list])
        size = len(leaf_list)
        old = checkpoints[-1]["size"] if checkpoints else 0
        root = merkle.root(source, size)
        at = start + dt.timedelta(minutes=number)
        final = number == len(batches)
        message = leaves.checkpoint_message(
            edition_id=EDITION, sequence=number, size=size, root=root, at=at, final=final
        )
        checkpoints.append(
            {
                "sequence": number,
                "size": size,
                "root": root.hex(),
                "time": leaves.timestamp(at),
                "final": final,
                "consistency": [p.hex() for p in merkle.consistency_proof(source, old, size)],
                "signature": key.sign(message).hex(),
            }
        )
    rows = [(i, leaves.REASON_REVIEW, leaves.ROLE_ORGANISER) for i in sorted(invalid)]
    size = len(leaf_list)
    inv_message = leaves.invalidations_message(
        edition_id=EDITION, version=1, size=size, entries=rows
    )
    counts: dict[tuple[int, str], int] = {}
    for index, leaf in enumerate(leaf_list):
        if index not in invalid:
            k = (int.from_bytes(leaf[41:49], "big"), leaves.MODE_NAMES[leaf[49]])
            counts[k] = counts.get(k, 0) + 1
    names = [(n, f"Nominee {n}") for n in NOMINEES]
    count_rows = [(n, m, c) for (n, m), c in counts.items()]
    result_message = leaves.result_message(
        edition_id=EDITION, size=size, winner=None, nominees=names, counts=count_rows
    )
    return {
        "format": "kaaring-ballot-log",
        "version": 1,
        "edition": {"id": EDITION, "award": "prisen", "year": 2018, "name": "Prisen"},
        "public_key": key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex(),
        "nominees": [{"id": n, "name": name} for n, name in names],
        "result": {
            "size": size,
            "winner": None,
            "counts": [{"nominee": n, "mode": m, "valid": c} for n, m, c in count_rows],
            "signature": key.sign(result_message).hex(),
        },
        "checkpoints": checkpoints,
        "invalidations": {
            "version": 1,
            "size": size,
            "entries": [list(r) for r in rows],
            "signature": key.sign(inv_message).hex(),
        },
        "leaves": [x.hex() for x in leaf_list],
    }


def dump(log: dict[str, Any]) -> bytes:
    return json.dumps(log, indent=1).encode()
