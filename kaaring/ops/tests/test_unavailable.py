"""handler500: a dependency that cannot be reached is a 503 with Retry-After in the visitor's
language; any other error stays the site's 500 page."""

import pytest
import redis
from django.test import RequestFactory

from config.urls import handler500


def _handled(path: str, error: Exception | None = None, *, connect_redis: bool = False) -> object:
    request = RequestFactory().get(path)
    try:
        if connect_redis:
            # A port nothing listens on (the discard port): a real refused connection.
            redis.Redis(port=9, socket_connect_timeout=1).ping()
        assert error is not None
        raise error
    except Exception:
        return handler500(request)


def test_redis_that_cannot_be_reached_is_a_503_in_english_under_en() -> None:
    response = _handled("/en/bosettingsprisen/2018/", connect_redis=True)

    assert response.status_code == 503  # type: ignore[attr-defined]
    assert response["Retry-After"] == "15"  # type: ignore[index]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert '<html lang="en"' in html
    assert "Kåring is unavailable for a moment" in html
    assert 'hreflang="nn"' in html  # the layout's language links are there


@pytest.mark.parametrize(("path", "lang"), [("/", "nb"), ("/nn/kommuner/", "nn")])
def test_the_503_page_follows_the_address_language(path: str, lang: str) -> None:
    from django.db import OperationalError

    response = _handled(path, OperationalError("connection refused"))

    assert response.status_code == 503  # type: ignore[attr-defined]
    assert f'<html lang="{lang}"' in response.content.decode()  # type: ignore[attr-defined]


def test_any_other_error_is_the_500_page(db: None) -> None:
    response = _handled("/en/", ValueError("a bug"))

    assert response.status_code == 500  # type: ignore[attr-defined]
    assert "Retry-After" not in response  # type: ignore[operator]
