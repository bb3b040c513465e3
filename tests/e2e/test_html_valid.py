"""Every public page in bokmål, nynorsk and English is valid HTML by the W3C Nu HTML Checker
(npm's vnu-jar). The pages are fetched through Django's test client from the demo data and
checked in one Java run: the checker takes seconds to start and milliseconds per page."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.e2e.pages import LANGUAGES, public_paths, vote_paths

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(files: list[Path]) -> list[dict[str, object]]:
    """Run the Nu HTML Checker once over ``files``; its JSON report's errors."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("The Nu HTML Checker needs java and node_modules/vnu-jar (make setup).")
    completed = subprocess.run(
        [
            java,
            "-Xss8m",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    report = json.loads(completed.stderr or "{}")
    return [m for m in report.get("messages", []) if m.get("type") == "error"]


@pytest.mark.django_db
def test_every_public_page_is_valid_html_in_every_language(tmp_path: Path):
    call_command("load_demo", "--force", verbosity=0)
    call_command("import_sample_data", verbosity=0)
    client = Client()
    files: dict[str, str] = {}
    for language in LANGUAGES:
        for path in [*public_paths(language), *vote_paths(language)]:
            response = client.get(path)
            assert response.status_code in (200, 404), path
            name = f"page-{len(files):03d}.html"
            (tmp_path / name).write_bytes(response.content)
            files[name] = path
    assert len(files) > 60
    errors = vnu_errors([tmp_path / name for name in files])
    # One line per message, with the pages it was found on: a template's mistake shows once.
    found: dict[str, set[str]] = {}
    for error in errors:
        found.setdefault(str(error["message"]), set()).add(files[Path(str(error["url"])).name])
    assert {message: sorted(paths)[:5] for message, paths in found.items()} == {}
