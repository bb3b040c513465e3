"""Taking a juror off the jury.

A seat goes only while it has left no trace in the record: a juror who has given a score, or a
jury whose verdict is in, keeps its seats (the scores and the verdict must stay explainable).
Conflicts the juror declared go with the seat; the audit log keeps who was removed and by whom.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kaaring.accounts.models import User
from kaaring.audit.services import log_action
from kaaring.jury import errors
from kaaring.jury.models import ConflictOfInterest, Juror, Score, Verdict
from kaaring.jury.services import _require_organiser


class JurorHasScored(errors.JuryError):
    message = _(
        "This juror has given scores, so the seat stays: the scores are part of the record."
    )


class VerdictRecorded(errors.JuryError):
    message = _("The verdict is recorded, so the jury can no longer change.")


@transaction.atomic
def juror_remove(*, actor: User, juror: Juror) -> None:
    edition = juror.edition
    _require_organiser(actor, edition)
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    if Verdict.objects.filter(edition=edition).exists():
        raise VerdictRecorded()
    if Score.objects.filter(juror=juror).exists():
        raise JurorHasScored()
    conflicts = ConflictOfInterest.objects.filter(juror=juror)
    log_action(
        "jury.juror_removed",
        actor=actor,
        organisation=edition.award.organisation,
        target=juror,
        data={
            "edition": edition.pk,
            "user": juror.user_id,
            "chair": juror.is_chair,
            "conflicts": conflicts.count(),
        },
    )
    conflicts.delete()
    juror.delete()
