import datetime as dt
from collections.abc import Callable
from fractions import Fraction

import pytest
from django.db import IntegrityError, transaction

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Edition
from kaaring.jury import errors, selectors, services
from kaaring.jury.models import Score, Verdict
from kaaring.jury.tests.conftest import Jury
from kaaring.results.selectors import finalist_ids

pytestmark = pytest.mark.django_db


def _score_all(jury: Jury, juror_name: str, values: dict[str, int]) -> None:
    juror = getattr(jury, juror_name)
    for name, value in values.items():
        for criterion in jury.criteria:
            services.score_record(
                juror=juror, nominee=jury.nominees[name], criterion=criterion, value=value
            )


def test_the_finalists_are_the_three_with_most_valid_votes(jury: Jury) -> None:
    n = jury.nominees
    assert finalist_ids(edition=jury.edition) == (n["Bærum"].pk, n["Stange"].pk, n["Asker"].pk)


def test_a_juror_scores_a_finalist_with_a_comment_and_it_is_audited(jury: Jury) -> None:
    score = services.score_record(
        juror=jury.juror,
        nominee=jury.nominees["Bærum"],
        criterion=jury.criteria[0],
        value=4,
        comment="Sterkt arbeid med kvalifisering.",
    )
    assert score.value == 4
    entry = AuditEntry.objects.get(action="jury.scored")
    assert entry.actor == jury.juror.user
    # A second score on the same criterion replaces the first.
    services.score_record(
        juror=jury.juror, nominee=jury.nominees["Bærum"], criterion=jury.criteria[0], value=5
    )
    assert Score.objects.get().value == 5


@pytest.mark.parametrize("value", [0, 6])
def test_it_refuses_a_score_outside_the_scale(jury: Jury, value: int) -> None:
    with pytest.raises(errors.OutOfScale, match="from 1 to 5"):
        services.score_record(
            juror=jury.juror,
            nominee=jury.nominees["Bærum"],
            criterion=jury.criteria[0],
            value=value,
        )
    assert not Score.objects.exists()


def test_it_refuses_to_score_a_nominee_who_is_not_a_finalist(jury: Jury) -> None:
    with pytest.raises(errors.NotAFinalist):
        services.score_record(
            juror=jury.juror, nominee=jury.nominees["Bodø"], criterion=jury.criteria[0], value=3
        )


def test_a_recused_juror_cannot_score_that_nominee(jury: Jury) -> None:
    baerum = jury.nominees["Bærum"]
    services.score_record(juror=jury.juror, nominee=baerum, criterion=jury.criteria[0], value=3)
    services.conflict_declare(juror=jury.juror, nominee=baerum, reason="I work for Bærum.")
    assert not Score.objects.filter(juror=jury.juror, nominee=baerum).exists()
    with pytest.raises(errors.Recused):
        services.score_record(juror=jury.juror, nominee=baerum, criterion=jury.criteria[0], value=5)
    assert AuditEntry.objects.filter(action="jury.conflict_declared").exists()


def test_the_database_refuses_a_score_from_a_recused_juror(jury: Jury) -> None:
    baerum = jury.nominees["Bærum"]
    services.conflict_declare(juror=jury.juror, nominee=baerum, reason="Former employer.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(juror=jury.juror, nominee=baerum, criterion=jury.criteria[0], value=3)


def test_the_chair_sees_progress_including_a_juror_who_never_scores(jury: Jury) -> None:
    _score_all(jury, "juror", {"Bærum": 5, "Stange": 3, "Asker": 2})
    services.conflict_declare(
        juror=jury.chair, nominee=jury.nominees["Stange"], reason="Lives there"
    )
    rows = selectors.progress(
        edition=jury.edition, finalists=finalist_ids(edition=jury.edition), criteria=2
    )
    by_juror = {row.juror.pk: (row.scored, row.expected, row.done) for row in rows}
    assert by_juror[jury.juror.pk] == (6, 6, True)
    assert by_juror[jury.chair.pk] == (0, 4, False)
    assert by_juror[jury.idle.pk] == (0, 6, False)


def test_jury_scores_are_weighted_means_and_an_unscored_nominee_has_none(jury: Jury) -> None:
    _score_all(jury, "juror", {"Bærum": 5, "Stange": 3})
    _score_all(jury, "chair", {"Bærum": 4})
    scores = selectors.jury_scores(edition=jury.edition)
    assert scores[jury.nominees["Bærum"].pk] == Fraction(9, 2)
    assert scores[jury.nominees["Stange"].pk] == 3
    assert jury.nominees["Asker"].pk not in scores


def test_the_chair_records_the_verdict_for_a_finalist(jury: Jury) -> None:
    verdict = services.verdict_record(
        juror=jury.chair,
        winner=jury.nominees["Bærum"],
        rationale="Bærum viser bredde.",
        override_reason="The idle juror did not score.",
    )
    assert verdict.outcome["rule"] == "top_n_then_jury"
    assert verdict.outcome["winner"] == jury.nominees["Bærum"].pk
    jury.edition.refresh_from_db()
    assert jury.edition.winner == jury.nominees["Bærum"]
    assert jury.edition.rationale == "Bærum viser bredde."
    assert AuditEntry.objects.filter(action="jury.verdict_recorded").exists()


def test_a_verdict_for_a_non_finalist_is_refused(jury: Jury) -> None:
    with pytest.raises(errors.NotAFinalist):
        services.verdict_record(juror=jury.chair, winner=jury.nominees["Bodø"], rationale="Nei.")
    assert not Verdict.objects.exists()
    jury.edition.refresh_from_db()
    assert jury.edition.winner is None


def test_only_the_chair_records_the_verdict(jury: Jury) -> None:
    with pytest.raises(errors.NotChair):
        services.verdict_record(juror=jury.juror, winner=jury.nominees["Bærum"], rationale="Ja.")


def test_a_verdict_needs_a_rationale_and_is_recorded_once(jury: Jury) -> None:
    with pytest.raises(errors.RationaleRequired):
        services.verdict_record(juror=jury.chair, winner=jury.nominees["Bærum"], rationale=" ")
    services.verdict_record(
        juror=jury.chair, winner=jury.nominees["Bærum"], rationale="Ja.", override_reason="Ill."
    )
    with pytest.raises(errors.AlreadyDecided):
        services.verdict_record(juror=jury.chair, winner=jury.nominees["Asker"], rationale="Nei.")


def test_a_juror_sees_only_their_own_editions(
    jury: Jury, make_edition: Callable[..., Edition]
) -> None:
    other = make_edition(year=2019)
    user = jury.juror.user
    assert [s.edition for s in selectors.seats_for_user(user=user)] == [jury.edition]
    assert selectors.seat(user=user, award_slug=other.award.slug, year=2019) is None


def test_the_scale_can_change_until_the_first_score_whenever_that_is(
    jury: Jury, make_edition: Callable[..., Edition], organiser: User, outsider: User
) -> None:
    # Voting has opened and closed, but nobody has scored: the scale may still change.
    scale = services.scale_declare(
        actor=organiser, edition=jury.edition, min_score=1, max_score=10, normalise=True
    )
    assert (scale.min_score, scale.max_score, scale.normalise) == (1, 10, True)
    with pytest.raises(errors.NotAllowed):
        services.scale_declare(actor=outsider, edition=jury.edition, min_score=1, max_score=10)
    scale = services.scale_declare(
        actor=organiser,
        edition=jury.edition,
        min_score=1,
        max_score=5,
        weights={jury.criteria[0].pk: 2},
    )
    assert scale.weights.get().weight == 2
    services.score_record(
        juror=jury.juror, nominee=jury.nominees["Bærum"], criterion=jury.criteria[0], value=5
    )
    with pytest.raises(errors.ScaleFixed):
        services.scale_declare(actor=organiser, edition=jury.edition, min_score=0, max_score=9)
    scale.refresh_from_db()
    assert (scale.min_score, scale.max_score) == (1, 5)


def test_a_scale_upside_down_or_without_criteria_is_refused(
    make_edition: Callable[..., Edition], organiser: User
) -> None:
    edition = make_edition(year=2021, opens=dt.timedelta(days=10), closes=dt.timedelta(days=20))
    with pytest.raises(errors.ScaleRange):
        services.scale_declare(actor=organiser, edition=edition, min_score=5, max_score=5)
    with pytest.raises(errors.NoCriteria):
        services.scale_declare(actor=organiser, edition=edition, min_score=1, max_score=5)
    assert services.scale_default(actor=organiser, edition=edition) is None
    assert not AuditEntry.objects.filter(action="jury.scale_declared").exists()
