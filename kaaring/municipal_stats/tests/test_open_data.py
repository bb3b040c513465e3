"""The licence setting: what the organiser declares, checked when the process starts."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from kaaring.municipal_stats import open_data

ROOT = Path(__file__).resolve().parents[3]


def start(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_unknown_licence_stops_the_start_naming_the_variable() -> None:
    started = start(OPEN_DATA_LICENCE="MIT")

    assert started.returncode != 0
    assert "OPEN_DATA_LICENCE='MIT' is not a licence Kåring knows" in started.stderr


def test_the_default_licence_is_nlod_2() -> None:
    assert settings.OPEN_DATA_LICENCE == "NLOD-2.0"
    assert open_data.licence().name == "Norsk lisens for offentlige data (NLOD) 2.0"
