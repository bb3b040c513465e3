"""The arrows of docs/architecture.md, checked against the imports of kaaring/ (read with ast,
so an import inside a function counts as much as one at the top). Tests are left out: a test
may build what it needs from any package."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

KAARING = Path(__file__).resolve().parent.parent / "kaaring"

INTERFACES = {"public", "backoffice", "api"}
# Processes that drive the domain on a clock (the scheduler): like an interface, without HTTP.
RUNNERS = {"scheduler"}
DOMAIN = {
    "awards",
    "voting",
    "nominations",
    "jury",
    "results",
    "municipal_stats",
    "feedback",
    "ballotlog",
    "compliance",
    "team",
}
FOUNDATION = {"accounts", "audit", "ratelimits", "ops", "mailaddress"}
# The API's tokens are kept by the api package (models, services, selectors, errors) and
# issued from the back office: the one arrow between two interfaces, to those modules only.
BETWEEN_INTERFACES = {
    ("backoffice", "kaaring.api.models"),
    ("backoffice", "kaaring.api.services"),
    ("backoffice", "kaaring.api.selectors"),
    ("backoffice", "kaaring.api.errors"),
}
# Arrows the page names as forbidden although both ends are domain packages.
FORBIDDEN = {
    ("results", "jury"),  # the jury reads finalists and tallies from results, not the reverse
    ("voting", "ballotlog"),  # the ballot log reads ballots; a ballot knows nothing of the log
    ("results", "ballotlog"),  # the close tells the log by a signal (results.signals)
    ("voting", "results"),
    ("voting", "nominations"),
}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "kaaring" else None


def _imports() -> dict[tuple[str, str], list[str]]:
    """(from package, to package) → where, for every import between two packages."""
    arrows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(KAARING.rglob("*.py")):
        relative = path.relative_to(KAARING)
        if "tests" in relative.parts or len(relative.parts) < 2:
            continue
        source = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module]
            else:
                continue
            for target in targets:
                package = _package(target)
                if package and package != source and (source, target) not in BETWEEN_INTERFACES:
                    arrows[source, package].append(f"{relative}:{node.lineno}")
    return arrows


def _allowed(source: str, target: str) -> bool:
    if (source, target) in FORBIDDEN:
        return False
    if source in INTERFACES:
        return target in DOMAIN | FOUNDATION
    if source in RUNNERS:
        return target in DOMAIN | FOUNDATION
    if source in DOMAIN:
        return (target in DOMAIN | FOUNDATION and target != "awards") or target == "awards"
    if source in FOUNDATION:
        return target in FOUNDATION
    return False


ARROWS = _imports()


def test_every_package_is_placed_in_a_layer() -> None:
    packages = {p.name for p in KAARING.iterdir() if (p / "__init__.py").exists()}
    unplaced = packages - INTERFACES - RUNNERS - DOMAIN - FOUNDATION
    assert not unplaced, f"add {sorted(unplaced)} to a layer in docs/architecture.md and here"


@pytest.mark.parametrize("arrow", sorted(ARROWS), ids=lambda a: f"{a[0]}->{a[1]}")
def test_each_import_follows_an_arrow_the_page_allows(arrow: tuple[str, str]) -> None:
    source, target = arrow
    assert _allowed(source, target), f"{source} → {target} is forbidden: {ARROWS[arrow]}"


def test_awards_is_the_base_of_the_domain() -> None:
    """Everything builds on awards (an edition, its nominees, its declared rules), so awards
    imports no other domain package; their demo parts register themselves (awards.demo.parts)."""
    above = {t for (s, t) in ARROWS if s == "awards" and t in DOMAIN}
    assert not above, {t: ARROWS["awards", t] for t in above}


def test_there_are_no_circles_between_packages() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in ARROWS:
        graph[source].add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in graph.get(start, ()):
            if step == goal or (step not in seen and reaches(step, goal, seen | {step})):
                return True
        return False

    circles = sorted(s for s in list(graph) if reaches(s, s, {s}))
    assert not circles, f"packages on a circle: {circles}"


def test_the_check_sees_imports_at_the_top_and_inside_functions() -> None:
    # The jury reads results at the top of its modules; kaaring.nominations.apps imports the
    # awards demo's registry inside ready().
    assert ("jury", "results") in ARROWS
    assert any("apps.py" in where for where in ARROWS["nominations", "awards"])
