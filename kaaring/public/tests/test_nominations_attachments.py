# ruff: noqa: F811 - the nomination fixtures are imported by name and used as arguments
"""Attachments of a nomination through the form: nothing is lost to a refused form, and a file
the nominator chose is never dropped without a word."""

from pathlib import Path

import pytest
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart
from django.utils import translation

from kaaring.nominations.models import Attachment, Nomination
from kaaring.nominations.tests.conftest import (  # noqa: F401 - fixtures
    PDF,
    _attachments_in_tmp,
    call,
    criteria,
    make_call,
    upload,
)
from kaaring.public.tests.test_nominations_form import person_post, url


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _draft_with(client, call, *names: str) -> Nomination:
    data = person_post(call, action="draft")
    data["attachments"] = [upload(name, PDF + name.encode()) for name in names]
    assert client.post(url(call), data).status_code == 302
    return Nomination.objects.get()


def _on_disk(attachment: Attachment) -> bool:
    return Path(attachment.file.path).exists()


def test_a_form_refused_for_another_field_keeps_the_attachment_marked_for_removal(
    client, call, django_capture_on_commit_callbacks
):
    nomination = _draft_with(client, call, "plan.pdf", "report.pdf")
    plan = nomination.attachments.get(original_name="plan.pdf")
    first = call.questions.first()
    refused = person_post(call, **{f"answer_{first.pk}": ""})  # submit without an answer
    refused["remove_attachment"] = str(plan.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(call), refused)

    assert response.status_code == 400
    assert "Answer this question." in response.content.decode()
    assert nomination.attachments.count() == 2
    assert _on_disk(plan)
    assert "plan.pdf" in response.content.decode()  # still listed on the form


def test_the_save_that_removes_an_attachment_removes_its_file_after_commit(
    client, call, django_capture_on_commit_callbacks
):
    nomination = _draft_with(client, call, "plan.pdf", "report.pdf")
    plan = nomination.attachments.get(original_name="plan.pdf")
    data = person_post(call, action="draft")
    data["remove_attachment"] = str(plan.pk)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(url(call), data).status_code == 302
        assert _on_disk(plan)  # the row is gone in the transaction, the file not yet
    for callback in callbacks:
        callback()

    assert list(nomination.attachments.values_list("original_name", flat=True)) == ["report.pdf"]
    assert not _on_disk(plan)


# Not the test client's own MULTIPART_CONTENT, which would make it encode the body itself.
RAW_MULTIPART = f"multipart/form-data;boundary={BOUNDARY}"


def _multipart_with_file_named(fields: dict[str, str], name: str) -> bytes:
    """The form as a browser sends it, with one file part whose name the test client (rightly)
    refuses to build."""
    body = encode_multipart(BOUNDARY, fields)
    end = f"--{BOUNDARY}--\r\n".encode()
    assert body.endswith(end)
    part = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="attachments"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return body[: -len(end)] + part + PDF + b"\r\n" + end


@pytest.mark.parametrize("name", ["..", "."])
def test_an_unusable_file_name_is_refused_and_the_form_kept(client, call, name):
    body = _multipart_with_file_named(person_post(call), name)

    response = client.post(url(call), body, content_type=RAW_MULTIPART)

    assert response.status_code == 400
    html = response.content.decode()
    assert f"The file name “{name}” cannot be used" in html
    assert 'href="#id_attachments"' in html
    assert 'value="Ola Hansen"' in html
    assert not Nomination.objects.exists()


def test_a_usable_file_name_in_the_same_request_goes_through(client, call):
    body = _multipart_with_file_named(person_post(call, action="draft"), "plan.pdf")
    assert client.post(url(call), body, content_type=RAW_MULTIPART).status_code == 302
    assert Nomination.objects.get().attachments.get().original_name == "plan.pdf"


def _csrf_client(call) -> tuple[Client, str]:
    """A client that is checked for its CSRF token as a browser is, with the token it got."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(url(call))
    return browser, browser.cookies["csrftoken"].value


@pytest.mark.parametrize("name", ["..", "."])
def test_an_unusable_file_name_is_reported_also_when_the_csrf_check_reads_the_form(call, name):
    browser, token = _csrf_client(call)
    body = _multipart_with_file_named({**person_post(call), "csrfmiddlewaretoken": token}, name)

    response = browser.post(url(call), body, content_type=RAW_MULTIPART)

    assert response.status_code == 400
    assert f"The file name “{name}” cannot be used" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_nomination_without_the_csrf_token_is_still_refused(call):
    browser, _token = _csrf_client(call)
    body = _multipart_with_file_named(person_post(call, action="draft"), "plan.pdf")

    response = browser.post(url(call), body, content_type=RAW_MULTIPART)

    assert response.status_code == 403
    assert not Nomination.objects.exists()
