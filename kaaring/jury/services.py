"""Writes of the jury: appointing jurors, the scale, conflicts, scores and the verdict.

Each is one audited transaction. The juror acts as themselves (``juror.user``), so the log
says which juror scored what and when.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from kaaring.accounts import permissions
from kaaring.accounts.models import User
from kaaring.audit.services import log_action
from kaaring.awards.decision_rules.base import RuleInputError
from kaaring.awards.models import Criterion, Edition, Nominee, VotingWindow
from kaaring.awards.services import edition_set_winner
from kaaring.jury import errors, selectors
from kaaring.jury.models import (
    ConflictOfInterest,
    CriterionWeight,
    Juror,
    JuryScale,
    Score,
    Verdict,
)
from kaaring.ratelimits.services import ratelimit_hit
from kaaring.results import gates
from kaaring.results.models import BallotInvalidation, Stage, Tally
from kaaring.results.selectors import finalist_ids


def _require_organiser(actor: User, edition: Edition) -> None:
    if not permissions.can_change(actor, edition):
        raise errors.NotAllowed()


@transaction.atomic
def juror_appoint(*, actor: User, edition: Edition, user: User, is_chair: bool = False) -> Juror:
    _require_organiser(actor, edition)
    if is_chair:
        Juror.objects.filter(edition=edition, is_chair=True).exclude(user=user).update(
            is_chair=False
        )
    juror, _created = Juror.objects.update_or_create(
        edition=edition, user=user, defaults={"is_chair": is_chair}
    )
    log_action(
        "jury.juror_appointed",
        actor=actor,
        organisation=edition.award.organisation,
        target=juror,
        data={"edition": edition.pk, "user": user.pk, "chair": is_chair},
    )
    return juror


@dataclass(frozen=True)
class Invitation:
    juror: Juror
    invited: bool  # False: the address already had an account with a password, now appointed


@transaction.atomic
def juror_invite(
    *,
    actor: User,
    edition: Edition,
    email: str,
    full_name: str = "",
    is_chair: bool = False,
    site_url: str = "",
) -> Invitation:
    """Appoint the person at ``email`` to the jury, creating their account if there is none.

    A new account has no usable password and its address is recorded as verified and primary:
    the only way into it is the set-password link mailed to exactly this address, so following
    that link proves the address as a verification mail would (and a second mail right after
    would only add a step). The mail goes out after commit, in the organiser's current language.
    An account that exists and has a password is simply appointed; one that was invited but
    never set a password gets a fresh link.
    """
    _require_organiser(actor, edition)
    address = User.objects.normalize_email(email.strip())
    user = User.objects.filter(email__iexact=address).first()
    if user is not None and (user.has_usable_password() or user.last_login is not None):
        return Invitation(
            juror=juror_appoint(actor=actor, edition=edition, user=user, is_chair=is_chair),
            invited=False,
        )
    verdict = ratelimit_hit(purpose="juror_invitation_per_organiser", identifier=str(actor.pk))
    if not verdict.allowed:
        raise errors.TooManyInvitations()
    if user is None:
        user = User.objects.create_user(
            email=address, password=None, full_name=full_name.strip()[:200]
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    juror = juror_appoint(actor=actor, edition=edition, user=user, is_chair=is_chair)
    log_action(
        "jury.juror_invited",
        actor=actor,
        organisation=edition.award.organisation,
        target=juror,
        data={"edition": edition.pk, "user": user.pk, "chair": is_chair},
    )
    from kaaring.jury.tasks import juror_invitation_send_task

    ids = {"user_id": user.pk, "edition_id": edition.pk, "actor_id": actor.pk}
    language = translation.get_language() or "nb"
    transaction.on_commit(
        lambda: juror_invitation_send_task.enqueue(**ids, language=language, site_url=site_url)
    )
    return Invitation(juror=juror, invited=True)


@transaction.atomic
def scale_declare(
    *,
    actor: User,
    edition: Edition,
    min_score: int,
    max_score: int,
    normalise: bool = False,
    weights: dict[int, int] | None = None,
) -> JuryScale:
    """Declare the jury's scale (and per-criterion weights; 1 where not given).

    It may change until the first score is in, whenever that is: what matters is that no score
    was given on another scale. The scale's row is locked first, and ``score_record`` reads it
    under the same lock, so a score and a change of scale cannot pass each other.
    """
    _require_organiser(actor, edition)
    if min_score >= max_score:
        raise errors.ScaleRange()
    if not edition.award.criteria.exists():
        raise errors.NoCriteria()
    JuryScale.objects.select_for_update().filter(edition=edition).first()
    if Score.objects.filter(juror__edition=edition).exists():
        raise errors.ScaleFixed()
    scale, _created = JuryScale.objects.update_or_create(
        edition=edition,
        defaults={"min_score": min_score, "max_score": max_score, "normalise": normalise},
    )
    scale.weights.all().delete()
    criteria = set(edition.award.criteria.values_list("pk", flat=True))
    for criterion_id, weight in (weights or {}).items():
        if criterion_id not in criteria:
            raise errors.UnknownCriterion()
        CriterionWeight.objects.create(scale=scale, criterion_id=criterion_id, weight=weight)
    log_action(
        "jury.scale_declared",
        actor=actor,
        organisation=edition.award.organisation,
        target=edition,
        data={
            "min": min_score,
            "max": max_score,
            "normalise": normalise,
            "weights": {str(k): v for k, v in (weights or {}).items()},
        },
    )
    return scale


def scale_default(*, actor: User, edition: Edition) -> JuryScale | None:
    """The scale a new edition starts with, so that its jury can score without a further step:
    1 to 5, every criterion weighing 1. ``None`` when the award has no criteria yet (the
    edition's checklist then asks for them) or a scale is already declared."""
    if not edition.award.criteria.exists() or JuryScale.objects.filter(edition=edition).exists():
        return None
    return scale_declare(actor=actor, edition=edition, min_score=1, max_score=5)


@transaction.atomic
def conflict_declare(*, juror: Juror, nominee: Nominee, reason: str) -> ConflictOfInterest:
    """The juror recuses from ``nominee``; any score they gave it is withdrawn."""
    if nominee.edition_id != juror.edition_id:
        raise errors.NotAFinalist()
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        juror=juror, nominee=nominee, defaults={"reason": reason.strip()}
    )
    withdrawn, _by_model = Score.objects.filter(juror=juror, nominee=nominee).delete()
    log_action(
        "jury.conflict_declared",
        actor=juror.user,
        organisation=juror.edition.award.organisation,
        target=conflict,
        data={"nominee": nominee.pk, "scores_withdrawn": withdrawn},
        reason=reason,
    )
    return conflict


@transaction.atomic
def score_record(
    *,
    juror: Juror,
    nominee: Nominee,
    criterion: Criterion,
    value: int,
    comment: str = "",
) -> Score:
    edition = juror.edition
    # Locked: the scale cannot change while this score is being given (``scale_declare``).
    scale = JuryScale.objects.select_for_update().filter(edition=edition).first()
    if scale is None:
        raise errors.NoScale()
    if not gates.review_finished(edition, lock=True):
        raise errors.ReviewNotFinished()
    if Verdict.objects.filter(edition=edition).exists():
        raise errors.ScoringClosed()
    if criterion.award_id != edition.award_id:
        raise errors.UnknownCriterion()
    if nominee.pk not in finalist_ids(edition=edition):
        raise errors.NotAFinalist()
    if ConflictOfInterest.objects.filter(juror=juror, nominee=nominee).exists():
        raise errors.Recused()
    if not scale.min_score <= value <= scale.max_score:
        raise errors.OutOfScale(scale.min_score, scale.max_score)
    try:
        with transaction.atomic():
            score, _created = Score.objects.update_or_create(
                juror=juror,
                nominee=nominee,
                criterion=criterion,
                defaults={"value": value, "comment": comment.strip()},
            )
    except IntegrityError:  # the database's conflict trigger: declared in the meantime
        raise errors.Recused() from None
    log_action(
        "jury.scored",
        actor=juror.user,
        organisation=edition.award.organisation,
        target=score,
        data={"nominee": nominee.pk, "criterion": criterion.pk, "value": value},
    )
    return score


@transaction.atomic
def verdict_record(
    *, juror: Juror, winner: Nominee, rationale: str, override_reason: str = ""
) -> Verdict:
    """The chair names the winner with the jury's rationale; only a finalist can win.

    Every juror's scores for the finalists they are not recused from must be in, or the chair
    gives ``override_reason`` for deciding without them (kept in the audit log). The verdict
    closes scoring.
    """
    edition = juror.edition
    if not juror.is_chair:
        raise errors.NotChair()
    if Verdict.objects.filter(edition=edition).exists():
        raise errors.AlreadyDecided()
    if not gates.review_finished(edition, lock=True):
        raise errors.ReviewNotFinished()
    rationale = rationale.strip()
    if not rationale:
        raise errors.RationaleRequired()
    if winner.edition_id != edition.pk or winner.is_withdrawn:
        raise errors.NotAFinalist()
    try:
        outcome = selectors.edition_outcome(edition=edition, verdict=winner.pk)
    except RuleInputError:
        raise errors.NotAFinalist() from None
    if outcome is None:
        raise errors.NotReady()
    if outcome.winner != winner.pk:
        # The rule itself decides (public only, weighted without a tie): the chair confirms it.
        raise errors.NotAFinalist()
    override_reason = override_reason.strip()
    missing = _scores_missing(edition)
    if missing and not override_reason:
        raise errors.ScoresMissing(missing)
    if Verdict.objects.filter(edition=edition).exists():
        raise errors.AlreadyDecided()
    verdict = Verdict.objects.create(
        edition=edition,
        winner=winner,
        rationale=rationale,
        recorded_by=juror.user,
        outcome=outcome.as_data(),
    )
    # The edition carries the winner for the public pages, which hide it until the embargo lifts.
    edition_set_winner(actor=juror.user, edition=edition, winner=winner, rationale=rationale)
    log_action(
        "jury.verdict_recorded",
        actor=juror.user,
        organisation=edition.award.organisation,
        target=verdict,
        data={
            "winner": winner.pk,
            "outcome": outcome.as_data(),
            "scores_missing": missing,
            "override_reason": override_reason if missing else "",
        },
        reason=rationale,
    )
    return verdict


def _scores_missing(edition: Edition) -> int:
    try:
        finalists = tuple(finalist_ids(edition=edition))
    except RuleInputError:
        return 0
    criteria = edition.award.criteria.count()
    return sum(
        max(p.expected - p.scored, 0)
        for p in selectors.progress(edition=edition, finalists=finalists, criteria=criteria)
    )


def _stage_locked(edition: Edition) -> Stage:
    stage, _created = Stage.objects.get_or_create(edition=edition)
    return Stage.objects.select_for_update().get(pk=stage.pk)


@transaction.atomic
def review_finish(*, actor: User, edition: Edition) -> Stage:
    """An organiser declares the review of the vote finished: the finalists stand from now."""
    _require_organiser(actor, edition)
    stage = _stage_locked(edition)
    if stage.review_finished_at is not None:
        raise errors.ReviewAlreadyFinished()
    if edition.voting_window_at(timezone.now()) != VotingWindow.CLOSED:
        raise errors.VotingNotClosed()
    if not Tally.objects.filter(edition=edition).exists():
        raise errors.NotReady()
    if BallotInvalidation.objects.filter(
        ballot__edition=edition, approved_at__isnull=True
    ).exists():
        raise errors.PendingInvalidations()
    stage.review_finished_at = timezone.now()
    stage.review_finished_by = actor
    stage.save(update_fields=["review_finished_at", "review_finished_by"])
    log_action(
        "jury.review_finished",
        actor=actor,
        organisation=edition.award.organisation,
        target=edition,
        data={"edition": edition.pk, "finalists": sorted(finalist_ids(edition=edition))},
    )
    return stage


@transaction.atomic
def review_reopen(*, actor: User, edition: Edition, reason: str) -> Stage:
    """Reopen a finished review, with a reason the jury room shows; not once a verdict exists."""
    _require_organiser(actor, edition)
    reason = reason.strip()
    if not reason:
        raise errors.ReasonRequired()
    stage = _stage_locked(edition)
    if Verdict.objects.filter(edition=edition).exists():
        raise errors.ReviewNotReopenable()
    if stage.review_finished_at is None:
        raise errors.ReviewNotFinished()
    stage.review_finished_at = None
    stage.review_finished_by = None
    stage.reopened_at = timezone.now()
    stage.reopen_reason = reason
    stage.save()
    log_action(
        "jury.review_reopened",
        actor=actor,
        organisation=edition.award.organisation,
        target=edition,
        data={"edition": edition.pk},
        reason=reason,
    )
    return stage


@transaction.atomic
def scores_record(
    *, juror: Juror, nominee: Nominee, values: dict[Criterion, int], comment: str = ""
) -> list[Score]:
    """A juror's scores for one nominee on every criterion at once: all saved, or none."""
    return [
        score_record(juror=juror, nominee=nominee, criterion=c, value=v, comment=comment)
        for c, v in values.items()
    ]
