"""An edition declaring the Borda count: the jury's scores rank the public's finalists."""

import pytest
from django.db import IntegrityError, transaction

from kaaring.awards.models import Edition
from kaaring.jury import errors, selectors, services
from kaaring.jury.tests.conftest import Jury

pytestmark = pytest.mark.django_db


def _as_borda(jury: Jury) -> None:
    # Voting has closed, so the rules are frozen for the services; the test sets the declared
    # rule the way the edition would have been created.
    Edition.objects.filter(pk=jury.edition.pk).update(decision_rule="borda")
    jury.edition.refresh_from_db()


def _score(jury: Jury, juror_name: str, values: dict[str, int]) -> None:
    juror = getattr(jury, juror_name)
    for name, value in values.items():
        for criterion in jury.criteria:
            services.score_record(
                juror=juror, nominee=jury.nominees[name], criterion=criterion, value=value
            )


def test_the_rankings_decide_and_the_chair_confirms_the_winner(jury: Jury) -> None:
    _as_borda(jury)
    # Finalists by votes: Bærum 6, Stange 5, Asker 4.
    _score(jury, "juror", {"Bærum": 2, "Stange": 5, "Asker": 4})
    _score(jury, "chair", {"Bærum": 4, "Stange": 5, "Asker": 3})
    outcome = selectors.edition_outcome(edition=jury.edition, verdict=None)
    assert outcome is not None
    assert outcome.rule == "borda"
    assert outcome.winner == jury.nominees["Stange"].pk
    with pytest.raises(errors.NotAFinalist):
        services.verdict_record(juror=jury.chair, winner=jury.nominees["Asker"], rationale="Nei.")
    verdict = services.verdict_record(
        juror=jury.chair, winner=jury.nominees["Stange"], rationale="Best samlet rangering."
    )
    assert verdict.outcome["rule"] == "borda"
    assert verdict.outcome["winner"] == jury.nominees["Stange"].pk


def test_an_even_split_is_settled_by_the_chair(jury: Jury) -> None:
    _as_borda(jury)
    _score(jury, "juror", {"Bærum": 5, "Stange": 3, "Asker": 1})
    _score(jury, "chair", {"Bærum": 3, "Stange": 5, "Asker": 1})
    outcome = selectors.edition_outcome(edition=jury.edition, verdict=None)
    assert outcome is not None
    assert outcome.winner is None
    assert set(outcome.tied) == {jury.nominees["Bærum"].pk, jury.nominees["Stange"].pk}
    verdict = services.verdict_record(
        juror=jury.chair, winner=jury.nominees["Bærum"], rationale="Juryen valgte Bærum."
    )
    assert verdict.winner == jury.nominees["Bærum"]


def test_the_database_refuses_borda_without_a_public_vote(jury: Jury) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=jury.edition.pk).update(
            decision_rule="borda", voting_mode="none", voting_opens_at=None, voting_closes_at=None
        )
