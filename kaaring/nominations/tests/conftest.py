"""Nomination personas: an edition open for nominations, with a call and its questions."""

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kaaring.awards import services as award_services
from kaaring.awards.models import Award, DecisionRule, Edition, VotingMode
from kaaring.nominations import services
from kaaring.nominations.models import Call

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office_file(part: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _attachments_in_tmp(settings: LazySettings, tmp_path: Path) -> None:
    settings.NOMINATION_ATTACHMENT_ROOT = tmp_path / "private"


@pytest.fixture
def criteria(award: Award) -> None:
    award_services.criterion_create(
        actor=None, award=award, position=1, title="Bosetting", title_en="Settlement",
        description="Hvordan kommunen bosetter.", description_en="How it settles refugees.",
    )  # fmt: skip
    award_services.criterion_create(
        actor=None, award=award, position=2, title="Arbeid", title_en="Work",
    )  # fmt: skip


@pytest.fixture
def make_call(award: Award, criteria: None) -> Callable[..., Call]:
    def make(
        *,
        who: str = Call.Who.ANYONE,
        year: int = 2030,
        opens: dt.timedelta = dt.timedelta(days=-5),
        closes: dt.timedelta = dt.timedelta(days=5),
        now: dt.datetime | None = None,
        **fields: Any,
    ) -> Call:
        now = now or timezone.now()
        edition: Edition = award_services.edition_create(
            actor=None,
            award=award,
            year=year,
            announced_at=now + opens - dt.timedelta(days=1),
            nominations_open_at=now + opens,
            nominations_close_at=now + closes,
            voting_mode=VotingMode.NONE,
            decision_rule=DecisionRule.JURY_ONLY,
        )
        values: dict[str, Any] = {"who": who, "max_attachments": 2, "max_attachment_mb": 1}
        values.update(fields)
        return services.call_create(actor=None, edition=edition, **values)

    return make


@pytest.fixture
def call(make_call: Callable[..., Call]) -> Call:
    return make_call()


@pytest.fixture
def self_call(make_call: Callable[..., Call]) -> Call:
    return make_call(who=Call.Who.SELF, year=2031)


def answers_for(call: Call) -> dict[str, str]:
    return {str(q.pk): f"Svar på {q.text}" for q in call.questions.all()}


def person_data(call: Call, **changes: Any) -> services.NominationData:
    values: dict[str, Any] = {
        "nominator_name": "Kari Nordmann",
        "nominator_role": "nabo",
        "nominator_email": "kari@example.no",
        "nominee_kind": "person",
        "nominee_name": "Ola Hansen",
        "consent": True,
        "answers": answers_for(call),
    }
    values.update(changes)
    return services.NominationData(**values)


def save(call: Call, data: services.NominationData, *, submit: bool = True, nomination=None,
         uploads=None) -> services.SaveResult:  # fmt: skip
    return services.nomination_save(
        call=call,
        nomination=nomination,
        data=data,
        uploads=uploads or [],
        submit=submit,
        language="en",
        site_url="https://kaaring.example",
    )
