"""The automated accessibility checks' last recorded results, kept in ``checks.json`` beside
this module and committed with the release.

The browser tests (tests/e2e/test_accessibility.py) write their result here when run with
``KAARING_RECORD_CHECKS=1``; the accessibility statements read it, so what a statement says
about the software is what the last recorded run found.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

CHECKS_FILE = Path(__file__).with_name("checks.json")

AXE = "axe"
REFLOW = "reflow_320"


@dataclass(frozen=True)
class CheckResult:
    date: dt.date
    passed: bool
    pages: int
    violations: int


def checks_load(path: Path = CHECKS_FILE) -> dict[str, CheckResult]:
    """Every recorded check; a missing or damaged file means none was recorded."""
    try:
        raw = json.loads(path.read_text())
        return {
            name: CheckResult(
                date=dt.date.fromisoformat(value["date"]),
                passed=bool(value["passed"]),
                pages=int(value["pages"]),
                violations=int(value["violations"]),
            )
            for name, value in raw.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def check_record(
    name: str,
    *,
    pages: int,
    violations: int,
    path: Path = CHECKS_FILE,
    today: dt.date | None = None,
) -> None:
    raw = {}
    if path.exists():
        raw = json.loads(path.read_text())
    raw[name] = {
        "date": (today or timezone.localdate()).isoformat(),
        "passed": violations == 0,
        "pages": pages,
        "violations": violations,
    }
    path.write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n")
