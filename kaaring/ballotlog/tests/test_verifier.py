"""The standalone verifier: honest logs verify, every kind of tampering is named, hostile
input gets a message and exit status 2, never a traceback."""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaaring.ballotlog.tests.logfile import MODES, NOMINEES, build, dump, verifier

kv = verifier()
SCRIPT = Path(__file__).resolve().parents[3] / "tools" / "kaaring_verify.py"
BATCHES = [
    [(11, "open"), (12, "open"), (11, "email")],
    [(13, "eid"), (11, "open")],
    [(12, "open"), (12, "open"), (13, "open"), (11, "open")],
]


def run(data: bytes) -> tuple[int, str]:
    out: list[str] = []
    code = kv.verify(io.BytesIO(data), out.append)
    return code, "\n".join(out)


def honest() -> dict[str, Any]:
    return build(BATCHES, invalid={2, 5})


def test_an_honest_log_verifies_and_prints_the_recount() -> None:
    code, text = run(dump(honest()))
    assert code == 0, text
    assert "The log verifies" in text
    assert "Nominee 11" in text
    # nominee 11 open: leaves 0, 4, 8 of which none invalid -> 3
    assert any(line.split()[:3] == ["Nominee", "11", "open"] and line.split()[-1] == "3"
               for line in text.splitlines())  # fmt: skip


def test_the_module_imports_nothing_from_kaaring_or_django() -> None:
    source = SCRIPT.read_text()
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert not [line for line in imports if "kaaring" in line or "django" in line]


def tamper_leaf(log: dict[str, Any]) -> None:
    leaf = bytearray(bytes.fromhex(log["leaves"][3]))
    leaf[49] = 1 if leaf[49] != 1 else 2
    log["leaves"][3] = leaf.hex()


def tamper_delete(log: dict[str, Any]) -> None:
    del log["leaves"][4]


def tamper_insert(log: dict[str, Any]) -> None:
    log["leaves"].insert(1, log["leaves"][0])


def tamper_reorder(log: dict[str, Any]) -> None:
    lv = log["leaves"]
    lv[0], lv[1] = lv[1], lv[0]


def tamper_signature(log: dict[str, Any]) -> None:
    cps = log["checkpoints"]
    cps[0]["signature"], cps[1]["signature"] = cps[1]["signature"], cps[0]["signature"]


def tamper_replay(log: dict[str, Any]) -> None:
    log["checkpoints"].insert(2, dict(log["checkpoints"][0]))


def tamper_invalidation(log: dict[str, Any]) -> None:
    log["invalidations"]["entries"].pop(0)


def tamper_result(log: dict[str, Any]) -> None:
    log["result"]["counts"][0]["valid"] += 1


def tamper_names(log: dict[str, Any]) -> None:
    first, second = log["nominees"][0], log["nominees"][1]
    first["name"], second["name"] = second["name"], first["name"]


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (tamper_leaf, "do not rebuild its root"),
        (tamper_delete, "do not rebuild its root"),
        (tamper_insert, "do not rebuild its root"),
        (tamper_reorder, "do not rebuild its root"),
        (tamper_signature, "Checkpoint 1: the signature does not match"),
        (tamper_replay, "missing, reordered or replayed"),
        (tamper_invalidation, "invalidation list's signature does not match"),
        (tamper_result, "the published result"),
        (tamper_result, "published result's signature does not match"),
        (tamper_names, "published result's signature does not match"),
    ],
)
def test_tampering_is_detected_with_a_clear_message(tamper: Any, message: str) -> None:
    log = honest()
    tamper(log)
    code, text = run(dump(log))
    assert code == 1
    assert message in text


def test_a_deleted_last_leaf_is_named() -> None:
    log = honest()
    log["leaves"].pop()
    code, text = run(dump(log))
    assert code == 1
    assert "leaves were added or removed" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Expected '{'"),
        (b'{"format": "kaaring-ballot-log", "version": 1, "edition"', "Expected ':'"),
        (b"\xff\xfe{}", "not valid UTF-8"),
        (b'{"format": "something-else"}', "not a Kåring ballot log"),
        (b'{"format": "kaaring-ballot-log", "version": 2}', "version 1"),
        (
            b'{"format": "kaaring-ballot-log", "version": 1, "edition": {"id": 1'
            + b"9" * 5000
            + b"}}",
            "Unusable value",
        ),
        (
            b'{"format": "kaaring-ballot-log", "version": 1, "edition": {"id": -3}}',
            "whole number",
        ),
        (b'{"format": "kaaring-ballot-log", "version": 1, "edition": "x"}', "must be an object"),
        (b'{"format": "kaaring-ballot-log", "version": 1, "edition": [' * 3000, "Malformed"),
    ],
)
def test_hostile_input_gets_a_message_and_status_2(data: bytes, message: str) -> None:
    code, text = run(data)
    assert code == 2
    assert message in text


def test_wrong_types_inside_the_log_are_named() -> None:
    log = honest()
    log["checkpoints"][1]["size"] = "5"
    code, text = run(dump(log))
    assert (code, "checkpoint size must be a whole number" in text) == (2, True)
    log = honest()
    log["leaves"][0] = 12
    assert run(dump(log))[0] == 2


def test_a_truncated_file_is_unreadable() -> None:
    data = dump(honest())
    code, text = run(data[: len(data) // 2])
    assert code == 2
    assert "error:" in text


def test_a_huge_single_value_is_refused_without_reading_it_whole() -> None:
    class Endless(io.RawIOBase):
        """2 GB of one string that never ends, produced on demand."""

        sent = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            if self.sent == 0:
                chunk = b'{"format": "'
            elif self.sent > 2 * 1024**3:
                return 0
            else:
                chunk = b"a" * len(buffer)
            chunk = chunk[: len(buffer)]
            buffer[: len(chunk)] = chunk
            self.sent += len(chunk)
            return len(chunk)

    stream = Endless()
    code, text = run_stream(io.BufferedReader(stream))
    assert code == 2
    assert "larger than the verifier reads at once" in text
    assert stream.sent < 64 * 1024**2


def run_stream(raw: Any) -> tuple[int, str]:
    out: list[str] = []
    return kv.verify(raw, out.append), "\n".join(out)


def test_the_command_line_reads_a_file_and_exits_non_zero_on_mismatch(tmp_path: Path) -> None:
    good = tmp_path / "log.json"
    good.write_bytes(dump(honest()))
    bad_log = honest()
    tamper_reorder(bad_log)
    bad = tmp_path / "bad.json"
    bad.write_bytes(dump(bad_log))
    script = str(SCRIPT)
    ok = subprocess.run(  # noqa: S603 - our own script, this interpreter
        [sys.executable, script, str(good)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    wrong = subprocess.run(  # noqa: S603 - our own script, this interpreter
        [sys.executable, script, str(bad)], capture_output=True, text=True
    )
    assert wrong.returncode == 1
    missing = subprocess.run(  # noqa: S603 - our own script, this interpreter
        [sys.executable, script, str(tmp_path / "nope.json")], capture_output=True, text=True
    )
    assert missing.returncode == 2
    assert "Cannot open" in missing.stderr
    assert "Traceback" not in missing.stderr + wrong.stderr + wrong.stdout


ballots = st.lists(
    st.lists(st.tuples(st.sampled_from(NOMINEES), st.sampled_from(MODES)), max_size=6),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches=ballots, data=st.data())
def test_honest_logs_verify_and_any_single_byte_change_to_their_data_fails(
    batches: list[list[tuple[int, str]]], data: st.DataObject
) -> None:
    size = sum(len(b) for b in batches)
    invalid = data.draw(st.sets(st.integers(0, max(size - 1, 0)), max_size=3)) if size else set()
    log = build(batches, invalid=invalid)
    assert run(dump(log))[0] == 0
    # Every hex string that carries data: leaves, roots, proofs, signatures.
    targets: list[tuple[Any, Any]] = [(log["leaves"], i) for i in range(len(log["leaves"]))]
    for c in log["checkpoints"]:
        targets += [(c, "root"), (c, "signature")]
        targets += [(c["consistency"], i) for i in range(len(c["consistency"]))]
    targets.append((log["invalidations"], "signature"))
    targets.append((log["result"], "signature"))
    holder, key = data.draw(st.sampled_from(targets))
    value = bytearray(bytes.fromhex(holder[key]))
    position = data.draw(st.integers(0, len(value) - 1))
    value[position] ^= data.draw(st.integers(1, 255))
    holder[key] = value.hex()
    code, text = run(json.dumps(log).encode())
    assert code != 0, text
