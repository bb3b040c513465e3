"""The local development environment file, ``var/dev.env``: what a checkout where ``make demo``
ran needs so that ``manage.py <command>`` works as the README writes it, with no variables set.

``make demo`` writes it once (``python -m config.devenv``): ``DEBUG=1``, a generated
``SECRET_KEY``, the SQLite database's path and mails printed (``EMAIL_URL=console://``).
Settings read it first, filling only variables the environment does not set, and only when

- the environment has no ``SECRET_KEY``: every production process must have one (it is
  required with ``DEBUG`` off), so a production node never reads the file, even when a checkout
  there has one; and
- the file exists: ``KAARING_ENV_FILE`` if set (an empty value reads no file; the test suite
  sets that, so a developer's file never changes a test), else ``var/dev.env``.

The format is ``NAME=value`` per line, ``#`` comments and blank lines ignored; no quoting, no
expansion. A line that is not of that form stops the start with its line number.
"""

import os
import secrets
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PATH = BASE_DIR / "var" / "dev.env"


def dev_env_path() -> Path | None:
    """The file settings would read now, or ``None`` if none applies."""
    if os.environ.get("SECRET_KEY"):
        return None
    named = os.environ.get("KAARING_ENV_FILE")
    if named is not None:
        return Path(named) if named.strip() else None
    return DEFAULT_PATH


def dev_env_parse(text: str, *, source: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ImproperlyConfigured(f"{source}, line {number}: expected NAME=value.")
        values[name] = value.strip()
    return values


def dev_env_load() -> Path | None:
    """Put the file's values into ``os.environ`` where unset; return the file read, if any."""
    path = dev_env_path()
    if path is None or not path.is_file():
        if path is not None and path != DEFAULT_PATH:
            raise ImproperlyConfigured(f"KAARING_ENV_FILE names {path}, which is not a file.")
        return None
    for name, value in dev_env_parse(path.read_text(encoding="utf-8"), source=str(path)).items():
        os.environ.setdefault(name, value)
    return path


def dev_env_write(path: Path = DEFAULT_PATH) -> bool:
    """Write a fresh development file unless one exists (its secret key stays the same, so
    sessions and signed links survive a new ``make demo``). True if written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    database = BASE_DIR / "var" / "kaaring.sqlite3"
    text = (
        "# Local development only; written by `make demo`. Never read in production: settings\n"
        "# skip this file whenever SECRET_KEY is set in the environment (config/devenv.py).\n"
        "DEBUG=1\n"
        f"SECRET_KEY=dev-{secrets.token_urlsafe(48)}\n"
        f"DATABASE_URL=sqlite:///{database}\n"
        "EMAIL_URL=console://\n"
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return True


if __name__ == "__main__":
    written = dev_env_write()
    print(f"{'Wrote' if written else 'Kept'} {DEFAULT_PATH.relative_to(BASE_DIR)}", file=sys.stderr)
