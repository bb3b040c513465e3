"""An edition's ``content_version`` changes with every write to what its public pages show, in
the same transaction, and with nothing else; ``changes_after`` names the next instant the clock
alone changes those pages. Together they are what lets the public site keep rendered pages
(``kaaring.public.pagecache``) without ever serving one stale."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kaaring.accounts.models import User
from kaaring.awards import services
from kaaring.awards.errors import RulesFrozen
from kaaring.awards.models import Award, Edition, Nominee
from kaaring.awards.tests.test_phase import DAY, T0, _with_vote


def _versions(*editions: Edition) -> list[int]:
    return [Edition.objects.get(pk=e.pk).content_version for e in editions]


@pytest.fixture
def two_editions(
    make_edition: Callable[..., Edition], nominees: list[Nominee]
) -> tuple[Edition, Edition]:
    """2018 (with nominees) and 2019 of the same award."""
    return nominees[0].edition, make_edition(year=2019)


WRITES: dict[str, Callable[[User, Award, Edition, Nominee], Any]] = {
    "award_update": lambda actor, award, edition, nominee: services.award_update(
        actor=actor, award=award, name="Ny pris"
    ),
    "criterion_create": lambda actor, award, edition, nominee: services.criterion_create(
        actor=actor, award=award, title="Varige resultater"
    ),
    "edition_update": lambda actor, award, edition, nominee: services.edition_update(
        actor=actor, edition=edition, intro="Ny innledning."
    ),
    "edition_set_winner": lambda actor, award, edition, nominee: services.edition_set_winner(
        actor=actor, edition=edition, winner=nominee, rationale="Best."
    ),
    "nominee_create": lambda actor, award, edition, nominee: services.nominee_create(
        actor=actor, edition=edition, slug="ny", kind="person", name="Ny"
    ),
    "nominee_update": lambda actor, award, edition, nominee: services.nominee_update(
        actor=actor, nominee=nominee, profile="Ny tekst."
    ),
    "nominee_withdraw": lambda actor, award, edition, nominee: services.nominee_withdraw(
        actor=actor, nominee=nominee, reason="Trakk seg."
    ),
}
# Award-wide content (the name, the criteria) is on every edition's pages.
AWARD_WIDE = {"award_update", "criterion_create"}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_write_gives_exactly_the_editions_that_show_it_a_new_version(
    write: str, two_editions: tuple[Edition, Edition], organiser: User
) -> None:
    edition, other = two_editions
    nominee = edition.nominees.get(slug="stange")
    before = _versions(edition, other)

    WRITES[write](organiser, edition.award, edition, nominee)

    after = _versions(edition, other)
    assert after[0] != before[0]
    assert (after[1] != before[1]) == (write in AWARD_WIDE)


def test_a_criterion_change_reaches_every_edition_of_its_award(
    two_editions: tuple[Edition, Edition], organiser: User
) -> None:
    criterion = services.criterion_create(actor=organiser, award=two_editions[0].award, title="A")
    before = _versions(*two_editions)

    services.criterion_update(actor=organiser, criterion=criterion, title="B")

    assert all(a != b for a, b in zip(_versions(*two_editions), before, strict=True))


def test_a_change_that_changes_nothing_keeps_the_version(
    two_editions: tuple[Edition, Edition], organiser: User
) -> None:
    edition = two_editions[0]
    nominee = edition.nominees.get(slug="stange")
    before = _versions(edition)

    services.nominee_update(actor=organiser, nominee=nominee, name=nominee.name)
    services.edition_update(actor=organiser, edition=edition, intro=edition.intro)
    services.award_update(actor=organiser, award=edition.award, name=edition.award.name)

    assert _versions(edition) == before


def test_a_refused_change_keeps_the_version(
    two_editions: tuple[Edition, Edition], organiser: User
) -> None:
    edition = two_editions[0]  # voting opened yesterday: the rules are frozen
    before = _versions(edition)

    with pytest.raises(RulesFrozen):
        services.edition_update(actor=organiser, edition=edition, finalist_count=5)
    with pytest.raises(ValidationError):
        services.nominee_update(
            actor=organiser, nominee=edition.nominees.get(slug="stange"), municipality_number=""
        )

    assert _versions(edition) == before


def test_pages_changed_elsewhere_name_one_edition_an_award_or_all(
    two_editions: tuple[Edition, Edition],
) -> None:
    edition, other = two_editions

    before = _versions(edition, other)
    services.edition_pages_changed(edition_id=edition.pk)
    middle = _versions(edition, other)
    services.edition_pages_changed(award_id=edition.award_id)
    after_award = _versions(edition, other)
    services.edition_pages_changed()

    assert middle[0] != before[0]
    assert middle[1] == before[1]
    assert after_award[0] != middle[0]
    assert after_award[1] != middle[1]
    assert all(a != b for a, b in zip(_versions(edition, other), after_award, strict=True))


def test_a_new_edition_starts_with_a_version_no_other_edition_has(
    two_editions: tuple[Edition, Edition],
) -> None:
    # Random rather than counted: a version never comes back with other content after a
    # rollback, a restored backup or a reloaded demo.
    assert len(set(_versions(*two_editions))) == 2


def test_the_clock_next_changes_the_pages_at_the_next_timestamp() -> None:
    edition = _with_vote()  # nominations T0+1..5 days, vote 10..20, results 25

    assert edition.changes_after(T0 - DAY) == T0
    assert edition.changes_after(T0 + 2 * DAY) == T0 + 5 * DAY
    # A timestamp starts its phase at that very instant, so the one at ``at`` is behind us.
    assert edition.changes_after(T0 + 10 * DAY) == T0 + 20 * DAY
    assert edition.changes_after(T0 + 20 * DAY - dt.timedelta(microseconds=1)) == T0 + 20 * DAY
    assert edition.changes_after(T0 + 25 * DAY) is None
