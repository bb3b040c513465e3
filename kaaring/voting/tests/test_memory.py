"""A process's short memory: kept for its time, not kept when told not to, bounded."""

import pytest

from kaaring.voting import memory as memory_module
from kaaring.voting.memory import Recent, forget_all


def test_a_value_is_looked_up_again_once_its_time_is_over(monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[int] = []
    memory: Recent[str, int] = Recent(seconds=2.0)

    def lookup() -> int:
        lookups.append(1)
        return len(lookups)

    now = [100.0]
    monkeypatch.setattr(memory_module.time, "monotonic", lambda: now[0])
    assert memory.get("a", lookup) == 1
    now[0] += 1.9
    assert memory.get("a", lookup) == 1
    now[0] += 0.2
    assert memory.get("a", lookup) == 2


def test_a_value_not_to_be_remembered_is_looked_up_each_time() -> None:
    memory: Recent[str, int] = Recent()
    counter = iter(range(10))

    assert memory.get("a", lambda: next(counter), remember=False) == 0
    assert memory.get("a", lambda: next(counter)) == 1
    assert memory.get("a", lambda: next(counter)) == 1


def test_memory_is_bounded_and_can_be_emptied() -> None:
    memory: Recent[int, int] = Recent(kept=3)
    for key in range(5):
        memory.get(key, lambda: 0)
    assert len(memory._values) <= 3

    forget_all()
    assert memory.get(4, lambda: -1) == -1
