"""With DEBUG off, a node refuses to start with a missing EMAIL_URL or a weak SECRET_KEY, naming
the variable; ``manage.py check`` in a process of its own, as an operator would run it."""

import os
import subprocess
import sys

import pytest

from kaaring.ops.tests.server import ROOT

STRONG_KEY = "ops-refusal-test-0f3c9a7e5b2d4c6a8e1f3b5d7c9a2e4f6b8d0c1e3a5"


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "EMAIL_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    base.update(
        DEBUG="0", ALLOWED_HOSTS="kaaring.example.no", DJANGO_SETTINGS_MODULE="config.settings"
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=base, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_a_node_without_email_url_refuses_to_start() -> None:
    done = _check(SECRET_KEY=STRONG_KEY)

    assert done.returncode != 0
    assert "Environment variable EMAIL_URL is required when DEBUG is off" in done.stderr


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-9f8e7d",  # shorter than 50
        "a" * 64,  # one character repeated
        "abababababcabcabcabcabcabcdabcdabcdabcdabcdabcdabcd",  # four different characters
        "django-insecure-" + "k3j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8o9p0",  # Django's placeholder
    ],
)
def test_a_weak_secret_key_is_refused(key: str) -> None:
    done = _check(SECRET_KEY=key, EMAIL_URL="smtp://smtp.example.no:25")

    assert done.returncode != 0
    assert "Environment variable SECRET_KEY is too weak" in done.stderr
    assert key not in done.stderr


def test_a_strong_key_and_an_email_url_start() -> None:
    done = _check(SECRET_KEY=STRONG_KEY, EMAIL_URL="smtp+tls://u:p@smtp.example.no:587")

    assert done.returncode == 0, done.stderr[-2000:]


def test_development_needs_neither() -> None:
    done = _check(DEBUG="1")

    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("METRICS_ALLOWED_IPS", "10.0.0.0/8,not-an-address"),
        ("LOG_FORMAT", "xml"),
        ("DATABASE_REPLICA_URL", "mysql://replica.internal/kaaring"),
    ],
)
def test_a_wrong_operations_variable_is_named(variable: str, value: str) -> None:
    done = _check(DEBUG="1", **{variable: value})

    assert done.returncode != 0
    assert variable in done.stderr
