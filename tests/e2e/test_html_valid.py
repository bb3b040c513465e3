"""Every public page in bokmål, nynorsk and English is valid HTML by the W3C Nu HTML Checker
(npm's vnu-jar) and describes itself in its language. The pages are fetched through Django's
test client from the demo data and checked in one Java run: the checker takes seconds to start
and milliseconds per page."""

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.e2e.pages import LANGUAGES, public_paths, vote_paths

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def crawl() -> dict[str, tuple[str, bytes]]:
    """The demo's public pages: path → (language, HTML)."""
    call_command("load_demo", "--force", verbosity=0)
    call_command("import_sample_data", verbosity=0)
    client = Client()
    pages: dict[str, tuple[str, bytes]] = {}
    for language in LANGUAGES:
        for path in [*public_paths(language), *vote_paths(language)]:
            response = client.get(path)
            assert response.status_code in (200, 404), path
            pages[path] = (language, response.content)
    assert len(pages) > 60
    return pages


def vnu_errors(files: list[Path]) -> list[dict[str, object]]:
    """Run the Nu HTML Checker once over ``files``; its JSON report's errors."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("The Nu HTML Checker needs java and node_modules/vnu-jar (make setup).")
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(completed.stderr or "{}")
    return [m for m in report.get("messages", []) if m.get("type") == "error"]


@pytest.mark.django_db
def test_every_public_page_is_valid_html_in_every_language(tmp_path: Path):
    files: dict[str, str] = {}
    for path, (_language, html) in crawl().items():
        name = f"page-{len(files):03d}.html"
        (tmp_path / name).write_bytes(html)
        files[name] = path
    errors = vnu_errors([tmp_path / name for name in files])
    # One line per message, with the pages it was found on: a template's mistake shows once.
    found: dict[str, set[str]] = {}
    for error in errors:
        found.setdefault(str(error["message"]), set()).add(files[Path(str(error["url"])).name])
    assert {message: sorted(paths)[:5] for message, paths in found.items()} == {}


class _Descriptions(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            content = (values.get("content") or "").strip()
            self.found.append((content, values.get("lang") or ""))


def _descriptions(html: bytes) -> list[tuple[str, str]]:
    """The page's meta descriptions, each with its own lang attribute (or "")."""
    parser = _Descriptions()
    parser.feed(html.decode())
    return parser.found


@pytest.mark.django_db
def test_every_public_page_has_one_meta_description_in_its_language():
    pages = crawl()
    problems: dict[str, list[str]] = {}
    for path, (language, html) in pages.items():
        if path.endswith("/knapp/"):
            continue  # the embeddable vote button, a part of other sites' pages
        descriptions = _descriptions(html)
        if len(descriptions) != 1 or not descriptions[0][0]:
            problems[path] = [d for d, _lang in descriptions]
            continue
        text, lang = descriptions[0]
        if language == "nb" or lang == "nb":
            continue  # bokmål, or the organiser's text in bokmål and marked so
        # The English page says it in other words than the bokmål one, and the nynorsk page in
        # other words than the English one (an untranslated string shows the English source).
        # Bokmål and nynorsk may share a sentence: many are spelled the same in both.
        other = f"/en{path.removeprefix('/nn')}" if language == "nn" else path.removeprefix("/en")
        if text == _descriptions(pages[other][1])[0][0]:
            problems[path] = [text]
    assert problems == {}
