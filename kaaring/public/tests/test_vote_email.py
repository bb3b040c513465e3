"""The e-mail vote through HTTP, with the mail going through a real SMTP server (aiosmtpd)."""

import datetime as dt
import email
import email.policy
import logging
import re
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import connection
from django.tasks.signals import task_enqueued, task_finished
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kaaring.awards.models import VotingMode
from kaaring.voting import email_votes
from kaaring.voting.models import Ballot, EmailConfirmation
from kaaring.voting.tasks import email_confirmation_send_task

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1 for this test, and the mailer pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def immediate_tasks(settings) -> None:
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def email_edition(make_edition):
    return make_edition(voting_mode=VotingMode.EMAIL)


@pytest.fixture
def candidates(email_edition, make_nominee):
    return [
        make_nominee(email_edition, "Stange", "3413", position=1),
        make_nominee(email_edition, "Asker", "3203", position=2),
    ]


def request_url(nominee, language="en"):
    prefix = "" if language == "nb" else f"/{language}"
    return f"{prefix}/bosettingsprisen/2018/stem/{nominee.slug}/e-post/"


def ask(client, nominee, address, *, submission="submission-key-0123456789", language="en"):
    return client.post(request_url(nominee, language), {"email": address, "submission": submission})


def link_in(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = re.search(r"https?://\S+/stem/bekreft/[A-Za-z0-9_-]+/", body.get_content())
    assert found, body.get_content()
    return found.group(0)


def test_a_voter_gets_a_link_by_smtp_and_the_vote_counts_when_they_confirm(
    client: Client, candidates, smtp_inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, candidates[1], "Kari.Nordmann@example.no")

    assert response.status_code == 200
    assert b"Check your e-mail" in response.content
    [(recipients, message)] = smtp_inbox.messages
    assert recipients == ["Kari.Nordmann@example.no"]
    assert message["Subject"] == "Confirm your vote for Asker"
    assert message.get_body(preferencelist=("html",)) is not None
    link = link_in(message)
    assert link.startswith("http://testserver/en/stem/bekreft/")
    assert not Ballot.objects.exists()

    # Opening the link (as a mail scanner would) counts nothing.
    path = urlsplit(link).path
    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm your vote for Asker" in page.content
    assert not Ballot.objects.exists()

    done = client.post(path)
    assert done.status_code == 302
    assert done["Location"] == "/en/bosettingsprisen/2018/stem/takk/"
    ballot = Ballot.objects.get()
    assert (ballot.mode, ballot.nominee) == ("email", candidates[1])
    thanks = client.get(done["Location"])
    assert ballot.receipt.encode() in thanks.content
    assert EmailConfirmation.objects.get().address == ""


def test_a_double_click_on_confirm_gives_the_same_receipt(client: Client, candidates, mailoutbox):
    ask(client, candidates[0], "ola@example.no")
    path = urlsplit(link_in(send_pending(mailoutbox))).path

    first = client.post(path)
    second = client.post(path)

    assert first.status_code == second.status_code == 302
    assert first.cookies["kaaring_receipt"].value == second.cookies["kaaring_receipt"].value
    assert Ballot.objects.count() == 1


def test_a_used_link_says_so_with_410(client: Client, candidates, mailoutbox):
    ask(client, candidates[0], "ola@example.no")
    path = urlsplit(link_in(send_pending(mailoutbox))).path
    client.post(path)

    response = client.get(path)

    assert response.status_code == 410
    assert b"This link was already used" in response.content


def test_the_second_of_two_addresses_that_normalise_alike_is_refused(
    client: Client, candidates, mailoutbox
):
    ask(client, candidates[0], "kari.nordmann@gmail.com", submission="a" * 24)
    first = urlsplit(link_in(send_pending(mailoutbox))).path
    ask(client, candidates[1], "KariNordmann+pris@googlemail.com", submission="b" * 24)
    second = urlsplit(link_in(send_pending(mailoutbox))).path
    client.post(first)

    response = client.post(second)

    assert response.status_code == 409
    assert b"You have already voted in this edition" in response.content
    assert Ballot.objects.get().nominee == candidates[0]
    assert not EmailConfirmation.objects.exclude(address="").exists()


def test_an_address_that_has_voted_is_told_so_by_mail_and_gets_no_second_link(
    client: Client,
    candidates,
    smtp_inbox,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, candidates[0], "ola@example.no", submission="a" * 24)
    client.post(urlsplit(link_in(smtp_inbox.messages[0][1])).path)

    with django_capture_on_commit_callbacks(execute=True):
        again = ask(client, candidates[1], "Ola@Example.no", submission="b" * 24)

    # The page says what it says to anyone, so it tells nobody whether an address voted.
    assert again.status_code == 200
    assert b"Check your e-mail" in again.content
    assert b"the e-mail says so instead" in again.content
    recipients, notice = smtp_inbox.messages[1]
    assert recipients == ["Ola@Example.no"]
    assert notice["Subject"] == "You have already voted in Settlement and Integration Prize 2018"
    body = notice.get_body(preferencelist=("plain",)).get_content()
    assert "already voted in this edition" in body
    assert "/stem/bekreft/" not in body
    assert "/stem/bekreft/" not in notice.get_body(preferencelist=("html",)).get_content()
    # Nothing is left to confirm, and the address is gone.
    second = EmailConfirmation.objects.get(submission_key="b" * 24)
    assert second.used_at is not None
    assert second.address == ""
    assert not second.counted
    assert Ballot.objects.get().nominee == candidates[0]


def test_the_mail_comes_from_the_organisation_and_writes_dates_as_the_pages_do(
    client: Client,
    make_edition,
    make_nominee,
    smtp_inbox,
    immediate_tasks,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.DEFAULT_FROM_EMAIL = "Kåring <stemmer@kaaring.example>"
    moment = dt.datetime(2026, 12, 4, 14, 11, tzinfo=dt.UTC)  # 15.11 in Oslo, winter time
    with time_machine.travel(moment, tick=False):
        nominee = make_nominee(make_edition(voting_mode=VotingMode.EMAIL), "Stange", "3413")
        with django_capture_on_commit_callbacks(execute=True):
            ask(client, nominee, "ola@example.no", language="nb")

    [(_, message)] = smtp_inbox.messages
    assert message["From"].addresses[0].display_name == "Integrerings- og mangfoldsdirektoratet"
    assert message["From"].addresses[0].addr_spec == "stemmer@kaaring.example"
    assert "localhost" not in str(message["From"])
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "5. desember 2026 kl. 15.11" in body  # the link's expiry, 24 hours on
    assert "5. desember 2026 kl. 15.11" in message.get_body(preferencelist=("html",)).get_content()


def test_a_link_opened_after_24_hours_has_expired(client: Client, candidates, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ask(client, candidates[0], "ola@example.no")
        path = urlsplit(link_in(send_pending(mailoutbox))).path
        clock.shift(dt.timedelta(hours=23, minutes=59))
        assert client.get(path).status_code == 200
        clock.shift(dt.timedelta(minutes=1))

        shown = client.get(path)
        posted = client.post(path)

    assert shown.status_code == posted.status_code == 410
    assert b"This link has expired" in posted.content
    assert not Ballot.objects.exists()


def test_an_unknown_link_is_404(client: Client, db):
    response = client.get("/en/stem/bekreft/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/")

    assert response.status_code == 404
    assert b"We do not know this link" in response.content
    assert client.post("/en/stem/bekreft/x/").status_code == 404


def test_a_disposable_address_gets_a_message_next_to_the_field(client: Client, candidates):
    response = ask(client, candidates[0], "kari@yopmail.com")

    assert response.status_code == 400
    content = response.content.decode()
    assert 'aria-invalid="true"' in content
    assert "throw-away mail services cannot be used" in content
    assert 'href="#id_email"' in content  # the error summary
    assert not EmailConfirmation.objects.exists()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("", "Write your e-mail address."),
        ("kari at example.no", "in the form name@example.no"),
        ("k" * 250 + "@example.no", "at most 254 characters"),
    ],
)
def test_a_bad_address_gets_a_clear_message(client: Client, candidates, address, message):
    response = ask(client, candidates[0], address)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_too_many_mails_to_one_address_is_429(client: Client, candidates, mailoutbox):
    for number in range(3):
        assert (
            ask(client, candidates[0], "ola@example.no", submission=f"{number}" * 24).status_code
            == 200
        )

    response = ask(client, candidates[0], "OLA@example.no", submission="z" * 24)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert EmailConfirmation.objects.count() == 3


def test_an_edition_voted_another_way_refuses_the_address(client: Client, nominees):
    response = ask(client, nominees[0], "ola@example.no")

    assert response.status_code == 400
    assert not EmailConfirmation.objects.exists()


def test_the_start_page_partial_asks_for_the_address(client: Client, candidates):
    request = RequestFactory().get("/")
    with translation.override("nb"):
        html = render_to_string(
            "public/vote/verify_email.html",
            {
                "award": candidates[0].edition.award,
                "edition": candidates[0].edition,
                "nominee": candidates[0],
                "submission": "s" * 24,
            },
            request=request,
        )

    assert 'action="/bosettingsprisen/2018/stem/stange/e-post/"' in html
    assert '<label class="ds-label" for="id_email">' in html
    assert 'name="submission" value="ssssssssssssssssssssssss"' in html


def test_the_mail_is_in_bokmal_for_a_bokmal_page(client: Client, candidates, mailoutbox):
    ask(client, candidates[0], "ola@example.no", language="nb")

    link = link_in(send_pending(mailoutbox))

    assert link.startswith("http://testserver/stem/bekreft/")


def test_no_address_in_logs_or_task_arguments_through_the_whole_flow(
    client: Client,
    candidates,
    smtp_inbox,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
):
    caplog.set_level(logging.DEBUG)
    enqueued = []

    def remember(sender, task_result, **kwargs):
        enqueued.append((task_result.args, task_result.kwargs))

    task_enqueued.connect(remember)
    settings.TASKS = IMMEDIATE_TASKS
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ask(client, candidates[0], "secret.voter@example.no")
        client.post(urlsplit(link_in(smtp_inbox.messages[0][1])).path)
    finally:
        task_enqueued.disconnect(remember)

    assert enqueued == [([EmailConfirmation.objects.get().pk], {})]
    assert Ballot.objects.count() == 1
    # aiosmtpd, the test's mail server, logs what it receives; everything else is ours.
    ours = [record.getMessage() for record in caplog.records if record.name != "mail.log"]
    assert any("vote.email.sent" in line for line in ours)
    assert not [line for line in ours if "secret.voter" in line]


def send_pending(mailoutbox) -> EmailMessage:
    """Run the send task for the newest confirmation (as the worker would) and return its mail."""
    confirmation = EmailConfirmation.objects.latest("pk")
    email_confirmation_send_task.call(confirmation.pk)
    return email.message_from_bytes(
        mailoutbox[-1].message().as_bytes(), policy=email.policy.default
    )


class RefusingInbox(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        return f"550 5.1.1 <{address}>: no such mailbox"


def test_a_mail_server_refusing_the_address_fails_the_task_without_naming_it(
    client: Client, candidates, settings, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    controller = Controller(RefusingInbox(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    settings.TASKS = IMMEDIATE_TASKS
    results = []

    def remember(sender, task_result, **kwargs):
        results.append(task_result)

    task_finished.connect(remember)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, candidates[0], "nobody.here@example.no")
    finally:
        task_finished.disconnect(remember)
        controller.stop()

    assert response.status_code == 200  # the voter is told to look for the mail
    [result] = results
    assert result.status == "FAILED"
    assert result.errors[0].exception_class_path.endswith("ConfirmationMailFailed")
    assert "nobody.here" not in result.errors[0].traceback
    # Our log lines, tracebacks included (aiosmtpd, the test's mail server, is not ours).
    ours = "\n".join(caplog.handler.format(r) for r in caplog.records if r.name != "mail.log")
    assert "ConfirmationMailFailed" in ours
    assert "nobody.here" not in ours
    # A later run may try again.
    assert EmailConfirmation.objects.get().sent_at is None


def test_the_start_page_of_an_email_edition_asks_for_the_address(client: Client, candidates):
    response = client.get("/en/bosettingsprisen/2018/stem/stange/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'action="/en/bosettingsprisen/2018/stem/stange/e-post/"' in content
    assert 'type="email" name="email" id="id_email"' in content
    submission = re.search(r'name="submission" value="([^"]+)"', content)
    assert submission

    sent = ask(client, candidates[0], "ola@example.no", submission=submission.group(1))
    assert sent.status_code == 200
    assert EmailConfirmation.objects.get().submission_key == submission.group(1)


def test_the_ballot_keeps_the_address_domain_browser_family_and_time_as_signals(
    candidates, mailoutbox
):
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0")
    ask(client, candidates[0], "kari@post.example.co.uk")
    path = urlsplit(link_in(send_pending(mailoutbox))).path
    page = client.get(path).content.decode()
    loaded = re.search(r'name="loaded" value="([^"]+)"', page)
    assert loaded

    client.post(path, {"loaded": loaded.group(1)})

    signals = Ballot.objects.get().signals
    assert signals.email_domain == "example.co.uk"
    assert signals.user_agent_family == "firefox"
    assert signals.seconds_to_vote == 0
    assert signals.subnet_key is None


def _link_path(nominee, address: str, submission: str) -> str:
    confirmation = email_votes.email_confirmation_request(
        edition=nominee.edition,
        nominee=nominee,
        address=address,
        submission_key=submission,
        site_url="https://testserver",
        language="en",
        client_ip="192.0.2.1",
    )
    return urlsplit(email_votes.confirmation_link(confirmation)).path


@pytest.mark.usefixtures("ballots_removed_afterwards")
def test_a_warm_link_post_locks_claims_and_casts_and_nothing_more(client: Client, candidates):
    """The committing request of the e-mail mode, outside a test transaction as in production:
    a process that has just counted another link of the edition reads the link, then locks it,
    casts and claims in one statement on PostgreSQL (in one transaction on SQLite); the edition
    and nominee come from its memory."""
    first = _link_path(candidates[0], "kari@example.no", "submission-key-aaaaaaaaaaaa")
    second = _link_path(candidates[0], "ola@example.no", "submission-key-bbbbbbbbbbbb")
    assert client.post(first).status_code == 302

    with CaptureQueriesContext(connection) as queries:
        response = client.post(second)

    assert response.status_code == 302
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert statements == ["SELECT", "WITH"]
        assert "FOR UPDATE" not in queries.captured_queries[0]["sql"]
        one_statement = queries.captured_queries[1]["sql"]
        assert "FOR UPDATE" in one_statement  # the link locked again ...
        assert "UPDATE" in one_statement.split("FOR UPDATE")[1]  # ... and claimed
    else:  # SQLite has no data-modifying CTEs: the ballot and its signals are two INSERTs
        core = [s for s in statements if s not in ("SAVEPOINT", "RELEASE")]
        assert core == ["BEGIN", "SELECT", "UPDATE", "INSERT", "INSERT", "COMMIT"]
        assert statements.count("SAVEPOINT") <= 1
    used = EmailConfirmation.objects.get(token_hash=email_votes._token_hash(second.split("/")[-2]))
    assert used.counted
    assert used.used_at is not None
    assert used.address == ""
    assert Ballot.objects.count() == 2
