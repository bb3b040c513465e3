"""A closed IMDi-2018-like edition: seven nominees, votes counted, a scale, three jurors."""

import dataclasses
from collections.abc import Callable, Iterator

import pytest
from django.utils import translation

from kaaring.accounts.models import User
from kaaring.awards import services as award_services
from kaaring.awards.models import Award, Criterion, Edition, Nominee
from kaaring.jury.models import Juror, JuryScale
from kaaring.results.models import Stage
from kaaring.results.services import tally_freeze
from kaaring.results.tests.conftest import cast, close_voting, second_organiser  # noqa: F401

VOTES = {"Stange": 5, "Asker": 4, "Bærum": 6, "Bodø": 1, "Tromsø": 3, "Steinkjer": 0}


@dataclasses.dataclass
class Jury:
    edition: Edition
    nominees: dict[str, Nominee]
    criteria: list[Criterion]
    chair: Juror
    juror: Juror
    idle: Juror  # never scores


@pytest.fixture
def criteria(award: Award) -> list[Criterion]:
    return [
        award_services.criterion_create(actor=None, award=award, title=title, position=i)
        for i, title in enumerate(["Bosetting", "Kvalifisering"])
    ]


def _user(email: str) -> User:
    return User.objects.create_user(email=email, password="x" * 20, full_name=email.split("@")[0])


@pytest.fixture
def jury(
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., object],  # noqa: F811
    close_voting: Callable[..., Edition],  # noqa: F811
    criteria: list[Criterion],
) -> Jury:
    edition = make_edition()
    nominees = {}
    for position, (name, votes) in enumerate(VOTES.items()):
        nominees[name] = make_nominee(edition, name, f"{3400 + position}", position=position)
        if votes:
            cast(edition, nominees[name], times=votes)
    close_voting(edition)
    tally_freeze(edition_id=edition.pk)
    JuryScale.objects.create(edition=edition, min_score=1, max_score=5)
    # The review of the vote is declared finished: the finalists stand.
    Stage.objects.create(edition=edition, review_finished_at=edition.voting_closes_at)
    return Jury(
        edition=edition,
        nominees=nominees,
        criteria=criteria,
        chair=Juror.objects.create(
            edition=edition, user=_user("chair@jury.example"), is_chair=True
        ),
        juror=Juror.objects.create(edition=edition, user=_user("juror@jury.example")),
        idle=Juror.objects.create(edition=edition, user=_user("idle@jury.example")),
    )


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Reversed addresses lead to the English pages, so messages read the same once translated."""
    with translation.override("en"):
        yield
