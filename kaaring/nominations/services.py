"""Writes of calls and of the public's nominations to them.

The nominator's path:

1. ``nomination_save`` stores what the form holds, as a draft or submitted. The clock at that
   moment decides whether the call is open (``nominations_open_at <= now <
   nominations_close_at``): a form sent one millisecond late is refused, and nothing typed is
   lost (the interface shows it again).
2. A nomination counts (``received``) when it has been submitted in time *and* the nominator
   has proved the e-mail address by opening a link sent to it. Until the address is proved,
   saving or submitting mails a single-use link that expires after ``NOMINATION_LINK_HOURS``.
   Opening it (``nomination_link_open``) proves the address, lets that browser go on with a
   draft, and turns a submitted nomination into a received one. A nomination submitted before
   the deadline may be confirmed after it, while its link lives.
3. When it is received the nominator gets a copy by mail.

Mails are sent by tasks after commit, each taking ids only (``tasks.py``).

Screening (accept, decline, merge) is in ``screening.py``; deleting personal data after the
retention period in ``retention.py``.
"""

import base64
import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from kaaring.accounts.models import User
from kaaring.audit.services import log_action
from kaaring.awards.models import Criterion, Edition
from kaaring.awards.services import edition_pages_changed
from kaaring.mailaddress import address_normalise
from kaaring.nominations import errors
from kaaring.nominations.checks import attachment_check
from kaaring.nominations.models import (
    Attachment,
    Call,
    Nomination,
    NominationLink,
    NomineeKind,
    Question,
    Status,
)
from kaaring.ratelimits.services import ratelimit_hit

TOKEN_SALT = "kaaring.nominations.link"  # noqa: S105 - a salt, not a secret
LINK_HOURS_DEFAULT = 72

CALL_FIELDS = ("who", "max_attachments", "max_attachment_mb", "retention_days")
QUESTION_FIELDS = (
    "position",
    "text",
    "text_nn",
    "text_en",
    "help",
    "help_nn",
    "help_en",
    "required",
    "max_length",
)


def link_hours() -> int:
    return int(getattr(settings, "NOMINATION_LINK_HOURS", LINK_HOURS_DEFAULT))


# --- Calls (organisers) -----------------------------------------------------------------------


@transaction.atomic
def call_create(*, actor: User | None, edition: Edition, **fields: Any) -> Call:
    """Open a call for ``edition``, with one question per published criterion of the award."""
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    call = Call(edition=edition, **fields)
    call.full_clean(exclude=["edition"], validate_constraints=False)
    call.save()
    criteria = Criterion.objects.filter(award=edition.award_id).order_by("position", "id")
    for position, criterion in enumerate(criteria, start=1):
        Question.objects.create(
            call=call,
            criterion=criterion,
            position=position,
            text=criterion.title[:300],
            text_nn=criterion.title_nn[:300],
            text_en=criterion.title_en[:300],
            help=criterion.description,
            help_nn=criterion.description_nn,
            help_en=criterion.description_en,
        )
    edition_pages_changed(edition_id=edition.pk)  # the edition page offers the form now
    log_action(
        "nominations.call_created",
        actor=actor,
        organisation=edition.award.organisation,
        target=edition,
        data={"call": call.pk, **{f: getattr(call, f) for f in CALL_FIELDS}},
    )
    return call


@transaction.atomic
def question_create(*, actor: User | None, call: Call, **fields: Any) -> Question:
    """An extra question the organisers add to the criteria's."""
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    question = Question(call=call, **fields)
    question.full_clean(exclude=["call", "criterion"], validate_constraints=False)
    question.save()
    log_action(
        "nominations.question_added",
        actor=actor,
        organisation=call.edition.award.organisation,
        target=call.edition,
        data={"question": question.pk, "text": question.text, "required": question.required},
    )
    return question


@transaction.atomic
def call_update(*, actor: User | None, call: Call, **fields: Any) -> Call:
    """Change who may nominate, the attachment limits or the retention period.

    The window is the edition's (changed on the edition). Who may nominate is fixed once a
    nomination has been submitted: the form and what was sent must ask the same thing.
    """
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if (
        "who" in fields
        and fields["who"] != call.who
        and call.nominations.filter(submitted_at__isnull=False).exists()
    ):
        raise ValidationError(
            {"who": [_("Nominations have been sent to this call, so who may nominate is fixed.")]}
        )
    before = {f: getattr(call, f) for f in CALL_FIELDS}
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean(exclude=["edition"], validate_constraints=False)
    changed = {
        f: [before[f], getattr(call, f)] for f in CALL_FIELDS if before[f] != getattr(call, f)
    }
    if not changed:
        return call
    call.save(update_fields=list(changed))
    log_action(
        "nominations.call_changed",
        actor=actor,
        organisation=call.edition.award.organisation,
        target=call.edition,
        data={"call": call.pk, "changed": changed},
    )
    return call


@transaction.atomic
def question_update(*, actor: User | None, question: Question, **fields: Any) -> Question:
    """Change a question's wording, help, order, length or whether it must be answered."""
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    before = {f: getattr(question, f) for f in QUESTION_FIELDS}
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean(exclude=["call", "criterion"], validate_constraints=False)
    changed = {
        f: [before[f], getattr(question, f)]
        for f in QUESTION_FIELDS
        if before[f] != getattr(question, f)
    }
    if not changed:
        return question
    question.save(update_fields=list(changed))
    log_action(
        "nominations.question_changed",
        actor=actor,
        organisation=question.call.edition.award.organisation,
        target=question.call.edition,
        data={"question": question.pk, "changed": changed},
    )
    return question


def call_check_open(call: Call, at: dt.datetime) -> None:
    """Raise unless ``at`` lies in the call's window (the close instant itself is too late)."""
    edition = call.edition
    if edition.nominations_open_at is None or at < edition.nominations_open_at:
        raise errors.CallNotOpen()
    if edition.nominations_close_at is not None and at >= edition.nominations_close_at:
        raise errors.CallClosed()


# --- Saving a nomination (the public) ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class NominationData:
    """What the form holds, parsed (the interface has checked formats; this checks the whole)."""

    nominator_name: str = ""
    nominator_role: str = ""
    nominator_email: str = ""
    nominee_kind: str = ""
    nominee_name: str = ""
    municipality_number: str = ""
    organisation_number: str = ""
    nominee_contact: str = ""
    consent: bool = False
    answers: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class SaveResult:
    nomination: Nomination
    # A link was mailed: the address is not proved yet.
    link_sent: bool
    # The nomination counts now (received).
    received: bool


def nomination_validate(*, call: Call, data: NominationData, attachment_count: int) -> None:
    """What a submitted nomination must hold; ``ValidationError`` keyed by the form's fields."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if not data.nominator_name.strip():
        add("nominator_name", _("Write your name."))
    if not data.nominator_email.strip():
        add("nominator_email", _("Write your e-mail address, so that we can confirm it."))
    if call.who == Call.Who.SELF:
        if data.nominee_kind != NomineeKind.MUNICIPALITY or not data.municipality_number:
            add("municipality", _("Choose the municipality that nominates itself."))
        if not data.nominator_role.strip():
            add("nominator_role", _("Write your role in the municipality."))
    else:
        if data.nominee_kind not in (
            NomineeKind.PERSON,
            NomineeKind.ORGANISATION,
            NomineeKind.COMPANY,
        ):
            add(
                "nominee_kind",
                _("Choose whether you nominate a person, an organisation or a company."),
            )
        if not data.nominee_name.strip():
            add("nominee_name", _("Write the name of the one you nominate."))
        if data.nominee_kind == NomineeKind.PERSON and not data.consent:
            add(
                "consent",
                _("Confirm that you have read what we store and show about the person."),
            )
    for question in call.questions.all():
        if question.required and not data.answers.get(str(question.pk), "").strip():
            add(f"answer_{question.pk}", _("Answer this question."))
    if attachment_count > call.max_attachments:
        add(
            "attachments",
            _("You can attach at most %(count)d files.") % {"count": call.max_attachments},
        )
    if problems:
        raise ValidationError(problems)


def _token(nonce: str) -> str:
    digest = salted_hmac(TOKEN_SALT, nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(link: NominationLink) -> str:
    """The token in the mailed link, rebuilt from the row (the row keeps only its hash)."""
    return _token(link.token_nonce)


def _links_limit(*, email: str, client_ip: str) -> None:
    """Count one link mail for the address and the IP; raise ``LinkRateLimited`` when over.

    Inside a refused save the count is rolled back with it (database counters), so a blocked
    visitor stays blocked until the window ends and no further than that.
    """
    try:
        address = address_normalise(email)
    except ValueError:
        address = email.strip().casefold()
    checks = [("nomination_link_per_address", address)]
    if client_ip:
        checks.insert(0, ("nomination_link_per_ip", client_ip))
    for purpose, identifier in checks:
        verdict = ratelimit_hit(purpose=purpose, identifier=identifier)
        if not verdict.allowed:
            raise errors.LinkRateLimited(retry_after=verdict.retry_after)


def _link_create(nomination: Nomination, now: dt.datetime) -> NominationLink:
    nonce = secrets.token_hex(16)
    link = NominationLink.objects.create(
        nomination=nomination,
        token_hash=_token_hash(_token(nonce)),
        token_nonce=nonce,
        expires_at=now + dt.timedelta(hours=link_hours()),
    )
    from kaaring.nominations.tasks import nomination_link_send_task

    transaction.on_commit(lambda: nomination_link_send_task.enqueue(link.pk))
    return link


def _receive(nomination: Nomination) -> None:
    nomination.status = Status.RECEIVED
    from kaaring.nominations.tasks import nomination_copy_send_task

    nomination_id = nomination.pk
    transaction.on_commit(lambda: nomination_copy_send_task.enqueue(nomination_id))


def _attachments_store(nomination: Nomination, call: Call, uploads: Iterable[UploadedFile]) -> None:
    for upload in uploads:
        name = (upload.name or "file")[-200:]
        kind = attachment_check(
            name=name,
            size=upload.size or 0,
            stream=upload,
            max_bytes=call.max_attachment_bytes,
        )
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(
            nomination=nomination,
            original_name=name,
            kind=kind,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
        )
        # A random stored name: the nominator's file name never reaches the file system.
        attachment.file.save(f"{secrets.token_hex(16)}.{kind}", upload, save=False)
        attachment.save()


@transaction.atomic
def nomination_save(
    *,
    call: Call,
    nomination: Nomination | None,
    data: NominationData,
    uploads: list[UploadedFile],
    submit: bool,
    language: str,
    site_url: str,
    client_ip: str = "",
    remove: Iterable[int] = (),
) -> SaveResult:
    """Save the form as a draft, or submit it. See the module's docstring for the path.

    ``remove`` names attachments of the draft the nominator takes off. They go with this
    save or not at all: a form refused for any reason still has every file it had, and a
    file leaves the disk only once the save that removes it has committed.

    Raises ``CallNotOpen``/``CallClosed`` (by the clock now), ``NominationLocked`` (already
    submitted), ``AttachmentRejected``, ``ValidationError`` (keyed by form field) and
    ``LinkRateLimited`` (a link would be mailed, but too many were; nothing is saved).
    """
    now = timezone.now()
    call_check_open(call, now)
    if nomination is not None:
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk, call=call)
        if nomination.submitted_at is not None or nomination.status != Status.DRAFT:
            raise errors.NominationLocked()
    removed = (
        list(nomination.attachments.filter(pk__in=list(remove))) if nomination is not None else []
    )
    kept = nomination.attachments.count() - len(removed) if nomination is not None else 0
    if submit:
        nomination_validate(call=call, data=data, attachment_count=kept + len(uploads))
    elif kept + len(uploads) > call.max_attachments:
        raise ValidationError(
            {
                "attachments": [
                    _("You can attach at most %(count)d files.") % {"count": call.max_attachments}
                ]
            }
        )
    if nomination is None:
        nomination = Nomination(call=call)
    email = data.nominator_email.strip()
    if email != nomination.nominator_email:
        nomination.email_confirmed_at = None
    nomination.nominator_name = data.nominator_name.strip()
    nomination.nominator_role = data.nominator_role.strip()
    nomination.nominator_email = email
    nomination.nominee_kind = data.nominee_kind
    nomination.nominee_name = data.nominee_name.strip()
    nomination.municipality_number = data.municipality_number
    nomination.organisation_number = data.organisation_number
    nomination.nominee_contact = data.nominee_contact.strip()
    nomination.consent_at = (
        (nomination.consent_at or now)
        if data.consent and data.nominee_kind == NomineeKind.PERSON
        else None
    )
    valid_ids = {str(q.pk) for q in call.questions.all()}
    nomination.answers = {k: v.strip() for k, v in data.answers.items() if k in valid_ids}
    nomination.language = language
    nomination.site_url = site_url
    if submit:
        nomination.submitted_at = now
    received = submit and nomination.email_confirmed_at is not None
    if received:
        _receive(nomination)
    nomination.save()
    for attachment in removed:
        _attachment_delete(attachment)
    _attachments_store(nomination, call, uploads)
    link_sent = False
    if email and nomination.email_confirmed_at is None:
        _links_limit(email=email, client_ip=client_ip)
        _link_create(nomination, now)
        link_sent = True
    return SaveResult(nomination=nomination, link_sent=link_sent, received=received)


@transaction.atomic
def attachment_remove(*, nomination: Nomination, attachment_id: int) -> None:
    """The nominator takes an attachment off a draft."""
    if nomination.submitted_at is not None:
        raise errors.NominationLocked()
    attachment = nomination.attachments.filter(pk=attachment_id).first()
    if attachment is not None:
        _attachment_delete(attachment)


def _attachment_delete(attachment: Attachment) -> None:
    """Delete the row now and the file once that commits: a rollback keeps both."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def nomination_link_find(*, token: str) -> NominationLink:
    """The link behind ``token`` if it may still be used; else the reason why not."""
    link = (
        NominationLink.objects.select_related("nomination__call__edition__award")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if link is None:
        raise errors.LinkInvalid()
    if link.used_at is not None:
        raise errors.LinkUsed()
    if timezone.now() >= link.expires_at:
        raise errors.LinkExpired()
    return link


@transaction.atomic
def nomination_link_open(*, token: str) -> Nomination:
    """Use a link once: the address is proved; a submitted nomination is received.

    Raises ``LinkInvalid``, ``LinkExpired`` or ``LinkUsed``.
    """
    link = nomination_link_find(token=token)
    now = timezone.now()
    # Single use, decided by one conditional update whatever runs at the same time.
    claimed = NominationLink.objects.filter(
        pk=link.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        raise errors.LinkUsed()
    nomination = Nomination.objects.select_for_update().get(pk=link.nomination_id)
    nomination.email_confirmed_at = nomination.email_confirmed_at or now
    fields = ["email_confirmed_at", "updated_at"]
    if nomination.status == Status.DRAFT and nomination.submitted_at is not None:
        _receive(nomination)
        fields.append("status")
    nomination.save(update_fields=fields)
    return nomination


def nomination_links_resend(*, call: Call, email: str, client_ip: str = "") -> int:
    """Mail a fresh link for each unsent draft of ``email`` in ``call``.

    The answer to the visitor never says whether there was one, so nobody can probe an address:
    every request counts against the rate limits (``LinkRateLimited``), draft or not.
    """
    _links_limit(email=email, client_ip=client_ip)
    now = timezone.now()
    drafts = list(
        Nomination.objects.filter(
            call=call, status=Status.DRAFT, nominator_email__iexact=email.strip()
        )[:5]
    )
    with transaction.atomic():
        for nomination in drafts:
            _link_create(nomination, now)
    return len(drafts)
