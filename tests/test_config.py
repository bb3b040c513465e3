"""The environment helpers of config/env.py: good values read, bad values stop the start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import email_settings, env_bool, env_int, env_list, env_str, env_url


def test_env_str_reads_a_value_or_a_default_and_requires_one_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("K_STR", "value")
    assert env_str("K_STR") == "value"
    monkeypatch.delenv("K_STR")
    assert env_str("K_STR", default="d") == "d"
    with pytest.raises(ImproperlyConfigured, match="K_STR"):
        env_str("K_STR")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("false", False),
        ("NO", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("K_BOOL", raw)
    assert env_bool("K_BOOL", default=not expected) is expected


def test_env_bool_refuses_anything_else_and_defaults_when_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("K_BOOL", raising=False)
    assert env_bool("K_BOOL", default=True) is True
    monkeypatch.setenv("K_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="K_BOOL='maybe' is not a boolean"):
        env_bool("K_BOOL", default=False)


def test_env_int_reads_numbers_and_refuses_words_and_small_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("K_INT", "42")
    assert env_int("K_INT", default=1) == 42
    monkeypatch.setenv("K_INT", " ")
    assert env_int("K_INT", default=7) == 7
    monkeypatch.setenv("K_INT", "forty")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("K_INT", default=1)
    monkeypatch.setenv("K_INT", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("K_INT", default=1, minimum=0)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("K_LIST", " a.example, ,b.example,")
    assert env_list("K_LIST", default=[]) == ["a.example", "b.example"]
    monkeypatch.delenv("K_LIST")
    assert env_list("K_LIST", default=["x"]) == ["x"]


def test_env_url_checks_the_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("K_URL", "postgres://u@db/kaaring")
    assert env_url("K_URL", schemes={"postgres"}) == "postgres://u@db/kaaring"
    monkeypatch.setenv("K_URL", "mysql://u@db/kaaring")
    with pytest.raises(ImproperlyConfigured, match="'mysql'"):
        env_url("K_URL", schemes={"postgres", "sqlite"})
    monkeypatch.setenv("K_URL", "  ")
    assert env_url("K_URL", schemes={"postgres"}) is None


def _mailer(url: str | None) -> dict[str, object]:
    default = email_settings(url)["default"]
    assert isinstance(default, dict)
    return default


def test_email_defaults_to_the_console_and_knows_locmem() -> None:
    assert _mailer(None)["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert _mailer("console://")["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert _mailer("locmem://")["BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp://mail.example", 25, False, False),
        ("smtp+tls://mail.example", 587, True, False),
        ("smtps://mail.example", 465, False, True),
        ("smtp+tls://mail.example:2525", 2525, True, False),
    ],
)
def test_email_smtp_urls_pick_port_and_encryption(
    url: str, port: int, tls: bool, ssl: bool
) -> None:
    options = _mailer(url)["OPTIONS"]
    assert isinstance(options, dict)
    assert options["host"] == "mail.example"
    assert options["port"] == port
    assert options["use_tls"] is tls
    assert options["use_ssl"] is ssl


def test_email_credentials_are_url_decoded() -> None:
    options = _mailer("smtp+tls://user%40imdi.example:p%2Fss@mail.example")["OPTIONS"]
    assert isinstance(options, dict)
    assert options["username"] == "user@imdi.example"
    assert options["password"] == "p/ss"


@pytest.mark.parametrize("url", ["smtp://", "smtp://mail.example:port"])
def test_email_refuses_a_url_without_host_or_with_a_bad_port(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings(url)


def test_an_unknown_email_scheme_is_refused_with_a_message():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL has scheme 'imap'"):
        email_settings("imap://mail.example.no")


def _database_options(**env: str) -> subprocess.CompletedProcess[str]:
    """The settings' database OPTIONS, loaded in a fresh process with ``env``."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def test_postgres_binds_parameters_on_the_server_and_prepares_hot_statements() -> None:
    done = _database_options(DATABASE_URL=POSTGRES)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"server_side_binding": True, "prepare_threshold": 5}


def test_prepared_statements_can_be_turned_off_for_a_pooler() -> None:
    done = _database_options(DATABASE_URL=POSTGRES, DATABASE_PREPARED_STATEMENTS="0")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"server_side_binding": True, "prepare_threshold": None}


def test_a_bad_prepared_statements_value_is_named() -> None:
    done = _database_options(DATABASE_URL=POSTGRES, DATABASE_PREPARED_STATEMENTS="sometimes")

    assert done.returncode != 0
    assert "DATABASE_PREPARED_STATEMENTS='sometimes' is not a boolean" in done.stderr


def test_sqlite_has_no_postgres_options() -> None:
    done = _database_options()

    assert done.returncode == 0, done.stderr
    options = json.loads(done.stdout)
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options
