"""'Fant du det du lette etter?': stored per page and language, with and without JavaScript."""

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kaaring.awards.models import Edition, Nominee
from kaaring.feedback.models import PageFeedback

HTMX = {"HX-Request": "true"}
NOMINEE_PAGE = "/nn/bosettingsprisen/2018/nominerte/stange/"


@pytest.fixture
def page(edition: Edition, nominees: list[Nominee]) -> str:
    return NOMINEE_PAGE


def _answer(
    client: Client,
    found: str,
    path: str = NOMINEE_PAGE,
    language: str = "nn",
    headers: dict[str, str] | None = None,
) -> Any:
    return client.post(
        "/nn/tilbakemelding/",
        {"path": path, "language": language, "found": found},
        headers=headers,
    )


def _token(response: Any) -> str:
    import re

    html = response.content.decode()
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def test_yes_is_stored_for_the_page_and_language_and_sends_the_visitor_back(
    client: Client, page: str, edition: Edition
) -> None:
    response = _answer(client, "yes")

    assert response.status_code == 302
    assert response["Location"] == f"{NOMINEE_PAGE}#feedback"
    answer = PageFeedback.objects.get()
    # One row per page whatever the language; the language is kept beside it.
    assert answer.path == "/bosettingsprisen/2018/nominerte/stange/"
    assert answer.language == "nn"
    assert answer.found is True
    assert answer.organisation == edition.award.organisation

    back = client.get(NOMINEE_PAGE).content.decode()
    assert "Takk for svaret!" in back


def test_no_is_stored_at_once_and_then_asks_for_an_optional_comment(
    client: Client, page: str
) -> None:
    response = _answer(client, "no")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ikkje skriv personopplysningar" in html
    assert PageFeedback.objects.get().found is False

    done = client.post(
        "/nn/tilbakemelding/",
        {
            "path": NOMINEE_PAGE,
            "language": "nn",
            "token": _token(response),
            "comment": "Eg fann ikkje tala for kommunen.",
        },
    )

    assert done.status_code == 302
    assert PageFeedback.objects.get().comment == "Eg fann ikkje tala for kommunen."


def test_an_empty_comment_after_no_is_fine(client: Client, page: str) -> None:
    token = _token(_answer(client, "no"))

    done = client.post(
        "/nn/tilbakemelding/",
        {"path": NOMINEE_PAGE, "language": "nn", "token": token, "comment": "  "},
    )

    assert done.status_code == 302
    assert PageFeedback.objects.get().comment == ""


def test_an_overlong_comment_gets_a_clear_message_and_keeps_the_answer(
    client: Client, page: str
) -> None:
    token = _token(_answer(client, "no"))
    too_long = "x" * (settings.FEEDBACK_COMMENT_MAX_LENGTH + 1)

    response = client.post(
        "/tilbakemelding/",
        {
            "path": "/bosettingsprisen/2018/nominerte/stange/",
            "language": "nb",
            "token": token,
            "comment": too_long,
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Kommentaren kan være på høyst 1000 tegn" in html
    assert 'aria-invalid="true"' in html
    assert too_long in html  # what the visitor wrote is not lost
    assert PageFeedback.objects.get().comment == ""


def test_a_comment_can_be_added_only_once(client: Client, page: str) -> None:
    token = _token(_answer(client, "no"))
    data = {"path": NOMINEE_PAGE, "language": "nn", "token": token, "comment": "Første"}
    client.post("/nn/tilbakemelding/", data)

    replay = client.post("/nn/tilbakemelding/", {**data, "comment": "Andre"})

    assert replay.status_code == 400
    assert PageFeedback.objects.get().comment == "Første"


def test_a_forged_comment_token_is_refused(client: Client, page: str) -> None:
    response = client.post(
        "/nn/tilbakemelding/",
        {
            "path": NOMINEE_PAGE,
            "language": "nn",
            "token": "1:forged",
            "comment": "Hei",
        },
    )

    assert response.status_code == 400
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "/finst-ikkje/a/b/c/",
        "/nn/ukjend-pris/",
        "/nn/tilbakemelding/",
        "/bosettingsprisen/2018/nominerte/stange/",  # a bokmål path sent as nynorsk
    ],
)
def test_an_answer_about_something_that_is_not_a_page_here_is_refused(
    client: Client, page: str, path: str
) -> None:
    response = _answer(client, "yes", path=path)

    assert response.status_code == 400
    assert "Svaret gjaldt ikkje ei side på denne nettstaden." in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_an_unknown_language_is_refused(client: Client, page: str) -> None:
    response = _answer(client, "yes", language="de")

    assert response.status_code == 400
    assert not PageFeedback.objects.exists()


def test_too_many_answers_from_one_address_are_refused_with_429(client: Client, page: str) -> None:
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(10):
            assert _answer(client, "yes").status_code == 302
        refused = _answer(client, "yes")

    assert refused.status_code == 429
    assert "Vent eit minutt" in refused.content.decode()
    assert PageFeedback.objects.count() == 10


@pytest.mark.parametrize("remote", ["10.0.0.7", "::ffff:10.0.0.7"])
def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(
    page: str, settings: Any, remote: str
) -> None:
    """Behind the load balancer every request comes from its address: the limit must count the
    visitor it forwards, or one person could use up feedback for everybody."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client = Client(REMOTE_ADDR=remote)

    def answer(visitor: str) -> int:
        return _answer(client, "yes", headers={"X-Forwarded-For": visitor}).status_code

    with time_machine.travel(timezone.now(), tick=False):
        first = [answer("198.51.100.1") for _ in range(11)]
        other = answer("198.51.100.2")
        # A visitor cannot pick a fresh address by sending the header through the proxy.
        spoofed = answer("203.0.113.9, 198.51.100.1")

    assert first == [302] * 10 + [429]
    assert other == 302
    assert spoofed == 429
    assert PageFeedback.objects.count() == 11


def test_htmx_gets_only_the_feedback_section_back(client: Client, page: str) -> None:
    response = _answer(client, "no", headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="feedback"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]

    done = client.post(
        "/nn/tilbakemelding/",
        {
            "path": NOMINEE_PAGE,
            "language": "nn",
            "token": _token(response),
            "comment": "",
        },
        headers=HTMX,
    )
    assert done.status_code == 200
    assert "Takk for svaret!" in done.content.decode()


def test_htmx_gets_the_rate_limit_message_in_the_section(client: Client, page: str) -> None:
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(10):
            _answer(client, "yes", headers=HTMX)
        refused = _answer(client, "yes", headers=HTMX)

    assert refused.status_code == 429
    assert refused.content.decode().lstrip().startswith('<section id="feedback"')


def test_a_post_without_a_valid_csrf_token_gets_the_translated_403_page(page: str) -> None:
    client = Client(enforce_csrf_checks=True)

    # A vote form is protected by a token (the feedback answer checks the origin instead).
    response = client.post("/en/bosettingsprisen/2018/stem/stange/", {"submission": "x" * 32})

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "The form had expired" in html
    assert not PageFeedback.objects.exists()


def test_the_feedback_form_works_without_javascript_from_every_public_page(
    client: Client,
    edition: Edition,
    nominees: list[Nominee],
    make_nominee: Callable[..., Nominee],
) -> None:
    for path in [
        "/",
        "/en/personvern/",
        "/nn/tilgjengelighet/",
        "/bosettingsprisen/",
        "/bosettingsprisen/arkiv/",
        "/bosettingsprisen/2018/",
        "/en/bosettingsprisen/2018/nominerte/",
    ]:
        html = Client().get(path).content.decode()
        assert f'<input type="hidden" name="path" value="{path}">' in html
        language = path.split("/")[1] if path[1:3] in {"nn", "en"} else "nb"
        response = client.post(
            "/tilbakemelding/" if language == "nb" else f"/{language}/tilbakemelding/",
            {"path": path, "language": language, "found": "yes"},
        )
        assert response.status_code == 302, path
    assert PageFeedback.objects.count() == 7


def test_feedback_is_only_accepted_by_post(client: Client) -> None:
    assert client.get("/tilbakemelding/").status_code == 405


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page/"},
        {"Origin": "http://testserver.evil.example"},
    ],
)
def test_an_answer_sent_from_another_site_is_refused_and_not_stored(
    client: Client, page: str, headers: dict[str, str]
) -> None:
    response = _answer(client, "no", headers=headers)

    assert response.status_code == 403
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://testserver"}, {"Referer": "http://testserver/nn/"}, {}],
)
def test_an_answer_from_the_site_itself_or_no_page_at_all_is_taken(
    client: Client, page: str, headers: dict[str, str]
) -> None:
    response = _answer(client, "yes", headers=headers)

    assert response.status_code == 302
    assert PageFeedback.objects.count() == 1


def test_an_answer_needs_no_csrf_token_so_pages_carry_none(page: str, edition: Edition) -> None:
    strict = Client(enforce_csrf_checks=True)
    html = strict.get(NOMINEE_PAGE)

    assert html.status_code == 200
    assert "csrfmiddlewaretoken" not in html.content.decode()
    assert "csrftoken" not in html.cookies
    assert _answer(strict, "yes", headers={"Origin": "http://testserver"}).status_code == 302
