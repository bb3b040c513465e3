import io
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.audit.models import AuditEntry
from kaaring.awards.demo.accounts import PASSWORD, TOTP_SECRET, totp_code
from kaaring.awards.demo.loader import demo_step_count
from kaaring.awards.models import (
    Award,
    Criterion,
    DecisionRule,
    Edition,
    Nominee,
    Phase,
    VotingMode,
)

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            User,
            Membership,
            Award,
            Criterion,
            Edition,
            Nominee,
            Authenticator,
            AuditEntry,
        )
    }


@pytest.fixture
def demo() -> Award:
    call_command("load_demo", "--force", verbosity=0)
    return Award.objects.get(slug="bosettingsprisen")


def test_running_it_twice_changes_nothing(demo: Award) -> None:
    first = _counts()
    call_command("load_demo", "--force", verbosity=0)
    assert _counts() == first


def test_the_2018_edition_has_seven_nominees_and_baerum_won(demo: Award) -> None:
    edition = Edition.objects.get(award=demo, year=2018)
    names = list(edition.nominees.values_list("name", flat=True))
    assert names == ["Stange", "Asker", "Bærum", "Bodø", "Tromsø", "Steinkjer", "Lørenskog"]
    assert edition.winner is not None
    assert edition.winner.name == "Bærum"
    assert edition.rationale
    assert edition.rationale_nn
    assert edition.rationale_en
    assert edition.decision_rule == DecisionRule.TOP_N_THEN_JURY
    assert edition.finalist_count == 3
    assert not edition.show_vote_counts
    numbers = dict(edition.nominees.values_list("slug", "municipality_number"))
    assert numbers == {
        "stange": "3413",
        "asker": "3203",
        "baerum": "3201",
        "bodo": "1804",
        "tromso": "5501",
        "steinkjer": "5006",
        "lorenskog": "3222",
    }
    for nominee in edition.nominees.all():
        for field in ("profile", "profile_nn", "profile_en"):
            assert getattr(nominee, field).count("\n\n") >= 1, (nominee.slug, field)


def test_the_2018_vote_closed_at_noon_oslo_time_on_8_february_2019(demo: Award) -> None:
    edition = Edition.objects.get(award=demo, year=2018)
    assert edition.voting_closes_at is not None
    assert edition.results_published_at is not None
    assert edition.voting_closes_at.isoformat() == "2019-02-08T11:00:00+00:00"
    assert edition.results_published_at.date().isoformat() == "2019-02-13"


def test_the_archive_runs_from_2008_to_2023_without_2017(demo: Award) -> None:
    years = set(Edition.objects.filter(award=demo, year__lte=2023).values_list("year", flat=True))
    assert years == set(range(2008, 2024)) - {2017, 2020}
    sunndal = Edition.objects.get(award=demo, year=2019)
    assert sunndal.display_year == "2019/2020"
    winners = dict(
        Edition.objects.filter(award=demo, year__lte=2023).values_list("year", "winner__name")
    )
    assert winners[2008] == "Vadsø"
    assert winners[2016] == "Trondheim"
    assert winners[2023] == "Tønsberg"
    assert winners[2022] == "Kinn"
    assert all(winners.values())


def test_every_phase_a_newcomer_should_see_is_present(demo: Award) -> None:
    phases = {edition.phase_at() for edition in Edition.objects.all()}
    assert {
        Phase.VOTING_OPEN,
        Phase.VOTING_CLOSED,
        Phase.RESULTS_PUBLISHED,
        Phase.JURY,
    } <= phases


def test_stanges_prize_is_decided_by_the_jury_alone_among_all_kinds_of_nominee(
    demo: Award,
) -> None:
    award = Award.objects.get(slug="stange-integreringspris")
    assert award.organisation.slug == "stange"
    # The edition whose jury is deciding, picked by its phase: the demo also has next year's
    # edition, open for nominations and without nominees yet.
    current = next(e for e in award.editions.all() if e.phase_at() == Phase.JURY)
    assert current.decision_rule == DecisionRule.JURY_ONLY
    assert {n.kind for n in current.nominees.all()} == {"person", "organisation", "company"}
    assert award.editions.filter(winner__isnull=False).exists()


def test_the_audit_log_says_the_demo_loader_did_it(demo: Award) -> None:
    entries = AuditEntry.objects.filter(organisation=demo.organisation)
    assert entries.exists()
    assert set(entries.values_list("actor_label", flat=True)) == {"load_demo"}


@pytest.mark.parametrize("email", ["arrangor@imdi.example", "arrangor@stange.example"])
def test_the_demo_organiser_signs_in_with_password_and_totp(demo: Award, email: str) -> None:
    user = authenticate(username=email, password=PASSWORD)
    assert user is not None
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap()
    code = totp_code(TOTP_SECRET)
    try:
        assert totp.validate_code(code)
    finally:
        # allauth remembers a used code in the cache by user id; ids are reused between
        # tests, so forget it, or a later test's login with the same code would be refused.
        cache.delete(totp._get_used_cache_key(code))
    recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert len(recovery.wrap().get_unused_codes()) >= 8
    membership = Membership.objects.get(user=user)
    assert membership.role == Membership.Role.ORGANISER


def test_the_demo_logins_have_a_verified_address(demo: Award) -> None:
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 3


@override_settings(DEBUG=False)
def test_it_refuses_without_debug_unless_forced() -> None:
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()


def test_it_prints_the_address_logins_and_secret(
    capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    monkeypatch.setenv("PORT", "8123")
    call_command("load_demo", "--force")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/" in out
    assert "arrangor@imdi.example" in out
    assert PASSWORD in out
    assert TOTP_SECRET in out


def test_the_demo_has_a_vote_open_in_each_voting_mode(demo: Award) -> None:
    open_now = [e for e in Edition.objects.all() if e.phase_at() == Phase.VOTING_OPEN]

    by_mode = {edition.voting_mode: edition for edition in open_now}
    assert set(by_mode) == {VotingMode.OPEN, VotingMode.EMAIL, VotingMode.EID}
    for edition in by_mode.values():
        assert edition.nominees.count() >= 3


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_each_step_is_one_plain_line_with_its_count() -> None:
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)

    total = demo_step_count()
    steps = [line for line in out.getvalue().splitlines() if line.startswith("[")]
    assert len(steps) == total
    assert steps[0] == f"[1/{total}] organisations"
    assert steps[-1] == f"[{total}/{total}] nominations, ballot log"
    assert "\x1b[" not in out.getvalue()  # no terminal codes in a log


def test_on_a_terminal_a_progress_bar_counts_the_steps() -> None:
    out = _Terminal()
    call_command("load_demo", "--force", stdout=out)

    total = demo_step_count()
    assert "Loading the demo" in out.getvalue()
    assert f"{total}/{total}" in out.getvalue()
    assert not [line for line in out.getvalue().splitlines() if line.startswith("[1/")]
