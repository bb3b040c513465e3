"""What an edition still needs before each of its phases can start, as the edition page lists it.

Each item says whether it is in place, in a sentence the organiser reads, and links to the
screen that sets it. Nothing here writes: the checks are the same ones the services make when
the step is taken (a juror scores only on a declared scale, a result needs its time).
"""

import dataclasses

from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kaaring.awards import decision_rules
from kaaring.awards.models import FROZEN_FIELDS, Edition, Nominee
from kaaring.jury.models import Juror, JuryScale


@dataclasses.dataclass(frozen=True)
class Item:
    label: str
    done: bool
    detail: str
    url: str


@dataclasses.dataclass(frozen=True)
class Step:
    title: Promise | str
    items: list[Item]

    @property
    def missing(self) -> int:
        return sum(not item.done for item in self.items)


def _urls(edition: Edition) -> dict[str, str]:
    kwargs = {"award": edition.award.slug, "year": edition.year}
    jury = reverse("backoffice:jury_admin", kwargs=kwargs)
    form = reverse("backoffice:edition", kwargs=kwargs)
    return {
        "nominees": reverse("backoffice:nominees", kwargs=kwargs),
        "form": form,
        "criteria": reverse("backoffice:award", kwargs={"award": edition.award.slug}),
        "scale": f"{jury}#scale",
        "jurors": f"{jury}#jurors",
    }


def edition_checklist(edition: Edition) -> list[Step]:
    urls = _urls(edition)
    form = urls["form"]
    nominees = Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True).count()
    criteria = edition.award.criteria.count()
    scale = JuryScale.objects.filter(edition=edition).first()
    jurors = list(Juror.objects.filter(edition=edition))
    rule = decision_rules.get(edition.decision_rule)

    announced = Item(
        _("Shown on the public site"),
        edition.announced_at is not None,
        _("The time the edition is shown on the public site is set.")
        if edition.announced_at
        else _("Set when the edition is shown on the public site."),
        f"{form}#id_announced_at_0",
    )
    enough = nominees > edition.finalist_count if edition.has_public_vote else nominees > 0
    nominee_item = Item(
        _("Nominees"),
        enough,
        ngettext("%(n)s nominee.", "%(n)s nominees.", nominees) % {"n": nominees}
        + (
            ""
            if enough or not edition.has_public_vote
            else " "
            + _("A public vote needs more nominees than the %(n)s finalists.")
            % {"n": edition.finalist_count}
        ),
        urls["nominees"],
    )
    rules_item = Item(
        _("Rules of the vote and the decision"),
        True,
        _("Decision rule: %(rule)s.") % {"rule": rule.label},
        f"{form}#id_decision_rule",
    )
    jury_items = [
        Item(
            _("Criteria"),
            criteria > 0,
            ngettext("%(n)s criterion.", "%(n)s criteria.", criteria) % {"n": criteria}
            if criteria
            else _("Add the criteria the jury judges by."),
            urls["criteria"],
        ),
        Item(
            _("The jury's scale"),
            scale is not None,
            _("From %(low)s to %(high)s.") % {"low": scale.min_score, "high": scale.max_score}
            if scale
            else _("Declare the scale the jurors score on."),
            urls["scale"],
        ),
        Item(
            _("Jurors"),
            bool(jurors),
            ngettext("%(n)s juror.", "%(n)s jurors.", len(jurors)) % {"n": len(jurors)}
            if jurors
            else _("Appoint or invite the jurors."),
            urls["jurors"],
        ),
        Item(
            _("Chair of the jury"),
            any(j.is_chair for j in jurors),
            _("The chair records the verdict.")
            if any(j.is_chair for j in jurors)
            else _("Name the chair, who records the verdict."),
            urls["jurors"],
        ),
    ]
    published = Item(
        _("Time the result is published"),
        edition.results_published_at is not None,
        _("The time is set.")
        if edition.results_published_at
        else _("Set when the winner is shown on the public site."),
        f"{form}#id_results_published_at_0",
    )
    if edition.has_public_vote:
        return [
            Step(gettext_lazy("Before voting opens"), [announced, nominee_item, rules_item]),
            Step(gettext_lazy("Before the jury starts"), jury_items),
            Step(gettext_lazy("Before the result is published"), [published]),
        ]
    return [
        Step(gettext_lazy("Before the jury starts"), [announced, nominee_item, rules_item]),
        Step(gettext_lazy("The jury"), jury_items),
        Step(gettext_lazy("Before the result is published"), [published]),
    ]


def frozen_labels() -> list[str]:
    """The names of what freezes when voting opens, as the edition form labels them."""
    fields = [Edition._meta.get_field(name) for name in FROZEN_FIELDS]
    return [str(field.verbose_name) for field in fields if isinstance(field, models.Field)]
