import datetime as dt
import io
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kaaring.awards.models import Nominee, VotingMode
from kaaring.voting import email_votes
from kaaring.voting.errors import (
    AlreadyVoted,
    NomineeNotAvailable,
    VotingClosed,
    WrongVotingMode,
)
from kaaring.voting.models import Ballot, EmailConfirmation
from kaaring.voting.tasks import email_confirmation_send_task

ADDRESS = "Kari.Nordmann+stem@gmail.com"


@pytest.fixture
def email_edition(make_edition):
    return make_edition(voting_mode=VotingMode.EMAIL)


@pytest.fixture
def candidates(email_edition, make_nominee):
    return [
        make_nominee(email_edition, "Stange", "3413", position=1),
        make_nominee(email_edition, "Asker", "3203", position=2),
    ]


def request(edition, nominee, address=ADDRESS, *, submission="form-key-0123456789abcdef", ip="1"):
    return email_votes.email_confirmation_request(
        edition=edition,
        nominee=nominee,
        address=address,
        submission_key=submission,
        site_url="https://kaaring.example",
        language="en",
        client_ip=f"192.0.2.{ip}",
    )


def token_of(confirmation):
    return urlsplit(email_votes.confirmation_link(confirmation)).path.rstrip("/").rsplit("/")[-1]


def test_a_request_keeps_the_raw_address_only_beside_a_keyed_hash(email_edition, candidates):
    confirmation = request(email_edition, candidates[0])

    assert confirmation.address == ADDRESS
    assert confirmation.voter_key != ""
    assert "kari" not in confirmation.voter_key.lower()
    token = token_of(confirmation)
    assert len(token) == 43
    assert token not in (confirmation.token_hash, confirmation.token_nonce)
    assert confirmation.expires_at - timezone.now() > dt.timedelta(hours=23, minutes=59)


def test_the_send_task_is_enqueued_after_commit_with_the_row_id_only(
    email_edition, candidates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        confirmation = request(email_edition, candidates[0])

    stored = DBTaskResult.objects.get()
    assert stored.task_path == "kaaring.voting.tasks.email_confirmation_send_task"
    assert stored.args_kwargs == {"args": [confirmation.pk], "kwargs": {}}
    assert "kari" not in str(stored.args_kwargs).lower()


def test_the_task_sends_one_mail_with_the_link_however_often_it_runs(email_edition, candidates):
    confirmation = request(email_edition, candidates[0])

    assert email_confirmation_send_task.call(confirmation.pk) is True
    assert email_confirmation_send_task.call(confirmation.pk) is False

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert message.to == [ADDRESS]
    assert message.subject == "Confirm your vote for Stange"
    link = email_votes.confirmation_link(confirmation)
    assert link.startswith("https://kaaring.example/en/stem/bekreft/")
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in str(html)


def test_the_mail_is_written_in_the_voters_language(email_edition, candidates):
    confirmation = request(email_edition, candidates[0])
    EmailConfirmation.objects.filter(pk=confirmation.pk).update(language="nb")

    email_confirmation_send_task.call(confirmation.pk)

    assert "/stem/bekreft/" in mail.outbox[0].body
    assert "/en/" not in mail.outbox[0].body


def test_the_same_form_sent_twice_makes_one_confirmation(email_edition, candidates):
    first = request(email_edition, candidates[0])
    again = request(email_edition, candidates[0])

    assert again.pk == first.pk
    assert EmailConfirmation.objects.count() == 1


def test_a_disposable_address_is_refused(email_edition, candidates):
    with pytest.raises(email_votes.DisposableAddress):
        request(email_edition, candidates[0], "kari@mailinator.com")
    assert not EmailConfirmation.objects.exists()


def test_an_edition_not_voted_by_email_refuses_the_request(edition, make_nominee):
    nominee = make_nominee(edition, "Bodø", "1804")
    with pytest.raises(WrongVotingMode):
        request(edition, nominee)


def test_a_closed_edition_refuses_the_request(make_edition, make_nominee):
    closed = make_edition(
        voting_mode=VotingMode.EMAIL,
        opens=dt.timedelta(days=-8),
        closes=dt.timedelta(seconds=-1),
    )
    with pytest.raises(VotingClosed):
        request(closed, make_nominee(closed, "Bodø", "1804"))


def test_a_fourth_mail_to_one_address_in_an_hour_is_refused(email_edition, candidates):
    for number in range(3):
        request(email_edition, candidates[0], submission=f"form-key-{number:020d}", ip=number)

    with pytest.raises(email_votes.ConfirmationRateLimited) as limited:
        request(email_edition, candidates[0], "karinordmann@gmail.com", submission="x" * 24)
    assert limited.value.retry_after > 0


def test_opening_the_link_counts_the_ballot_once_and_forgets_the_address(email_edition, candidates):
    confirmation = request(email_edition, candidates[1])
    token = token_of(confirmation)

    confirmed = email_votes.email_vote_confirm(token=token)

    ballot = Ballot.objects.get()
    assert ballot.pk == confirmed.result.ballot_id
    assert (ballot.mode, ballot.nominee, ballot.voter_key) == (
        "email",
        candidates[1],
        confirmation.voter_key,
    )
    confirmation.refresh_from_db()
    assert confirmation.address == ""
    assert confirmation.used_at is not None
    assert confirmation.counted


def test_a_retried_confirmation_gets_the_same_receipt(email_edition, candidates):
    token = token_of(request(email_edition, candidates[0]))

    first = email_votes.email_vote_confirm(token=token)
    again = email_votes.email_vote_confirm(token=token)

    assert again.result.receipt == first.result.receipt
    assert again.result.repeated
    assert Ballot.objects.count() == 1


def test_a_second_link_for_the_same_form_gives_the_first_receipt_and_counts(
    email_edition, candidates
):
    """The same form asked for a new link after the first was used (same voter, same
    submission): the ballot is the first one, and the second link is marked as counting it."""
    first = email_votes.email_vote_confirm(token=token_of(request(email_edition, candidates[0])))
    second_link = request(email_edition, candidates[0])

    again = email_votes.email_vote_confirm(token=token_of(second_link))

    assert again.result.repeated
    assert again.result.receipt == first.result.receipt
    assert Ballot.objects.count() == 1
    second_link.refresh_from_db()
    assert (second_link.counted, second_link.address) == (True, "")
    assert second_link.used_at is not None


def test_a_used_link_is_refused_when_looked_at_again(email_edition, candidates):
    token = token_of(request(email_edition, candidates[0]))
    email_votes.email_vote_confirm(token=token)

    with pytest.raises(email_votes.ConfirmationUsed) as used:
        email_votes.email_confirmation_by_token(token=token)
    assert used.value.counted


def test_two_addresses_that_normalise_alike_count_once(email_edition, candidates):
    first = token_of(request(email_edition, candidates[0], "kari.nordmann@gmail.com"))
    second = token_of(
        request(email_edition, candidates[1], "KariNordmann+x@googlemail.com", submission="y" * 24)
    )
    email_votes.email_vote_confirm(token=first)

    with pytest.raises(email_votes.ConfirmationRefused) as refused:
        email_votes.email_vote_confirm(token=second)

    assert isinstance(refused.value.error, AlreadyVoted)
    assert Ballot.objects.get().nominee == candidates[0]
    # The refused link is used up and its address is gone too.
    assert not EmailConfirmation.objects.exclude(address="").exists()
    with pytest.raises(email_votes.ConfirmationUsed) as used:
        email_votes.email_vote_confirm(token=second)
    assert not used.value.counted


def test_a_link_works_until_just_before_it_expires(email_edition, candidates):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token = token_of(request(email_edition, candidates[0]))
        clock.shift(dt.timedelta(hours=23, minutes=59, seconds=59))

        email_votes.email_vote_confirm(token=token)

    assert Ballot.objects.count() == 1


def test_a_link_has_expired_at_24_hours(email_edition, candidates):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token = token_of(request(email_edition, candidates[0]))
        clock.shift(dt.timedelta(hours=24))

        with pytest.raises(email_votes.ConfirmationExpired):
            email_votes.email_confirmation_by_token(token=token)
        with pytest.raises(email_votes.ConfirmationExpired):
            email_votes.email_vote_confirm(token=token)

    assert not Ballot.objects.exists()


def test_an_unknown_token_is_unknown(db):
    with pytest.raises(email_votes.ConfirmationUnknown):
        email_votes.email_vote_confirm(token="not-a-token")


def test_the_purge_deletes_addresses_of_expired_links_only(email_edition, candidates):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        old = request(email_edition, candidates[0], "old@example.no", submission="a" * 24)
        clock.shift(dt.timedelta(hours=12))
        fresh = request(email_edition, candidates[0], "fresh@example.no", submission="b" * 24)
        clock.shift(dt.timedelta(hours=12))

        call_command("voting_purge_emails", stdout=io.StringIO())

        old.refresh_from_db()
        fresh.refresh_from_db()
        assert old.address == ""
        assert fresh.address == "fresh@example.no"
        # An expired link still answers "expired" rather than "unknown".
        with pytest.raises(email_votes.ConfirmationExpired):
            email_votes.email_confirmation_by_token(token=token_of(old))


def test_the_purge_deletes_confirmations_a_month_past_expiry(email_edition, candidates):
    confirmation = request(email_edition, candidates[0])

    purged = email_votes.email_confirmations_purge(
        now=confirmation.expires_at + email_votes.KEEP_AFTER_EXPIRY
    )

    assert purged.rows_deleted == 1
    assert not EmailConfirmation.objects.exists()


def test_the_address_never_reaches_the_logs(
    email_edition, candidates, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        confirmation = request(email_edition, candidates[0])
    email_confirmation_send_task.call(confirmation.pk)
    email_votes.email_vote_confirm(token=token_of(confirmation))
    email_votes.email_confirmations_purge()

    assert "vote.email.counted" in caplog.text
    assert "kari" not in caplog.text.lower()


def test_a_refused_ballot_leaves_the_link_used_and_not_counted(make_edition, make_nominee):
    edition = make_edition(voting_mode=VotingMode.EMAIL)
    nominee = make_nominee(edition, "Stange", "3413")
    token = token_of(request(edition, nominee))
    # The edition closes between the mail and the click: the ballot is refused.
    closed = timezone.now() - dt.timedelta(hours=1)
    type(edition).objects.filter(pk=edition.pk).update(voting_closes_at=closed)

    with pytest.raises(email_votes.ConfirmationRefused) as refused:
        email_votes.email_vote_confirm(token=token)

    assert isinstance(refused.value.error, VotingClosed)
    confirmation = EmailConfirmation.objects.get()
    assert (confirmation.used_at is not None, confirmation.counted, confirmation.address) == (
        True,
        False,
        "",
    )
    assert not Ballot.objects.exists()


# Concurrent transactions need PostgreSQL (SQLite serialises the process).
@pytest.mark.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_link_posted_many_times_at_once_counts_once_with_one_receipt(email_edition, candidates):
    """Simultaneous POSTs of one link (impatient clicks, a proxy's retries): the row lock
    queues them; the first counts, the others get its receipt back."""
    token = token_of(request(email_edition, candidates[0]))
    barrier = threading.Barrier(8)

    def confirm(_: int) -> str:
        try:
            barrier.wait(timeout=10)
            return email_votes.email_vote_confirm(token=token).result.receipt
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        receipts = set(pool.map(confirm, range(8)))

    assert receipts == {Ballot.objects.get().receipt}
    assert EmailConfirmation.objects.get().counted


@pytest.mark.usefixtures("ballots_removed_afterwards")
def test_a_remembered_nominee_withdrawn_since_is_refused_by_the_database(email_edition, candidates):
    """The process keeps a link's edition and nominee for a moment (outside a transaction,
    as in production); that memory is a hint, the ballot's INSERT decides."""
    email_votes.email_vote_confirm(token=token_of(request(email_edition, candidates[0])))
    other = request(email_edition, candidates[0], "ola@example.no", submission="y" * 24)
    Nominee.objects.filter(pk=candidates[0].pk).update(withdrawn_at=timezone.now())

    with pytest.raises(email_votes.ConfirmationRefused) as refused:
        email_votes.email_vote_confirm(token=token_of(other))

    assert isinstance(refused.value.error, NomineeNotAvailable)
    assert Ballot.objects.count() == 1
