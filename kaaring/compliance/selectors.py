"""An edition's privacy notice and an organisation's accessibility statement, generated from
what the software knows and what the organiser declares.

A notice item says what is stored, why and for how long, for the edition's voting mode only: what
the notice says is what ``kaaring.voting`` does with these settings (the tests hold the two
together).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kaaring.accounts.models import Organisation
from kaaring.awards.localized import Text
from kaaring.awards.models import Edition, Nominee, VotingMode
from kaaring.compliance.checks import AXE, REFLOW, checks_load
from kaaring.compliance.content import ContentIssue, nominee_content_issues
from kaaring.compliance.models import Declaration


@dataclass(frozen=True)
class NoticeItem:
    what: str
    why: str
    how_long: str


@dataclass(frozen=True)
class PrivacyNotice:
    edition: Edition
    items: list[NoticeItem]
    legal_basis: Text | None
    contact: str
    missing: list[str]


def _signals_item(mode: str) -> NoticeItem:
    days = settings.VOTE_SIGNALS_RETENTION_DAYS
    if mode == VotingMode.EMAIL:
        what = _(
            "Signals for reviewing the vote: a keyed hash of your IP subnet (/24 or /48, not "
            "your full address), your browser family, the domain of your e-mail address and how "
            "long the form took."
        )
    else:
        what = _(
            "Signals for reviewing the vote: a keyed hash of your IP subnet (/24 or /48, not "
            "your full address), your browser family and how long the form took."
        )
    return NoticeItem(
        what=what,
        why=_("To find and remove votes cast by automated or coordinated means."),
        how_long=ngettext(
            "Deleted %(days)d day after voting closes.",
            "Deleted %(days)d days after voting closes.",
            days,
        )
        % {"days": days},
    )


def _key_item(identity: str) -> NoticeItem:
    return NoticeItem(
        what=_(
            "A keyed hash of %(identity)s, stored with your ballot. The key belongs to this "
            "edition and is kept apart from the ballots, so the ballot cannot be linked to you "
            "from the ballots alone."
        )
        % {"identity": identity},
        why=_("So that each voter counts once."),
        how_long=_("As long as the edition's result is kept; deleting the key unlinks it."),
    )


def edition_privacy_notice(*, edition: Edition) -> PrivacyNotice:
    mode = edition.voting_mode
    items: list[NoticeItem] = []
    if mode == VotingMode.OPEN:
        items.append(_key_item(_("a random identifier kept in your browser")))
    elif mode == VotingMode.EMAIL:
        hours = settings.VOTE_EMAIL_CONFIRMATION_HOURS
        items.append(
            NoticeItem(
                what=_("Your e-mail address, to send you the confirmation link."),
                why=_("To confirm that the vote comes from the address's owner."),
                how_long=ngettext(
                    "Erased when you use the link, or within a day after it expires (it lasts "
                    "%(hours)d hour).",
                    "Erased when you use the link, or within a day after it expires (it lasts "
                    "%(hours)d hours).",
                    hours,
                )
                % {"hours": hours},
            )
        )
        items.append(_key_item(_("your e-mail address")))
    elif mode == VotingMode.EID:
        items.append(_key_item(_("the identifier your electronic ID gives us")))
    if mode != VotingMode.NONE:
        items.append(_signals_item(mode))
    declaration = Declaration.objects.filter(organisation_id=edition.award.organisation_id).first()
    missing: list[str] = []
    legal_basis = declaration.localized("legal_basis") if declaration else None
    if not legal_basis:
        legal_basis = None
        missing.append(_("the legal basis for the processing"))
    contact = declaration.privacy_contact if declaration else ""
    if not contact:
        missing.append(_("a contact for questions about personal data"))
    return PrivacyNotice(
        edition=edition,
        items=items,
        legal_basis=legal_basis,
        contact=contact,
        missing=missing,
    )


StrOrPromise = str | Promise

# The WCAG 2.1 success criteria the automated checks cover, and which check covers each.
AUTOMATED_CRITERIA: list[tuple[str, StrOrPromise, str]] = [
    ("1.1.1", gettext_lazy("Non-text content"), AXE),
    ("1.3.1", gettext_lazy("Info and relationships"), AXE),
    ("1.4.3", gettext_lazy("Contrast (minimum)"), AXE),
    ("1.4.10", gettext_lazy("Reflow"), REFLOW),
    ("2.4.2", gettext_lazy("Page titled"), AXE),
    ("2.4.4", gettext_lazy("Link purpose (in context)"), AXE),
    ("3.1.1", gettext_lazy("Language of page"), AXE),
    ("3.1.2", gettext_lazy("Language of parts"), AXE),
    ("4.1.2", gettext_lazy("Name, role, value"), AXE),
]


@dataclass(frozen=True)
class CriterionStatus:
    number: str
    name: str
    met: bool | None  # None: no recorded check says
    note: str


@dataclass(frozen=True)
class AccessibilityStatement:
    organisation: Organisation
    editions: list[Edition]
    criteria: list[CriterionStatus]
    content_issues: list[ContentIssue]
    known_deviations: Text | None
    contact: str
    missing: list[str]

    @property
    def fully_met(self) -> bool:
        return (
            not self.missing
            and not self.content_issues
            and not self.known_deviations
            and all(c.met for c in self.criteria)
        )


def organisation_accessibility_statement(
    *, organisation: Organisation, at: dt.datetime | None = None
) -> AccessibilityStatement:
    at = at or timezone.now()
    editions = list(
        Edition.objects.filter(award__organisation=organisation, announced_at__lte=at)
        .select_related("award")
        .order_by("award__slug", "-year")
    )
    nominees = (
        Nominee.objects.filter(edition__in=editions, withdrawn_at__isnull=True)
        .select_related("edition__award")
        .order_by("edition__award__slug", "-edition__year", "position", "name")
    )
    content_issues = [issue for nominee in nominees for issue in nominee_content_issues(nominee)]
    checks = checks_load()
    criteria: list[CriterionStatus] = []
    for number, name, check_name in AUTOMATED_CRITERIA:
        check = checks.get(check_name)
        if check is None:
            met, note = None, _("No automated check has been recorded.")
        else:
            met = check.passed
            note = _("Automated check on %(date)s: %(violations)d violations.") % {
                "date": date_format(check.date, "DATE_FORMAT"),
                "violations": check.violations,
            }
        found = sum(1 for issue in content_issues if issue.criterion == number)
        if found:
            met = False
            note = ngettext(
                "The content check found %(count)d deviation.",
                "The content check found %(count)d deviations.",
                found,
            ) % {"count": found}
        criteria.append(CriterionStatus(number=number, name=str(name), met=met, note=note))
    declaration = Declaration.objects.filter(organisation=organisation).first()
    missing: list[str] = []
    contact = declaration.accessibility_contact if declaration else ""
    if not contact:
        missing.append(_("a contact for feedback on accessibility"))
    if not editions:
        missing.append(_("a published edition: the statement covers only the site's own pages"))
    if not checks:
        missing.append(_("a recorded run of the automated checks"))
    known = declaration.localized("known_deviations") if declaration else None
    return AccessibilityStatement(
        organisation=organisation,
        editions=editions,
        criteria=criteria,
        content_issues=content_issues,
        known_deviations=known or None,
        contact=contact,
        missing=missing,
    )
