"""The decision rules an edition can declare: one module per rule, found here.

Each module of this package (other than ``base``) defines ``RULE``, an instance of a
``base.Rule`` subclass with its code, its computation, its finalists step, its plain-language
description and its validation of the edition's settings. Everything that asks "which rule,
and what does it say?" goes through ``get``; the edition's choices and check constraints are
built from ``all_rules`` (so a new rule module needs a migration, and nothing else changes).

The package imports no models: ``awards.models`` reads it while defining the edition, and the
results and jury packages call it with plain numbers.
"""

import importlib
import pkgutil
from functools import cache

from django.utils.functional import Promise

from kaaring.awards.decision_rules.base import Rule


@cache
def all_rules() -> tuple[Rule, ...]:
    found: list[Rule] = []
    for module in pkgutil.iter_modules(__path__):
        if module.name == "base" or module.name.startswith("_"):
            continue
        rule = importlib.import_module(f"{__name__}.{module.name}").RULE
        found.append(rule)
    codes = [rule.code for rule in found]
    if len(set(codes)) != len(codes):
        raise RuntimeError(f"two decision rules share a code: {sorted(codes)}")
    return tuple(sorted(found, key=lambda rule: (rule.position, rule.code)))


def get(code: str) -> Rule:
    for rule in all_rules():
        if rule.code == code:
            return rule
    raise KeyError(code)


def choices() -> list[tuple[str, Promise]]:
    return [(rule.code, rule.label) for rule in all_rules()]


def codes(
    *, uses_public_vote: bool | None = None, uses_public_weight: bool | None = None
) -> list[str]:
    """The rules' codes in list order, optionally only those with a flag set as given."""
    return [
        rule.code
        for rule in all_rules()
        if (uses_public_vote is None or rule.uses_public_vote == uses_public_vote)
        and (uses_public_weight is None or rule.uses_public_weight == uses_public_weight)
    ]
