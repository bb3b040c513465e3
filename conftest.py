"""Personas and small builders shared by every test package.

Each test builds exactly what it needs through the services; nothing depends on a pre-filled
database. Times are built relative to ``timezone.now()`` unless a test pins the clock.
"""

import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.awards import services as award_services
from kaaring.awards.models import Award, DecisionRule, Edition, Nominee, TieBreak, VotingMode
from tests.services import redis_test_url, redis_unreachable, service_missing

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test persona's password


# --- Tests that need a service (tests/services.py) ------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requires_postgresql: runs only on PostgreSQL")
    config.addinivalue_line("markers", "requires_redis: needs Redis at TEST_REDIS_URL")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("requires_postgresql"):
        from django.db import connection

        if connection.vendor != "postgresql":
            if os.environ.get("DATABASE_URL"):
                # A run meant for another database: a missing PostgreSQL is a fault here.
                service_missing(f"needs PostgreSQL, but the tests run on {connection.vendor}")
            # The SQLite run: the PostgreSQL run (DATABASE_URL=postgres://…) has these.
            pytest.skip("needs PostgreSQL: runs with DATABASE_URL=postgres://…")
    if item.get_closest_marker("requires_redis"):
        reason = redis_unreachable(redis_test_url())
        if reason:
            service_missing(reason)


@pytest.fixture(autouse=True)
def _fresh_local_cache() -> Iterator[None]:
    """Each test starts with an empty in-process cache (allauth keeps used TOTP codes there,
    keyed by user id, and ids repeat between tests). A Redis cache is left alone: clearing it
    would wipe the whole Redis database; tests that use Redis use their own key prefixes."""
    yield
    from django.core.cache import caches

    from kaaring.voting import memory

    for cache in caches.all():
        if type(cache).__name__ == "LocMemCache":
            cache.clear()
    # The same for what a process remembers of editions (ids repeat between tests).
    memory.forget_all()


@pytest.fixture
def ballots_removed_afterwards(transactional_db: None) -> Iterator[None]:
    """After a test that voted outside a test transaction (browser tests, round-trip counts):
    SQLite empties the test database with DELETE, which the append-only trigger refuses for
    ballots, so lift the trigger for a moment and remove the ballots (and the rows that point
    at them) first. PostgreSQL empties tables with TRUNCATE, which the trigger allows."""
    yield
    from django.db import connection

    from kaaring.voting.models import Ballot

    if connection.vendor != "sqlite":
        return
    append_only = importlib.import_module("kaaring.voting.migrations.0002_ballots_append_only")
    for related in Ballot._meta.related_objects:
        related.related_model._base_manager.all().delete()
    with connection.schema_editor() as editor:
        append_only.drop_triggers(None, editor)
        editor.execute("DELETE FROM voting_ballot")
        append_only.create_triggers(None, editor)


@pytest.fixture
def imdi(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Integrerings- og mangfoldsdirektoratet", slug="imdi", kind="directorate"
    )


@pytest.fixture
def stange(db: None) -> Organisation:
    return Organisation.objects.create(name="Stange kommune", slug="stange", kind="municipality")


def _member(email: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=email.split("@")[0])
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def organiser(imdi: Organisation) -> User:
    """An organiser at IMDi (two-factor is set up by the back-office tests that need it)."""
    return _member("organiser@imdi.example", imdi, Membership.Role.ORGANISER)


@pytest.fixture
def viewer(imdi: Organisation) -> User:
    return _member("viewer@imdi.example", imdi, Membership.Role.VIEWER)


@pytest.fixture
def outsider(stange: Organisation) -> User:
    """An organiser of another organisation: may never see IMDi's things."""
    return _member("organiser@stange.example", stange, Membership.Role.ORGANISER)


@pytest.fixture
def award(imdi: Organisation) -> Award:
    return award_services.award_create(
        actor=None,
        organisation=imdi,
        slug="bosettingsprisen",
        name="Bosettings- og integreringsprisen",
        name_nn="Busetjings- og integreringsprisen",
        name_en="Settlement and Integration Prize",
        description="Prisen går til en kommune som har gjort en særlig god jobb.",
        description_nn="Prisen går til ein kommune som har gjort ein særleg god jobb.",
        description_en="The prize goes to a municipality that has done especially good work.",
    )


@pytest.fixture
def make_edition(award: Award) -> Callable[..., Edition]:
    """An edition whose public vote runs from ``opens`` to ``closes`` relative to now."""

    def make(
        *,
        year: int = 2018,
        opens: dt.timedelta = dt.timedelta(days=-1),
        closes: dt.timedelta = dt.timedelta(days=7),
        results: dt.timedelta | None = None,
        **fields: Any,
    ) -> Edition:
        now = timezone.now()
        values: dict[str, Any] = {
            "year": year,
            "announced_at": now + opens - dt.timedelta(days=30),
            "voting_opens_at": now + opens,
            "voting_closes_at": now + closes,
            "results_published_at": now + results if results is not None else None,
            "voting_mode": VotingMode.OPEN,
            "finalist_count": 3,
            "tie_break": TieBreak.ALL_TIED_ADVANCE,
            "decision_rule": DecisionRule.TOP_N_THEN_JURY,
        }
        values.update(fields)
        return award_services.edition_create(actor=None, award=award, **values)

    return make


@pytest.fixture
def edition(make_edition: Callable[..., Edition]) -> Edition:
    """IMDi's 2018 edition, voting open now."""
    return make_edition()


@pytest.fixture
def make_nominee() -> Callable[..., Nominee]:
    def make(edition: Edition, name: str, number: str = "", **fields: Any) -> Nominee:
        from django.utils.text import slugify

        values: dict[str, Any] = {
            "slug": slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a")),
            "kind": Nominee.Kind.MUNICIPALITY if number else Nominee.Kind.PERSON,
            "name": name,
            "municipality_number": number,
            "summary": f"{name} gjør en god jobb.",
            "profile": f"{name} har bosatt mange flyktninger.\n\nDet har gått bra.",
        }
        values.update(fields)
        return award_services.nominee_create(actor=None, edition=edition, **values)

    return make


@pytest.fixture
def nominees(edition: Edition, make_nominee: Callable[..., Nominee]) -> list[Nominee]:
    return [
        make_nominee(edition, "Stange", "3413", position=1),
        make_nominee(edition, "Asker", "3203", position=2),
        make_nominee(edition, "Bodø", "1804", position=3),
    ]
