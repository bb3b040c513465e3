"""The gates between the vote and the verdict: review after voting closes, declared finished by
an organiser; only then do the finalists stand and the jury score; a verdict needs every score
or a reason, closes scoring, and keeps the review from reopening."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.backoffice.tests.conftest import login  # noqa: F401
from kaaring.jury import errors, services
from kaaring.jury.models import Verdict
from kaaring.jury.tests.conftest import Jury
from kaaring.results import errors as results_errors
from kaaring.results import services as results_services
from kaaring.results.models import BallotInvalidation, Stage
from kaaring.voting.models import Ballot

pytestmark = pytest.mark.django_db


def _reopen_review(jury: Jury) -> None:
    Stage.objects.filter(edition=jury.edition).update(review_finished_at=None)


def _score_all(jury: Jury, *jurors: object) -> None:
    from kaaring.results.selectors import finalist_ids

    for juror in jurors:
        for pk in finalist_ids(edition=jury.edition):
            nominee = next(n for n in jury.nominees.values() if n.pk == pk)
            services.scores_record(
                juror=juror,  # type: ignore[arg-type]
                nominee=nominee,
                values=dict.fromkeys(jury.criteria, 3),
            )


def test_no_score_and_no_verdict_before_the_review_is_declared_finished(jury: Jury) -> None:
    _reopen_review(jury)
    with pytest.raises(errors.ReviewNotFinished):
        services.score_record(
            juror=jury.juror, nominee=jury.nominees["Bærum"], criterion=jury.criteria[0], value=3
        )
    with pytest.raises(errors.ReviewNotFinished):
        services.verdict_record(
            juror=jury.chair, winner=jury.nominees["Bærum"], rationale="Ja.", override_reason="x"
        )
    assert not Verdict.objects.exists()


def test_the_review_ends_only_with_every_proposal_decided(
    jury: Jury, organiser: User, second_organiser: User
) -> None:
    _reopen_review(jury)
    ballot = Ballot.objects.filter(edition=jury.edition).first()
    assert ballot is not None
    proposal = results_services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
    with pytest.raises(errors.PendingInvalidations):
        services.review_finish(actor=organiser, edition=jury.edition)
    results_services.invalidation_approve(actor=second_organiser, invalidation=proposal)

    services.review_finish(actor=organiser, edition=jury.edition)

    assert AuditEntry.objects.filter(action="jury.review_finished").count() == 1
    with pytest.raises(errors.ReviewAlreadyFinished):
        services.review_finish(actor=organiser, edition=jury.edition)
    # The finalists stand: no more invalidations until the review is reopened with a reason.
    other = Ballot.objects.filter(edition=jury.edition).exclude(pk=ballot.pk).first()
    assert other is not None
    with pytest.raises(results_errors.ReviewClosed):
        results_services.invalidation_propose(actor=organiser, ballot=other, reason="Bot")
    with pytest.raises(errors.ReasonRequired):
        services.review_reopen(actor=organiser, edition=jury.edition, reason="  ")
    services.review_reopen(actor=organiser, edition=jury.edition, reason="A late complaint.")
    results_services.invalidation_propose(actor=organiser, ballot=other, reason="Bot")
    assert BallotInvalidation.objects.filter(approved_at__isnull=True).count() == 1


def test_review_is_refused_while_voting_is_open(
    make_edition: Callable[..., object], make_nominee: Callable[..., object], organiser: User
) -> None:
    import datetime as dt

    edition = make_edition(year=2023, opens=-dt.timedelta(days=1), closes=dt.timedelta(days=1))
    with pytest.raises(errors.VotingNotClosed):
        services.review_finish(actor=organiser, edition=edition)  # type: ignore[arg-type]


def test_a_verdict_needs_every_score_or_a_reason_and_closes_scoring(jury: Jury) -> None:
    _score_all(jury, jury.chair, jury.juror)  # the idle juror has not scored
    with pytest.raises(errors.ScoresMissing):
        services.verdict_record(juror=jury.chair, winner=jury.nominees["Bærum"], rationale="Ja.")
    assert not Verdict.objects.exists()

    services.verdict_record(
        juror=jury.chair,
        winner=jury.nominees["Bærum"],
        rationale="Ja.",
        override_reason="One juror fell ill.",
    )

    entry = AuditEntry.objects.get(action="jury.verdict_recorded")
    assert entry.data["override_reason"] == "One juror fell ill."
    assert entry.data["scores_missing"] > 0
    with pytest.raises(errors.ScoringClosed):
        services.score_record(
            juror=jury.idle, nominee=jury.nominees["Bærum"], criterion=jury.criteria[0], value=3
        )
    with pytest.raises(errors.AlreadyDecided):
        services.verdict_record(
            juror=jury.chair, winner=jury.nominees["Bærum"], rationale="Ja.", override_reason="x"
        )


def test_after_the_verdict_the_review_cannot_reopen_nor_change_the_finalists(
    jury: Jury, organiser: User
) -> None:
    _score_all(jury, jury.chair, jury.juror, jury.idle)
    services.verdict_record(juror=jury.chair, winner=jury.nominees["Bærum"], rationale="Ja.")
    with pytest.raises(errors.ReviewNotReopenable):
        services.review_reopen(actor=organiser, edition=jury.edition, reason="Late.")
    ballot = Ballot.objects.filter(edition=jury.edition).first()
    assert ballot is not None
    with pytest.raises(results_errors.ReviewClosed):
        results_services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")


def test_the_verdict_form_asks_for_confirmation(
    login: Callable[..., Client],  # noqa: F811
    jury: Jury,
) -> None:
    _score_all(jury, jury.chair, jury.juror, jury.idle)
    client = login(jury.chair.user)
    url = reverse(
        "backoffice:jury_verdict",
        kwargs={"award": jury.edition.award.slug, "year": jury.edition.year},
    )
    data = {"winner": str(jury.nominees["Bærum"].pk), "rationale": "Ja."}

    response = client.post(url, data, follow=True)
    assert "Tick the box to confirm the verdict" in response.content.decode()
    assert not Verdict.objects.exists()

    client.post(url, {**data, "confirm": "yes"})
    assert Verdict.objects.get().winner == jury.nominees["Bærum"]


def test_the_review_page_ticks_nothing_and_hides_approval_of_ones_own_proposal(
    login: Callable[..., Client],  # noqa: F811
    jury: Jury,
    organiser: User,
) -> None:
    _reopen_review(jury)
    ballot = Ballot.objects.filter(edition=jury.edition).first()
    assert ballot is not None
    results_services.invalidation_propose(actor=organiser, ballot=ballot, reason="Bot")
    url = reverse(
        "backoffice:review", kwargs={"award": jury.edition.award.slug, "year": jury.edition.year}
    )

    page = login(organiser).get(url).content.decode()

    assert " checked" not in page
    assert "Approve the chosen invalidations" not in page
    assert "Declare the review finished" in page
