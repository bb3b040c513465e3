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
}
FOUNDATION = {"accounts", "audit", "ratelimits", "ops", "mailaddress"}
# Arrows the page names as forbidden although both ends are domain packages.
FORBIDDEN = {
    ("results", "jury"),  # the jury reads finalists and tallies from results, not the reverse
    ("voting", "ballotlog"),  # the ballot log reads ballots; a ballot knows nothing of the log
    ("voting", "results"),
    ("voting", "nominations"),
}


MODULES: dict[tuple[str, str], list[str]] = defaultdict(list)  # the modules each arrow names


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "kaaring" else None


def _imports() -> dict[tuple[str, str], list[str]]:
    """(from package, to package) → where, for every import between two packages."""
    arrows: dict[tuple[str, str], list[str]] = defaultdict(list)
    MODULES.clear()
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
                if package and package != source:
                    arrows[source, package].append(f"{relative}:{node.lineno}")
                    MODULES[source, package].append(target)
    return arrows


# The API's tokens are a concept with the shape of a domain package (models, services,
# selectors, errors) that the back office manages; its HTTP modules stay the API's own.
TOKEN_MODULES = {f"kaaring.api.{name}" for name in ("errors", "models", "selectors", "services")}


def _allowed(source: str, target: str, modules: list[str] | None = None) -> bool:
    if source == "backoffice" and target == "api":
        return bool(modules) and set(modules) <= TOKEN_MODULES
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
    allowed = _allowed(source, target, MODULES[arrow])
    assert allowed, f"{source} → {target} is forbidden: {ARROWS[arrow]}"


def test_the_back_office_reaches_only_the_token_part_of_the_api() -> None:
    assert _allowed("backoffice", "api", ["kaaring.api.services"])
    assert not _allowed("backoffice", "api", ["kaaring.api.organiser"])
    assert not _allowed("public", "backoffice", ["kaaring.backoffice.forms"])


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
