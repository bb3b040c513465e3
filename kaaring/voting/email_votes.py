"""Voting by e-mail: one counted ballot per normalised address, confirmed by a single-use link.

The flow:

1. ``email_confirmation_request`` checks the address (disposable domains are refused), counts
   the rate limits, and stores a pending ``EmailConfirmation``: the voter key (HMAC of the
   normalised address, as the ballot will carry it), the raw address (only to send the mail),
   the nominee, the form's submission key, and an expiry ``VOTE_EMAIL_CONFIRMATION_HOURS``
   ahead. After commit it enqueues ``tasks.email_confirmation_send_task`` with the row's id —
   never the address.
2. ``email_confirmation_send`` renders the mail in the voter's language and sends it once.
3. Opening the link shows a button; only its POST counts (mail scanners prefetch links).
   ``email_vote_confirm`` claims the row (single use), empties the address, and casts the
   ballot, all at once: on PostgreSQL in one statement that locks the row, casts and claims;
   otherwise in one transaction with a conditional UPDATE whose row count is checked.
4. ``email_confirmations_purge`` (command ``voting_purge_emails``, task
   ``email_confirmations_purge_task``) empties the addresses of expired rows and deletes rows
   long past their expiry.

The link's token is never stored: it is an HMAC (``SECRET_KEY``) of a random nonce kept in the
row, and the row keeps only the token's SHA-256 to find it. The database alone therefore gives
no working link; the sending task can rebuild the token from the row id alone.

Whether an address has voted is only told to its mailbox: the request step never says
"already voted", so nobody can probe someone else's address; the mail to an address that has
voted says so instead of carrying a second link.

Addresses are compared as ``kaaring.mailaddress`` normalises them (the mail goes to the
address as typed), and throw-away domains are refused by its list.
"""

import base64
import dataclasses
import datetime as dt
import hashlib
import logging
import secrets
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from kaaring.awards.models import Edition, Nominee, VotingMode
from kaaring.mailaddress import address_is_disposable, address_normalise
from kaaring.mailaddress.outgoing import moment_text, sender
from kaaring.ratelimits.services import ratelimit_hit
from kaaring.voting import errors
from kaaring.voting.memory import Recent
from kaaring.voting.models import BallotMode, EmailConfirmation
from kaaring.voting.review_signals import registrable_domain
from kaaring.voting.selectors import ballot_exists
from kaaring.voting.services import (
    CastResult,
    Guard,
    GuardNotHeld,
    ballot_cast,
    voter_key,
    voting_open_check,
)

logger = logging.getLogger(__name__)

TOKEN_SALT = "kaaring.voting.email-confirmation"  # noqa: S105 - a salt, not a secret
# Confirmations are kept this long after expiry (to answer "this link has expired"), then deleted.
KEEP_AFTER_EXPIRY = dt.timedelta(days=30)


class EmailVoteError(Exception):
    """Base class: the e-mail step did not go through."""


class DisposableAddress(EmailVoteError):  # noqa: N818 - reads as the situation
    """The address belongs to a throw-away mail service."""


class ConfirmationRateLimited(EmailVoteError):  # noqa: N818
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class ConfirmationUnknown(EmailVoteError):  # noqa: N818
    """No confirmation has this token (mistyped link, or deleted long after expiry)."""


class ConfirmationExpired(EmailVoteError):  # noqa: N818
    """The link was not used in time."""

    def __init__(self, confirmation: EmailConfirmation) -> None:
        super().__init__(confirmation.pk)
        self.confirmation = confirmation


class ConfirmationUsed(EmailVoteError):  # noqa: N818
    """The link has been used already (``counted``: and it counted a ballot)."""

    def __init__(self, confirmation: EmailConfirmation) -> None:
        super().__init__(confirmation.pk)
        self.confirmation = confirmation
        self.counted = confirmation.counted


class ConfirmationRefused(EmailVoteError):  # noqa: N818
    """The link was used up, but the voting rules refused the ballot (``error`` says why)."""

    def __init__(self, confirmation: EmailConfirmation, error: errors.VotingError) -> None:
        super().__init__(confirmation.pk)
        self.confirmation = confirmation
        self.error = error


class ConfirmationMailFailed(EmailVoteError):  # noqa: N818
    """The mail server did not take the mail (details left out: they may name the address)."""


# --- Tokens -----------------------------------------------------------------------------------


def _token(nonce: str) -> str:
    digest = salted_hmac(TOKEN_SALT, nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def confirmation_link(confirmation: EmailConfirmation) -> str:
    """The absolute link in the mail, in the voter's language."""
    with translation.override(confirmation.language):
        path = reverse("voting:email_confirm", kwargs={"token": _token(confirmation.token_nonce)})
    return confirmation.site_url.rstrip("/") + path


# --- Requesting a confirmation ------------------------------------------------------------------


def _voting_state_check(edition: Edition, now: dt.datetime) -> None:
    """Friendly early answers; the database's clock still decides when the ballot is cast."""
    if edition.voting_mode != VotingMode.EMAIL:
        raise errors.WrongVotingMode()
    voting_open_check(edition=edition, at=now)


def email_confirmation_request(
    *,
    edition: Edition,
    nominee: Nominee,
    address: str,
    submission_key: str,
    site_url: str,
    language: str,
    client_ip: str,
) -> EmailConfirmation:
    """Store a pending e-mail vote and send its link after commit.

    Raises ``VotingError`` (edition not voted by e-mail, not open, closed),
    ``DisposableAddress``, ``ConfirmationRateLimited`` or ``ValueError`` (not an address).
    The same form sent twice (same submission key and address) sends one mail.
    """
    now = timezone.now()
    _voting_state_check(edition, now)
    if nominee.edition_id != edition.pk or nominee.withdrawn_at is not None:
        raise errors.NomineeNotAvailable()
    normalised = address_normalise(address)
    if address_is_disposable(address):
        raise DisposableAddress()
    key = voter_key(edition_id=edition.pk, kind=BallotMode.EMAIL, identity=normalised)
    pending = EmailConfirmation.objects.filter(
        edition=edition,
        voter_key=key,
        submission_key=submission_key,
        used_at__isnull=True,
        expires_at__gt=now,
    ).first()
    if pending is not None:
        return pending
    for purpose, identifier in (
        ("confirmation_mail_per_ip", client_ip),
        ("confirmation_mail_per_address", normalised),
    ):
        verdict = ratelimit_hit(purpose=purpose, identifier=identifier)
        if not verdict.allowed:
            raise ConfirmationRateLimited(retry_after=verdict.retry_after)
    nonce = secrets.token_hex(16)
    confirmation = EmailConfirmation.objects.create(
        edition=edition,
        nominee=nominee,
        voter_key=key,
        address=address.strip(),
        token_hash=_token_hash(_token(nonce)),
        token_nonce=nonce,
        submission_key=submission_key,
        site_url=site_url,
        language=language,
        expires_at=now + dt.timedelta(hours=settings.VOTE_EMAIL_CONFIRMATION_HOURS),
    )
    from kaaring.voting.tasks import email_confirmation_send_task

    transaction.on_commit(lambda: email_confirmation_send_task.enqueue(confirmation.pk))
    logger.info("vote.email.requested confirmation=%s edition=%s", confirmation.pk, edition.pk)
    return confirmation


# --- Sending ----------------------------------------------------------------------------------


def email_confirmation_send(*, confirmation_id: int) -> bool:
    """Send the link once; ``False`` when there is nothing (more) to send. Idempotent."""
    now = timezone.now()
    claimed = EmailConfirmation.objects.filter(
        pk=confirmation_id, sent_at__isnull=True, used_at__isnull=True, expires_at__gt=now
    ).exclude(address="")
    if claimed.update(sent_at=now) != 1:
        logger.info("vote.email.send_skipped confirmation=%s", confirmation_id)
        return False
    confirmation = EmailConfirmation.objects.select_related(
        "edition__award__organisation", "nominee"
    ).get(pk=confirmation_id)
    # An address that has voted gets no second link, but a mail that says so: the page that
    # asked for it says the same to everyone, so nobody learns there whether an address voted.
    voted = ballot_exists(edition_id=confirmation.edition_id, voter_key=confirmation.voter_key)
    message = _message(confirmation, "already_voted" if voted else "confirm")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        # Let a later run try again; the server's words may contain the address, so they are
        # neither logged nor kept in the task's result.
        EmailConfirmation.objects.filter(pk=confirmation_id).update(sent_at=None)
        logger.warning("vote.email.send_failed confirmation=%s", confirmation_id)
        raise ConfirmationMailFailed(confirmation_id) from None
    if voted:
        # Nothing left to confirm: the row is used up and the address gone at once.
        EmailConfirmation.objects.filter(pk=confirmation_id, used_at__isnull=True).update(
            used_at=timezone.now(), address="", counted=False
        )
        logger.info("vote.email.already_voted confirmation=%s", confirmation_id)
        return True
    logger.info("vote.email.sent confirmation=%s", confirmation_id)
    return True


def _message(confirmation: EmailConfirmation, template: str) -> EmailMultiAlternatives:
    """The mail ``voting/email/<template>`` in the voter's language, from the organisation."""
    language = confirmation.language
    edition = confirmation.edition
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        context = {
            "award_name": edition.award.localized("name", language).text,
            "edition": edition,
            "nominee_name": confirmation.nominee.name,
            "expires_text": moment_text(confirmation.expires_at),
            "hours": settings.VOTE_EMAIL_CONFIRMATION_HOURS,
            "site_url": confirmation.site_url,
            "language": language,
        }
        if template == "confirm":
            context["link"] = confirmation_link(confirmation)
        subject = render_to_string(f"voting/email/{template}_subject.txt", context)
        text = render_to_string(f"voting/email/{template}.txt", context)
        html = render_to_string(f"voting/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=sender(edition.award.organisation.name),
        to=[confirmation.address],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Opening the link -----------------------------------------------------------------------


def email_confirmation_by_token(*, token: str) -> EmailConfirmation:
    """The confirmation a link points to, if it can still be used; else the reason why not."""
    confirmation = (
        EmailConfirmation.objects.select_related("edition__award", "nominee")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if confirmation is None:
        raise ConfirmationUnknown()
    if confirmation.used_at is not None:
        raise ConfirmationUsed(confirmation)
    if confirmation.expires_at <= timezone.now():
        raise ConfirmationExpired(confirmation)
    return confirmation


@dataclasses.dataclass(frozen=True)
class Confirmed:
    confirmation: EmailConfirmation
    result: CastResult


def email_vote_confirm(
    *, token: str, user_agent_family: str | None = None, seconds_to_vote: int | None = None
) -> Confirmed:
    """Use the link: count the ballot, or raise why not.

    Single use: one conditional UPDATE claims the row and empties its address; its row count
    says whether this request won. A retry of a request that counted the ballot (double click,
    lost response) gets the same receipt back; any other second use is ``ConfirmationUsed``.
    A ballot refused by the voting rules (``AlreadyVoted``, ``VotingClosed`` …) still uses up
    the link and deletes the address; ``ConfirmationRefused`` carrying the ``VotingError`` is
    raised after commit. The review signals (the address's domain, read just before the claim
    empties it, and what the caller passes) go with the ballot.

    This is the committing request of the e-mail mode, so it costs as few round trips as the
    rules allow. On PostgreSQL: one plain read of the unused link (what the ballot will be, and
    the address's domain for its signal), then one statement that locks the link's row again,
    inserts the ballot and its signals if the link is still unused, and claims the link, marked
    counted only if the ballot went in (``_confirm_in_one_statement``). A concurrent use of the
    same link waits for the lock, then finds it used. Everything else (unknown, used, expired
    links, a retry, SQLite) goes the general way: in one transaction, one read of the link's
    row that locks it; one UPDATE that claims it and marks it counted; the ballot. Only a
    refused ballot costs one more UPDATE, to take the mark back in the same transaction, so
    nobody ever sees a counted link without its ballot. The edition and nominee come from
    ``_target``, which keeps them for a moment.
    """
    token_hash = _token_hash(token)
    now = timezone.now()
    if transaction.get_connection().vendor == "postgresql":
        confirmed = _confirm_in_one_statement(
            token_hash, now, user_agent_family=user_agent_family, seconds_to_vote=seconds_to_vote
        )
        if confirmed is not None:
            return confirmed
    # What is read inside a caller's transaction may be rolled back: not kept then.
    remember = not transaction.get_connection().in_atomic_block
    with transaction.atomic():
        confirmation = _locked(token_hash)
        if confirmation is None:
            raise ConfirmationUnknown()
        _target(confirmation, remember=remember)
        claimed = (
            confirmation.used_at is None
            and confirmation.expires_at > now
            and EmailConfirmation.objects.filter(
                pk=confirmation.pk, used_at__isnull=True, expires_at__gt=now
            ).update(used_at=now, address="", counted=True)
            == 1
        )
        if not claimed:
            if confirmation.used_at is None and confirmation.expires_at <= now:
                raise ConfirmationExpired(confirmation)
            if confirmation.used_at is None:  # pragma: no cover - only without a row lock
                confirmation = _locked(token_hash) or confirmation
                _target(confirmation, remember=remember)
            if not confirmation.counted:
                raise ConfirmationUsed(confirmation)
            # The ballot exists from this very submission: ballot_cast returns it, repeated.
            return Confirmed(confirmation, _cast(confirmation))
        address = confirmation.address
        confirmation.used_at, confirmation.address, confirmation.counted = now, "", True
        try:
            result = _cast(
                confirmation,
                email_domain=registrable_domain(address) if address else None,
                user_agent_family=user_agent_family,
                seconds_to_vote=seconds_to_vote,
            )
        except errors.VotingError as error:
            EmailConfirmation.objects.filter(pk=confirmation.pk).update(counted=False)
            confirmation.counted = False
            refusal = ConfirmationRefused(confirmation, error)
            logger.info(
                "vote.email.refused confirmation=%s reason=%s",
                confirmation.pk,
                type(error).__name__,
            )
        else:
            logger.info("vote.email.counted confirmation=%s", confirmation.pk)
            return Confirmed(confirmation, result)
    raise refusal


def _confirm_in_one_statement(
    token_hash: str,
    now: dt.datetime,
    *,
    user_agent_family: str | None,
    seconds_to_vote: int | None,
) -> Confirmed | None:
    """The common case on PostgreSQL: an unused link, used once. ``None`` when the link is
    not (or, once locked, no longer) unused and valid: nothing was done, and the general way
    says what happened."""
    # A slice, not first(): the token hash is unique, and ordering would only cost.
    found = EmailConfirmation.objects.filter(
        token_hash=token_hash, used_at__isnull=True, expires_at__gt=now
    )[:1]
    confirmation = next(iter(found), None)
    if confirmation is None:
        return None
    _target(confirmation, remember=not transaction.get_connection().in_atomic_block)
    table = EmailConfirmation._meta.db_table
    # The ballot's statement locks the row and checks again that it is unused: a concurrent
    # use waits here, then finds no row. The claim follows the ballot in the same statement.
    guard = Guard(
        lock=f"SELECT id FROM {table} WHERE id = %s AND used_at IS NULL AND expires_at > %s "  # noqa: S608
        "FOR UPDATE",
        lock_params=[confirmation.pk, now],
        then=f"UPDATE {table} AS c SET used_at = %s, address = '', "  # noqa: S608
        "counted = EXISTS (SELECT 1 FROM ballot) FROM guard WHERE c.id = guard.id",
        then_params=[now],
    )
    address = confirmation.address
    try:
        result = _cast(
            confirmation,
            guard=guard,
            email_domain=registrable_domain(address) if address else None,
            user_agent_family=user_agent_family,
            seconds_to_vote=seconds_to_vote,
        )
    except GuardNotHeld:
        return None
    except errors.VotingError as error:
        # The statement used the link up and left it uncounted, as the general way does.
        confirmation.used_at, confirmation.address, confirmation.counted = now, "", False
        logger.info(
            "vote.email.refused confirmation=%s reason=%s", confirmation.pk, type(error).__name__
        )
        raise ConfirmationRefused(confirmation, error) from error
    if result.repeated:
        # This link's voter and submission already have their ballot (the same form, sent for
        # a second link): the link counted it, as the general way marks it.
        EmailConfirmation.objects.filter(pk=confirmation.pk).update(counted=True)
    confirmation.used_at, confirmation.address, confirmation.counted = now, "", True
    logger.info("vote.email.counted confirmation=%s", confirmation.pk)
    return Confirmed(confirmation, result)


def _locked(token_hash: str) -> EmailConfirmation | None:
    """The link's row alone, locked until the transaction ends (PostgreSQL; SQLite's IMMEDIATE
    transactions already serialise writers). Only this row: locking the edition would queue
    every voter, and joining it here would cost more than ``_target``'s memory."""
    # A slice, not first(): the token hash is unique, and ordering would only cost.
    found = EmailConfirmation.objects.select_for_update().filter(token_hash=token_hash)[:1]
    return next(iter(found), None)


# The edition (with its award) and the nominee of a link, by id, kept by each process for a
# moment: a busy vote then reads only the link's own row. What they are used for is the answer
# page and the ballot's ids; the ballot's INSERT checks the nominee, the edition's mode and
# its voting window again, in the database.
_targets: Recent[tuple[int, int], Nominee] = Recent(seconds=2.0)


def _target(confirmation: EmailConfirmation, *, remember: bool) -> None:
    """Attach the link's nominee and edition (with its award) to ``confirmation``."""
    nominee = _targets.get(
        (confirmation.edition_id, confirmation.nominee_id),
        lambda: Nominee.objects.select_related("edition__award").get(
            pk=confirmation.nominee_id, edition_id=confirmation.edition_id
        ),
        remember=remember,
    )
    confirmation.nominee = nominee
    confirmation.edition = nominee.edition


def _cast(
    confirmation: EmailConfirmation, *, guard: Guard | None = None, **signals: Any
) -> CastResult:
    return ballot_cast(
        edition=confirmation.edition,
        nominee_id=confirmation.nominee_id,
        mode=BallotMode.EMAIL,
        voter_key=confirmation.voter_key,
        submission_key=confirmation.submission_key,
        guard=guard,
        **signals,
    )


# --- Cleaning up ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Purged:
    addresses_deleted: int
    rows_deleted: int


def email_confirmations_purge(*, now: dt.datetime | None = None) -> Purged:
    """Delete the raw addresses of expired confirmations, and rows long past expiry."""
    now = now or timezone.now()
    blanked = (
        EmailConfirmation.objects.filter(expires_at__lte=now).exclude(address="").update(address="")
    )
    deleted, _ = EmailConfirmation.objects.filter(expires_at__lte=now - KEEP_AFTER_EXPIRY).delete()
    logger.info("vote.email.purged addresses=%s rows=%s", blanked, deleted)
    return Purged(addresses_deleted=blanked, rows_deleted=deleted)
