"""The local development file (config/devenv.py): read where it applies, never in production,
and a missing variable reported in one line by manage.py."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.devenv import dev_env_parse, dev_env_write

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "from django.conf import settings; "
    "print(settings.DEBUG, settings.DATABASES['default']['NAME'], settings.SECRET_KEY[:4])"
)


def _show(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The three values SHOW printed (the shell's own line about imports comes first)."""
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1].split()


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={"PATH": "/usr/bin:/bin", **env}, cwd=ROOT,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_the_written_file_gives_debug_a_fresh_secret_and_the_sqlite_path(tmp_path: Path) -> None:
    path = tmp_path / "dev.env"
    assert dev_env_write(path) is True
    values = dev_env_parse(path.read_text(), source=str(path))

    assert values["DEBUG"] == "1"
    assert len(values["SECRET_KEY"]) > 50
    assert values["DATABASE_URL"].endswith("/var/kaaring.sqlite3")
    assert path.stat().st_mode & 0o777 == 0o600  # it holds a secret key
    other = tmp_path / "other.env"
    dev_env_write(other)
    assert dev_env_parse(other.read_text(), source="")["SECRET_KEY"] != values["SECRET_KEY"]


def test_writing_again_keeps_the_file_and_its_key(tmp_path: Path) -> None:
    path = tmp_path / "dev.env"
    dev_env_write(path)
    before = path.read_text()
    assert dev_env_write(path) is False
    assert path.read_text() == before


def test_a_line_that_is_not_name_equals_value_is_refused_with_its_number() -> None:
    text = "# a comment\n\nDEBUG=1\nexport SECRET_KEY x\n"
    with pytest.raises(ImproperlyConfigured, match=r"dev.env, line 4: expected NAME=value"):
        dev_env_parse(text, source="dev.env")
    assert dev_env_parse("A = b=c \n", source="") == {"A": "b=c"}


def test_a_command_runs_with_the_file_and_no_variables(tmp_path: Path) -> None:
    path = tmp_path / "dev.env"
    dev_env_write(path)

    debug, database, key = _show(_manage("shell", "-c", SHOW, KAARING_ENV_FILE=str(path)))

    assert (debug, key) == ("True", "dev-")
    assert database.endswith("var/kaaring.sqlite3")


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "dev.env"
    dev_env_write(path)

    done = _manage("shell", "-c", SHOW, KAARING_ENV_FILE=str(path), DEBUG="1",
                   DATABASE_URL=f"sqlite:///{tmp_path / 'mine.sqlite3'}")  # fmt: skip

    assert _show(done)[1] == str(tmp_path / "mine.sqlite3")


def test_a_process_with_a_secret_key_never_reads_the_file(tmp_path: Path) -> None:
    """Production sets SECRET_KEY (it is required with DEBUG off), so a dev.env left in its
    checkout cannot switch DEBUG on or change the database."""
    path = tmp_path / "dev.env"
    path.write_text(f"DEBUG=1\nSECRET_KEY=dev-key\nDATABASE_URL=sqlite:///{tmp_path / 'x'}\n")

    done = _manage("shell", "-c", SHOW, KAARING_ENV_FILE=str(path), ALLOWED_HOSTS="example.no",
                   SECRET_KEY="prod" + secrets.token_urlsafe(50),
                   EMAIL_URL="smtp://127.0.0.1:2525")  # fmt: skip

    debug, database, key = _show(done)
    assert (debug, key) == ("False", "prod")
    assert database == str(ROOT / "var" / "kaaring.sqlite3")  # the default, not the file's


def test_without_the_file_a_missing_variable_is_one_line_naming_it() -> None:
    done = _manage("export_stats", "--municipality", "3413", KAARING_ENV_FILE="")

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "SECRET_KEY is required" in done.stderr
    assert "var/dev.env" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_named_file_that_is_missing_is_reported(tmp_path: Path) -> None:
    done = _manage("check", KAARING_ENV_FILE=str(tmp_path / "nothing.env"))

    assert done.returncode == 2
    assert f"KAARING_ENV_FILE names {tmp_path / 'nothing.env'}, which is not a file." in done.stderr
