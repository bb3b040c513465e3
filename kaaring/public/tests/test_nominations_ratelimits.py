# ruff: noqa: F811 - the nomination fixtures are imported by name and used as arguments
"""Rate limits on the mails with nomination links: per address and per IP, 429 + Retry-After."""

import pytest
from django.test import Client
from django.utils import translation

from kaaring.nominations import errors, services
from kaaring.nominations.models import Nomination
from kaaring.nominations.tests.conftest import (  # noqa: F401 - fixtures
    _attachments_in_tmp,
    call,
    criteria,
    make_call,
    person_data,
)
from kaaring.public.tests.test_nominations_form import person_post, url
from kaaring.ratelimits.services import LIMITS

PER_ADDRESS = LIMITS["nomination_link_per_address"].count
PER_IP = LIMITS["nomination_link_per_ip"].count


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_draft_saves_are_refused_with_429_once_the_address_has_had_its_links(call):
    for _ in range(PER_ADDRESS):
        # A new browser each time, as someone filling in the form for another's address would.
        assert Client().post(url(call), person_post(call, action="draft")).status_code == 302

    response = Client().post(url(call), person_post(call, action="draft", nominee_name="Kept"))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "We have sent too many links to this address or from your network" in html
    assert 'value="Kept"' in html  # the form is kept as typed
    assert Nomination.objects.count() == PER_ADDRESS  # the refused one was not saved


def test_the_address_limit_counts_the_normalised_address(call):
    for _ in range(PER_ADDRESS):
        services.nomination_save(
            call=call, nomination=None,
            data=person_data(call, nominator_email="kari.nordmann@gmail.com"),
            uploads=[], submit=False, language="en", site_url="https://kaaring.example",
        )  # fmt: skip

    with pytest.raises(errors.LinkRateLimited):
        services.nomination_save(
            call=call, nomination=None,
            data=person_data(call, nominator_email="KariNordmann+igjen@Gmail.com"),
            uploads=[], submit=False, language="en", site_url="https://kaaring.example",
        )  # fmt: skip


def test_new_link_requests_are_limited_per_address_whether_or_not_there_is_a_draft(call):
    for _ in range(PER_ADDRESS):
        response = Client().post(url(call, "resend"), {"email": "nobody@example.no"})
        assert response.status_code == 200

    response = Client().post(url(call, "resend"), {"email": "nobody@example.no"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "too many links" in response.content.decode()


def test_new_link_requests_are_limited_per_ip_across_addresses(call):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(PER_IP):
        response = client.post(url(call, "resend"), {"email": f"a{number}@example.no"})
        assert response.status_code == 200

    refused = client.post(url(call, "resend"), {"email": "fresh@example.no"})
    elsewhere = Client(REMOTE_ADDR="203.0.113.10").post(
        url(call, "resend"), {"email": "fresh@example.no"}
    )

    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert elsewhere.status_code == 200


def test_a_confirmed_address_saves_drafts_without_counting_links(call):
    result = services.nomination_save(
        call=call, nomination=None, data=person_data(call), uploads=[], submit=False,
        language="en", site_url="https://kaaring.example",
    )  # fmt: skip
    nomination = services.nomination_link_open(
        token=services.link_token(result.nomination.links.get())
    )
    for _ in range(PER_ADDRESS + 1):
        again = services.nomination_save(
            call=call, nomination=nomination, data=person_data(call), uploads=[], submit=False,
            language="en", site_url="https://kaaring.example",
        )  # fmt: skip
        assert again.link_sent is False
