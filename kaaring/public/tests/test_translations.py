"""Every catalog under kaaring/ is complete: no empty and no fuzzy translation.

A small reader for the gettext PO format (entries separated by blank lines; ``#,`` flags;
``msgid``/``msgid_plural``/``msgstr``/``msgstr[n]`` with continued string lines), so that the
test needs no extra dependency.
"""

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po"))


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    obsolete: bool = False


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, key = None, ""
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current.fields[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current.fields[key] = ast.literal_eval(value)
    return entries


def test_there_are_catalogs_for_all_three_languages() -> None:
    languages = {path.parts[-3] for path in CATALOGS}
    assert {"nb", "nn", "en"} <= languages


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_none_is_fuzzy(path: Path) -> None:
    problems = []
    for entry in read_po(path):
        if entry.obsolete or "msgid" not in entry.fields:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy: {entry.fields['msgid']!r}")
        if entry.fields["msgid"] == "":  # the header
            continue
        translations = [v for k, v in entry.fields.items() if k.startswith("msgstr")]
        if not translations or any(not text.strip() for text in translations):
            problems.append(f"line {entry.line}: untranslated: {entry.fields['msgid']!r}")
    assert not problems, "\n".join(problems)


def test_the_reader_finds_fuzzy_and_empty_entries(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "A %(n)s"\nmsgstr "Ei %(n)s"\n\n'
        'msgid "B"\nmsgstr ""\n\n'
        'msgid "C"\nmsgid_plural "Cs"\nmsgstr[0] "c"\nmsgstr[1] ""\n"cs"\n',
        encoding="utf-8",
    )

    entries = read_po(po)

    assert "fuzzy" in entries[1].flags
    assert entries[2].fields["msgstr"] == ""
    assert entries[3].fields["msgstr[1]"] == "cs"
