"""The public pages and the vote are tried first (kaaring/public/urls.py): no address may change its
page for that, and no award's short name may take an address the site uses itself."""

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, SlugConverter, StringConverter
from django.utils import translation

from kaaring.awards.models import RESERVED_AWARD_SLUGS
from kaaring.public.converters import AwardConverter, YearConverter

NAMESPACES = ("public", "voting", "results", "nominations", "stats", "backoffice")
SAMPLE_BY_CONVERTER = {
    AwardConverter: "bosettingsprisen",
    YearConverter: 2018,
    SlugConverter: "stange",
    IntConverter: 7,
    StringConverter: "abc123",
}
AWARD_PAGES = {"public:award", "public:archive", "public:edition", "public:nominees"}


def _patterns() -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []

    def walk(resolver: URLResolver) -> None:
        for entry in resolver.url_patterns:
            if not isinstance(entry, URLResolver):
                continue
            if entry.namespace in NAMESPACES:
                found.extend(
                    (f"{entry.namespace}:{p.name}", p)
                    for p in entry.url_patterns
                    if isinstance(p, URLPattern)
                )
            elif entry.namespace is None:
                walk(entry)

    walk(get_resolver())
    return found


def _sample_path(name: str, pattern: URLPattern) -> str:
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {key: SAMPLE_BY_CONVERTER[type(c)] for key, c in converters.items()}
    # A regex pattern (the statistics pages) names its groups itself: a municipality number.
    kwargs |= {key: "0301" for key in pattern.pattern.regex.groupindex if key not in kwargs}
    return reverse(name, kwargs=kwargs)


def test_the_walk_finds_every_module_it_checks():
    names = {name for name, _ in _patterns()}
    assert {name.split(":")[0] for name in names} == set(NAMESPACES)
    assert {"public:edition", "public:nominee", "voting:check", "stats:municipality"} <= names


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_named_address_resolves_to_its_own_view(language):
    with translation.override(language):
        for name, pattern in _patterns():
            path = _sample_path(name, pattern)
            assert resolve(path).view_name == name, path


@pytest.fixture(autouse=True)
def _default_language():
    """Unprefixed addresses resolve in the default language; earlier tests may leave another
    one active in this thread."""
    with translation.override("nb"):
        yield


@pytest.mark.parametrize("slug", sorted(RESERVED_AWARD_SLUGS))
def test_a_reserved_first_segment_is_never_an_award(slug):
    for path in (
        f"/{slug}/",
        f"/{slug}/arkiv/",
        f"/{slug}/2018/",
        f"/{slug}/2018/nominerte/",
        f"/{slug}/2018/nominerte/stange/",
        f"/{slug}/2018/stem/stange/",
        f"/{slug}/2018/resultat/",
    ):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        assert match.view_name not in AWARD_PAGES | {"public:nominee", "voting:start"}, path
        assert match.kwargs.get("award") != slug, path


@pytest.mark.parametrize("language", ["nn", "en"])
def test_system_addresses_keep_their_views_in_every_language(language):
    with translation.override(language):
        assert resolve(f"/{language}/kvittering/").view_name == "voting:check"
        assert resolve(f"/{language}/kommuner/0301/").view_name == "stats:municipality"
        assert resolve(f"/{language}/stem/eid/tilbake/").view_name == "voting:eid_callback"
        assert resolve(f"/{language}/bosettingsprisen/2018/").view_name == "public:edition"


def test_system_addresses_keep_their_views():
    assert resolve("/kvittering/").view_name == "voting:check"
    assert resolve("/kommuner/0301/").view_name == "stats:municipality"
    assert resolve("/stem/bekreft/abc/").view_name == "voting:email_confirm"
    assert resolve("/tilgjengelighet/").view_name == "public:accessibility"
