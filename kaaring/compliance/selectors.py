"""The privacy notice of an edition, generated from its settings and its organiser's declaration.

Each item says what is stored, why and for how long, for the edition's voting mode only: what
the notice says is what ``kaaring.voting`` does with these settings (the tests hold the two
together).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kaaring.awards.localized import Text
from kaaring.awards.models import Edition, VotingMode
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
