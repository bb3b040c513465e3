"""scripts/system-deps.sh decides what the machine lacks and whether it may install it.

Each test runs the real script as a subprocess in a copy of the scripts folder, with PATH
stripped to a folder of stand-ins: ``id`` that says who we are, ``apt-get`` that records what
it was asked, and the tools the case has. Nothing is installed for real.
"""

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-deps.sh"


def _tool(folder: Path, name: str, body: str = "exit 0") -> Path:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


class Machine:
    """A checkout (scripts only) and a PATH with nothing but what a test puts there."""

    def __init__(self, tmp_path: Path, *, uid: int) -> None:
        self.checkout = tmp_path / "checkout"
        (self.checkout / "scripts").mkdir(parents=True)
        shutil.copy(SCRIPT, self.checkout / "scripts" / "system-deps.sh")
        self.log = tmp_path / "calls.log"
        for step in ("bootstrap.sh", "assets.sh"):
            _tool(self.checkout / "scripts", step, f'echo "{step}" >> "{self.log}"')
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        for needed in ("dirname",):
            found = shutil.which(needed)
            assert found, needed
            (self.bin / needed).symlink_to(found)
        _tool(self.bin, "id", f'[ "$1" = "-u" ] && echo {uid}')
        self.chromium = tmp_path / "no-chromium"

    def has(self, *names: str) -> None:
        for name in names:
            _tool(self.bin, name)

    def has_apt(self) -> None:
        _tool(self.bin, "apt-get", f'echo "apt-get $*" >> "{self.log}"')

    def has_chromium(self) -> None:
        self.chromium = _tool(self.bin, "chromium")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": str(self.bin), "CHROMIUM": str(self.chromium)}
        return subprocess.run(
            ["/bin/sh", str(self.checkout / "scripts" / "system-deps.sh"), *args],
            env=env, capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


def test_without_root_it_stops_at_once_with_one_line_naming_every_package(
    tmp_path: Path,
) -> None:
    machine = Machine(tmp_path, uid=1000)
    machine.has_apt()
    machine.has("uv")

    done = machine.run("test")

    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert "sudo apt-get install gettext npm chromium wrk" in lines[0]
    assert machine.calls() == []  # neither apt-get nor the Python and npm steps ran


def test_as_root_without_apt_it_stops_with_the_same_one_line(tmp_path: Path) -> None:
    machine = Machine(tmp_path, uid=0)
    machine.has("uv", "npm", "msgfmt")

    done = machine.run("test")

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "install them first (Debian: sudo apt-get install chromium wrk)" in done.stderr
    assert machine.calls() == []


def test_as_root_with_apt_it_installs_only_what_is_missing_then_python_and_assets(
    tmp_path: Path,
) -> None:
    machine = Machine(tmp_path, uid=0)
    machine.has_apt()
    machine.has("uv", "npm", "wrk")

    done = machine.run("test")

    assert done.returncode == 0, done.stderr
    assert machine.calls() == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends gettext chromium",
        "bootstrap.sh",
        "assets.sh",
    ]


def test_a_machine_with_everything_installs_nothing_even_without_root(tmp_path: Path) -> None:
    machine = Machine(tmp_path, uid=1000)
    machine.has("uv", "npm", "msgfmt", "wrk")
    machine.has_chromium()

    done = machine.run("test")

    assert done.returncode == 0, done.stderr
    assert machine.calls() == ["bootstrap.sh", "assets.sh"]


@pytest.mark.parametrize(
    ("purpose", "wanted"),
    [
        ("setup", "gettext npm"),
        ("test", "gettext npm chromium wrk"),
        ("bench", "gettext npm wrk postgresql-client"),
    ],
)
def test_each_purpose_asks_for_its_own_packages(tmp_path: Path, purpose: str, wanted: str) -> None:
    machine = Machine(tmp_path, uid=1000)
    machine.has("uv")

    done = machine.run(purpose, "--system-only")

    assert done.returncode == 2
    assert f"make {purpose}: {wanted};" in done.stderr


def test_without_uv_it_needs_python_with_venv_to_install_it(tmp_path: Path) -> None:
    machine = Machine(tmp_path, uid=1000)
    machine.has("npm", "msgfmt")
    _tool(machine.bin, "python3", "exit 1")  # Debian's python3 without python3-venv

    done = machine.run("setup")
    assert done.returncode == 2
    assert "make setup: python3-venv;" in done.stderr

    (machine.bin / "python3").unlink()
    done = machine.run("setup")
    assert "make setup: python3 python3-venv;" in done.stderr


def test_an_unknown_purpose_is_refused_with_the_usage(tmp_path: Path) -> None:
    done = Machine(tmp_path, uid=0).run("deploy")
    assert done.returncode == 64
    assert "usage: scripts/system-deps.sh [setup|test|bench]" in done.stderr


def test_make_test_stops_before_any_test_when_packages_are_missing(tmp_path: Path) -> None:
    """The Makefile's own path: `make test` on a machine without chromium and without root."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    machine = Machine(tmp_path, uid=1000)
    for needed in ("make", "sh"):
        found = shutil.which(needed)
        assert found, needed
        (machine.bin / needed).symlink_to(found)
    machine.has("uv", "npm", "msgfmt", "wrk")

    env = {"PATH": str(machine.bin), "CHROMIUM": str(tmp_path / "none"), "HOME": str(tmp_path)}
    done = subprocess.run(
        [make, "-C", str(ROOT), "--no-print-directory", "test"], env=env,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode != 0
    assert "Missing system packages for make test: chromium;" in done.stderr
    assert "pytest" not in done.stdout + done.stderr
