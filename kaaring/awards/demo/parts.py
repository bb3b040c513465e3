"""Demo data of the packages built on awards (a call for nominations with its nominations, for
example). Awards may not import them, so each registers its part from its ``AppConfig.ready``,
and ``demo_load`` runs every registered part, in the order the apps are installed, after the
awards, editions and accounts exist and in the same transaction."""

import datetime as dt
from collections.abc import Callable

DemoPart = Callable[..., object]  # called as part(now=…)

_parts: list[DemoPart] = []


def demo_part_register(part: DemoPart) -> None:
    if part not in _parts:
        _parts.append(part)


def demo_parts_load(*, now: dt.datetime) -> None:
    for part in list(_parts):
        part(now=now)
