"""The edition and nominee pages are answered from copies kept in the worker's memory
(``kaaring.public.pagecache``) and are never stale: an organiser's edit shows on the very next
request, the voting state flips at the deadline without any write, and no visitor's token or
message reaches another visitor."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client

from kaaring.accounts.models import User
from kaaring.awards import services as award_services
from kaaring.awards.models import Edition, Nominee
from kaaring.municipal_stats import services as stats_services
from kaaring.municipal_stats.services import SAMPLE_DATA
from kaaring.public import pagecache
from tests.services import redis_test_url, redis_unreachable, service_missing

EDITION = "/bosettingsprisen/2018/"
NOMINEE = "/bosettingsprisen/2018/nominerte/stange/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def html(client: Client, path: str, **extra: Any) -> str:
    response = client.get(path, **extra)
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_kept_page_costs_one_query(
    client: Client, nominees: list[Nominee], django_assert_num_queries: Any
) -> None:
    first = html(client, NOMINEE)

    with django_assert_num_queries(1):
        again = html(client, NOMINEE)

    assert TOKEN.sub("", again) == TOKEN.sub("", first)


# --- Writes: every change through the services shows on the next request -----------------


def _rename_award(organiser: User, edition: Edition, nominees: list[Nominee]) -> None:
    award_services.award_update(actor=organiser, award=edition.award, name="Ny prisnavn")


def _add_criterion(organiser: User, edition: Edition, nominees: list[Nominee]) -> None:
    award_services.criterion_create(actor=organiser, award=edition.award, title="Ny kriterietekst")


def _edit_intro(organiser: User, edition: Edition, nominees: list[Nominee]) -> None:
    award_services.edition_update(actor=organiser, edition=edition, intro="Ny innledning")


def _edit_profile(organiser: User, edition: Edition, nominees: list[Nominee]) -> None:
    award_services.nominee_update(actor=organiser, nominee=nominees[0], profile="Ny profiltekst")


def _rename_nominee(organiser: User, edition: Edition, nominees: list[Nominee]) -> None:
    award_services.nominee_update(actor=organiser, nominee=nominees[1], name="Ny kommunenavn")


def _add_nominee(organiser: User, edition: Edition, nominees: list[Nominee]) -> None:
    award_services.nominee_create(
        actor=organiser, edition=edition, slug="ny", kind="person", name="Ny nominert"
    )


@pytest.mark.parametrize(
    ("write", "path", "shown"),
    [
        (_rename_award, NOMINEE, "Ny prisnavn"),
        (_rename_award, EDITION, "Ny prisnavn"),
        (_add_criterion, EDITION, "Ny kriterietekst"),
        (_edit_intro, EDITION, "Ny innledning"),
        (_edit_profile, NOMINEE, "Ny profiltekst"),
        (_rename_nominee, NOMINEE, "Ny kommunenavn"),  # in "the other nominees"
        (_rename_nominee, EDITION, "Ny kommunenavn"),
        (_add_nominee, NOMINEE, "Ny nominert"),
        (_add_nominee, EDITION, "Ny nominert"),
    ],
)
def test_an_organisers_edit_shows_on_the_next_request(
    client: Client,
    edition: Edition,
    nominees: list[Nominee],
    organiser: User,
    write: Callable[[User, Edition, list[Nominee]], None],
    path: str,
    shown: str,
) -> None:
    assert shown not in html(client, path)
    assert shown not in html(client, path)  # from the copy

    write(organiser, edition, nominees)

    assert shown in html(client, path)


def test_a_withdrawn_nominee_leaves_the_pages_at_once(
    client: Client, nominees: list[Nominee], organiser: User
) -> None:
    asker = 'href="/bosettingsprisen/2018/nominerte/asker/"'
    assert asker in html(client, NOMINEE)
    assert asker in html(client, EDITION)

    award_services.nominee_withdraw(actor=organiser, nominee=nominees[1], reason="Trakk seg")

    assert asker not in html(client, NOMINEE)
    assert asker not in html(client, EDITION)
    assert client.get("/bosettingsprisen/2018/nominerte/asker/").status_code == 404


def test_imported_statistics_show_on_the_nominee_page_at_once(
    client: Client, nominees: list[Nominee]
) -> None:
    assert "Nøkkeltall" not in html(client, NOMINEE)

    stats_services.municipalities_import(paths=sorted((SAMPLE_DATA / "klass131").glob("*.json")))
    assert "Nøkkeltall" not in html(client, NOMINEE)
    stats_services.imdi_import(
        path=SAMPLE_DATA / "imdi" / "2015-export" / "09_1-bosatt_anmodede-kommune-2014.csv"
    )

    assert "Nøkkeltall" in html(client, NOMINEE)


# --- The clock: the page changes at the edition's own instants, with no write --------------


def test_the_vote_closes_on_the_page_at_the_deadline_without_any_write(
    client: Client, edition: Edition, nominees: list[Nominee], django_assert_num_queries: Any
) -> None:
    deadline = edition.voting_closes_at
    assert deadline is not None
    version = Edition.objects.get(pk=edition.pk).content_version

    with time_machine.travel(deadline - dt.timedelta(microseconds=1), tick=False):
        assert 'data-state="open"' in html(client, NOMINEE)
        with django_assert_num_queries(1):  # the copy, still right
            assert 'data-state="open"' in html(client, NOMINEE)
    with time_machine.travel(deadline, tick=False):
        closed = html(client, NOMINEE)

    assert 'data-state="closed"' in closed
    assert "/stem/stange/" not in closed
    assert Edition.objects.get(pk=edition.pk).content_version == version


def test_the_vote_opens_on_the_page_at_its_instant(
    client: Client, make_edition: Callable[..., Edition], make_nominee: Callable[..., Nominee]
) -> None:
    edition = make_edition(opens=dt.timedelta(hours=1))
    make_nominee(edition, "Stange", "3413")
    assert edition.voting_opens_at is not None

    with time_machine.travel(edition.voting_opens_at - dt.timedelta(microseconds=1), tick=False):
        assert 'data-state="not_yet"' in html(client, NOMINEE)
        assert "/stem/stange/" not in html(client, EDITION)
    with time_machine.travel(edition.voting_opens_at, tick=False):
        assert 'data-state="open"' in html(client, NOMINEE)
        assert 'href="/bosettingsprisen/2018/stem/stange/"' in html(client, EDITION)


# --- Nothing of one visitor reaches another --------------------------------------------------


@pytest.fixture
def page_with_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept pages carry no CSRF token today (the feedback answer checks the origin instead);
    should one come back, each visitor must still get their own. A render with a token in it
    stands in for such a page."""
    original = pagecache.render_to_string

    def with_token(template: str, context: dict[str, Any], request: Any) -> str:
        token = context.get("csrf_token") or ""
        return original(template, context, request) + (
            f'<input name="csrfmiddlewaretoken" value="{token}">'
        )

    monkeypatch.setattr(pagecache, "render_to_string", with_token)


@pytest.mark.usefixtures("page_with_a_token")
def test_each_visitor_gets_a_token_of_their_own_from_the_same_copy(
    nominees: list[Nominee], django_assert_num_queries: Any
) -> None:
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice_page = html(alice, NOMINEE)
    with django_assert_num_queries(1):
        bob_page = html(bob, NOMINEE)
    alice_token = TOKEN.findall(alice_page)
    bob_token = TOKEN.findall(bob_page)

    assert len(alice_token) == len(bob_token) == 1
    assert alice_token != bob_token
    assert alice.cookies["csrftoken"].value != bob.cookies["csrftoken"].value
    assert pagecache._TOKEN_STAND_IN not in alice_page + bob_page


def test_the_kept_pages_carry_nothing_of_a_visitor(nominees: list[Nominee]) -> None:
    alice, bob = Client(), Client()
    alice_response, bob_response = alice.get(NOMINEE), bob.get(NOMINEE)

    assert alice_response.content == bob_response.content
    assert alice_response["ETag"] == bob_response["ETag"]
    assert "csrftoken" not in alice_response.cookies


def test_a_thank_you_is_shown_to_its_visitor_only_and_once(nominees: list[Nominee]) -> None:
    alice, bob = Client(), Client()
    page = "/en" + NOMINEE
    thanks = "Thank you for your answer!"
    html(bob, page)  # the copy everyone gets

    alice.post("/en/tilbakemelding/", {"path": page, "language": "en", "found": "yes"})

    assert thanks in html(alice, page)
    assert thanks not in html(bob, page)
    assert thanks not in html(alice, page)


def test_a_logged_in_organiser_gets_the_page_rendered_for_them(
    client: Client, nominees: list[Nominee], organiser: User, django_assert_max_num_queries: Any
) -> None:
    client.force_login(organiser)
    html(client, NOMINEE)

    with django_assert_max_num_queries(10) as queries:
        html(client, NOMINEE)

    assert len(queries) > 1  # the session, the page's own queries: no copy


def test_each_language_has_its_own_copy(client: Client, nominees: list[Nominee]) -> None:
    names = {
        "": ("nb", "Bosettings- og integreringsprisen"),
        "/nn": ("nn", "Busetjings- og integreringsprisen"),
        "/en": ("en", "Settlement and Integration Prize"),
    }
    for _ in range(2):  # rendered, then from the copies
        for prefix, (language, name) in names.items():
            for path in (EDITION, NOMINEE):
                page = html(client, prefix + path)
                assert f'<html lang="{language}"' in page
                assert name in page
                assert f'<input type="hidden" name="language" value="{language}">' in page


def test_each_host_has_its_own_copy(client: Client, nominees: list[Nominee], settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "kaaring.example"]

    for _ in range(2):
        here = html(client, NOMINEE)
        there = html(client, NOMINEE, HTTP_HOST="kaaring.example")
        assert 'content="http://testserver/bosettingsprisen/2018/nominerte/stange/"' in here
        assert 'content="http://kaaring.example/bosettingsprisen/2018/nominerte/stange/"' in there


# --- HTTP: HEAD, conditional requests, headers ---------------------------------------------


def test_head_and_if_none_match_are_answered_from_the_copy(
    client: Client, nominees: list[Nominee], organiser: User
) -> None:
    first = client.get(NOMINEE)
    tag = first["ETag"]

    head = client.head(NOMINEE)
    assert (head.status_code, head.content, head["ETag"]) == (200, b"", tag)
    assert client.get(NOMINEE, headers={"If-None-Match": tag}).status_code == 304
    assert "private" in first["Cache-Control"]
    assert "no-cache" in first["Cache-Control"]

    award_services.nominee_update(actor=organiser, nominee=nominees[0], profile="Endret")

    changed = client.get(NOMINEE, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert "Endret" in changed.content.decode()


@pytest.mark.usefixtures("page_with_a_token")
def test_another_visitors_etag_does_not_match(nominees: list[Nominee]) -> None:
    alice, bob = Client(), Client()
    tag = alice.get(NOMINEE)["ETag"]

    # Bob's copy carries Bob's token: Alice's page (and token) would be wrong for him.
    assert bob.get(NOMINEE, headers={"If-None-Match": tag}).status_code == 200


# --- Whatever the cache backend ----------------------------------------------------------


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_edits_show_at_once_with_or_without_redis(
    client: Client, nominees: list[Nominee], organiser: User, settings: Any, backend: str
) -> None:
    if backend == "redis":
        reason = redis_unreachable(redis_test_url())
        if reason:
            service_missing(reason)
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_test_url(),
                "KEY_PREFIX": "kaaring-test-pagecache",
            }
        }
    html(client, NOMINEE)

    award_services.nominee_update(actor=organiser, nominee=nominees[0], profile="Med " + backend)

    assert "Med " + backend in html(client, NOMINEE)


# --- PostgreSQL: the version read outside a transaction, as in production ----------------


@pytest.mark.requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_read_survives_a_lost_statement_and_a_lost_connection(
    client: Client, nominees: list[Nominee], organiser: User, monkeypatch: Any
) -> None:
    reads: list[tuple[bool, int | None]] = []
    prepared_read = pagecache._prepared_read

    def counted(pgconn: Any, edition_id: int) -> tuple[bool, int | None]:
        reads.append(prepared_read(pgconn, edition_id))
        return reads[-1]

    monkeypatch.setattr(pagecache, "_prepared_read", counted)
    html(client, NOMINEE)
    html(client, NOMINEE)
    edition = Edition.objects.get(pk=nominees[0].edition_id)
    assert reads == [(True, edition.content_version)]  # read by the prepared statement

    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler resetting the session would
    award_services.nominee_update(actor=organiser, nominee=nominees[0], profile="Etter reset")
    assert "Etter reset" in html(client, NOMINEE)
    assert reads[-1][0] is True  # prepared again

    connection.connection.close()  # the server went away under Django's feet
    assert "Etter reset" in html(client, NOMINEE)  # Django's own path reconnected
    award_services.nominee_update(actor=organiser, nominee=nominees[0], profile="Ny forbindelse")
    assert "Ny forbindelse" in html(client, NOMINEE)


# --- Whole responses, before the middleware (KeptPagesMiddleware) --------------------------


@pytest.fixture
def page_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths for which the view answered (from its copy or afresh); a request answered
    whole by the middleware never reaches the view."""
    answered: list[str] = []
    respond = pagecache._respond

    def counted(request: Any, copy: Any) -> Any:
        answered.append(request.path)
        return respond(request, copy)

    monkeypatch.setattr(pagecache, "_respond", counted)
    return answered


def test_a_second_visitor_is_answered_before_the_view_with_the_same_response(
    nominees: list[Nominee], page_renders: list[str], django_assert_num_queries: Any
) -> None:
    first = Client().get(NOMINEE)
    with django_assert_num_queries(1):  # the version
        second = Client().get(NOMINEE)

    assert page_renders == [NOMINEE]
    assert second.content == first.content
    # The same headers, but for the request id each response has of its own (kaaring/ops).
    assert sorted(h for h in second.items() if h[0] != "X-Request-ID") == sorted(
        h for h in first.items() if h[0] != "X-Request-ID"
    )
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_request_header_the_page_varies_on_gets_its_own_response(
    nominees: list[Nominee], page_renders: list[str]
) -> None:
    assert "Accept-Language" in Client().get(NOMINEE)["Vary"]
    Client().get(NOMINEE, headers={"Accept-Language": "en"})
    Client().get(NOMINEE, headers={"Accept-Language": "en"})
    Client().get(NOMINEE)

    assert page_renders == [NOMINEE, NOMINEE]  # one per Accept-Language value


def test_visitors_with_a_session_or_messages_pass_through_to_the_view(
    nominees: list[Nominee], page_renders: list[str], organiser: User
) -> None:
    Client().get(NOMINEE)
    with_messages = Client()
    with_messages.cookies["messages"] = "anything"
    with_messages.get(NOMINEE)
    logged_in = Client()
    logged_in.force_login(organiser)
    logged_in.get(NOMINEE)

    assert page_renders == [NOMINEE, NOMINEE]  # the logged-in page is rendered, not kept


@pytest.mark.usefixtures("page_with_a_token")
def test_a_response_that_sets_a_cookie_is_never_kept_whole(
    nominees: list[Nominee], page_renders: list[str]
) -> None:
    for _ in range(3):
        assert "csrftoken" in Client().get(NOMINEE).cookies

    assert page_renders == [NOMINEE] * 3


def test_a_kept_https_page_is_not_answered_to_plain_http(
    nominees: list[Nominee], settings: Any
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get(NOMINEE, secure=True).status_code == 200
    assert Client().get(NOMINEE, secure=True).status_code == 200

    plain = Client().get(NOMINEE)
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver" + NOMINEE


def test_a_post_is_never_answered_from_a_kept_response(
    nominees: list[Nominee], page_renders: list[str]
) -> None:
    kept = Client().get(NOMINEE)
    posted = Client().post(NOMINEE)

    assert posted.status_code == 200  # the view renders the page afresh for any other method
    assert "ETag" in kept
    assert "ETag" not in posted


def test_what_is_kept_stays_bounded_whatever_addresses_are_asked_for(
    nominees: list[Nominee], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagecache, "MAX_PAGES", 3)
    for n in range(20):  # any query string is another address
        assert Client().get(f"{NOMINEE}?n={n}").status_code == 200

    assert len(pagecache._copies) <= 3
    assert len(pagecache._responses) <= 3
    assert len(pagecache._varies) <= 12


def _marked_for_keeping_whole(rf: Any) -> bool:
    from kaaring.public.views import awards

    request = rf.get(NOMINEE)
    response = awards.nominee(request, award="bosettingsprisen", year=2018, nominee="stange")
    assert response.status_code == 200
    return hasattr(response, "kept_copy")


def test_a_page_for_everyone_is_marked_for_keeping_whole(nominees: list[Nominee], rf: Any) -> None:
    assert _marked_for_keeping_whole(rf)


@pytest.mark.usefixtures("page_with_a_token")
def test_a_page_with_a_visitors_token_is_never_marked_for_keeping_whole(
    nominees: list[Nominee], rf: Any
) -> None:
    # Django sets the CSRF cookie again whenever a token is used, which alone keeps such a
    # response out of KeptPagesMiddleware; this does not depend on that.
    assert not _marked_for_keeping_whole(rf)
