"""The shapes the API reads and writes; the OpenAPI description is generated from them.

Content written in three languages comes as ``{"nb": {"text", "lang"}, "nn": …, "en": …}``:
``lang`` is the language the text is really in, so a nynorsk text that falls back to bokmål
says ``"lang": "nb"`` (as the public pages mark it for screen readers). Times are ISO 8601
with the offset of Europe/Oslo (``2019-02-08T12:00:00+01:00``).
"""

import datetime as dt
from typing import Annotated, Literal

from ninja import Path, Schema
from pydantic import AfterValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

Language = Literal["nb", "nn", "en"]

# Path parameters, with an example from the demo (the docs page and schemathesis use them).
AwardSlug = Annotated[str, Path(example="bosettingsprisen", description="The award's short name.")]
Year = Annotated[int, Path(example=2018, description="The edition's year.")]
DraftYear = Annotated[int, Path(example=2027, description="The edition's year.")]
NomineeSlug = Annotated[str, Path(example="stange", description="The nominee's short name.")]
OrganisationSlug = Annotated[str, Path(example="imdi", description="The organisation's slug.")]
MunicipalityNumber = Annotated[
    str, Path(example="0417", description="A current or former municipality number.")
]


class Text(Schema):
    text: str
    lang: Language


class LocalizedText(Schema):
    nb: Text
    nn: Text
    en: Text


class Page(Schema):
    count: int
    limit: int
    offset: int


# --- Public reads ---------------------------------------------------------------------------


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: Literal["directorate", "municipality", "other"]
    website: str


class CriterionOut(Schema):
    position: int
    title: LocalizedText
    description: LocalizedText


class AwardOut(Schema):
    slug: str
    organisation: str = Field(description="The organisation's slug.")
    name: LocalizedText
    description: LocalizedText
    criteria: list[CriterionOut]


class EditionRules(Schema):
    voting_mode: Literal["none", "open", "email", "eid"]
    decision_rule: Literal["top_n_then_jury", "weighted", "jury_only", "public_only"]
    finalist_count: int
    tie_break: Literal["all_tied_advance", "jury_decides"]
    public_weight_percent: int | None
    show_vote_counts: bool
    frozen: bool = Field(description="Whether voting has opened, which freezes the rules.")


class EditionDates(Schema):
    announced_at: dt.datetime | None
    nominations_open_at: dt.datetime | None
    nominations_close_at: dt.datetime | None
    voting_opens_at: dt.datetime | None
    voting_closes_at: dt.datetime | None
    results_published_at: dt.datetime | None


class EditionOut(Schema):
    award: str
    year: int
    year_label: str
    phase: Literal[
        "draft",
        "announced",
        "nominations",
        "nominees_published",
        "voting_open",
        "voting_closed",
        "jury",
        "results_published",
    ]
    intro: LocalizedText
    ceremony_note: LocalizedText
    dates: EditionDates
    rules: EditionRules


class ImageOut(Schema):
    url: str
    alt: LocalizedText


class NomineeOut(Schema):
    slug: str
    kind: Literal["municipality", "person", "organisation", "company"]
    name: str
    municipality_number: str
    summary: LocalizedText
    profile: LocalizedText
    image: ImageOut | None
    position: int
    content_updated_at: dt.datetime
    withdrawn_at: dt.datetime | None


class NomineeRef(Schema):
    slug: str
    name: str


class ResultRowOut(Schema):
    nominee: NomineeRef
    is_winner: bool
    is_finalist: bool
    votes: int | None = Field(description="Null unless the organiser publishes vote counts.")
    share_percent: float | None


class ResultsOut(Schema):
    award: str
    year: int
    decision_rule: str
    results_published_at: dt.datetime
    winner: NomineeRef
    rationale: LocalizedText
    finalists: list[NomineeRef]
    show_vote_counts: bool
    total_votes: int | None
    rows: list[ResultRowOut]


class ArchiveEntryOut(Schema):
    year: int
    year_label: str
    results_published_at: dt.datetime
    winner: NomineeRef | None
    rationale: LocalizedText


class ArchiveAllEntryOut(ArchiveEntryOut):
    award: str


class MunicipalitySummaryOut(Schema):
    number: str
    name: str
    county_number: str
    county_name: str


class CodeOut(Schema):
    code: str
    name: str
    relation: Literal["current", "renumbered", "merged", "split"]
    is_continuation: bool
    valid_from: dt.date | None
    valid_to: dt.date | None


class PointOut(Schema):
    period: str
    value: float | None = Field(description="Null when the status is not ``ok``.")
    status: Literal["ok", ".", "..", ":"] = Field(
        description="ok, or SSB's symbol: . not applicable, .. missing, : confidential."
    )
    region_code: str = Field(description="The number the source printed the figure under.")
    region_name: str
    publisher: str
    source: str
    snapshot_date: dt.date


class IndicatorSeriesOut(Schema):
    code: str
    name: dict[Language, str]
    unit: str
    decimals: int
    dimensions: dict[str, str]
    points: list[PointOut]
    predecessor_points: list[PointOut] = Field(
        description="Figures under numbers of municipalities merged into this one."
    )


class MunicipalityOut(MunicipalitySummaryOut):
    requested_number: str = Field(description="The number asked for, current or former.")
    valid_from: dt.date | None
    valid_to: dt.date | None
    codes: list[CodeOut]
    indicators: list[IndicatorSeriesOut]


# --- Organiser API --------------------------------------------------------------------------


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refused here so the write gets a field error.
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "NUL character in text")
    return value


CleanText = Annotated[str, AfterValidator(_no_nul)]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


NomineeKind = Literal["municipality", "person", "organisation", "company"]


class NomineeIn(StrictIn):
    slug: CleanText = Field(min_length=1, max_length=80)
    kind: NomineeKind
    name: CleanText = Field(min_length=1, max_length=200)
    municipality_number: CleanText = Field("", max_length=4)
    summary: CleanText = Field("", max_length=300)
    summary_nn: CleanText = Field("", max_length=300)
    summary_en: CleanText = Field("", max_length=300)
    profile: CleanText = Field("", max_length=50_000)
    profile_nn: CleanText = Field("", max_length=50_000)
    profile_en: CleanText = Field("", max_length=50_000)
    image_alt: CleanText = Field("", max_length=300)
    image_alt_nn: CleanText = Field("", max_length=300)
    image_alt_en: CleanText = Field("", max_length=300)
    position: int = Field(0, ge=0, le=32767)


class NomineePatch(StrictIn):
    slug: CleanText | None = Field(None, min_length=1, max_length=80)
    kind: NomineeKind | None = None
    name: CleanText | None = Field(None, min_length=1, max_length=200)
    municipality_number: CleanText | None = Field(None, max_length=4)
    summary: CleanText | None = Field(None, max_length=300)
    summary_nn: CleanText | None = Field(None, max_length=300)
    summary_en: CleanText | None = Field(None, max_length=300)
    profile: CleanText | None = Field(None, max_length=50_000)
    profile_nn: CleanText | None = Field(None, max_length=50_000)
    profile_en: CleanText | None = Field(None, max_length=50_000)
    image_alt: CleanText | None = Field(None, max_length=300)
    image_alt_nn: CleanText | None = Field(None, max_length=300)
    image_alt_en: CleanText | None = Field(None, max_length=300)
    position: int | None = Field(None, ge=0, le=32767)


class NomineeImportIn(StrictIn):
    nominees: list[NomineeIn] = Field(min_length=1, max_length=500)


class ImportOut(Schema):
    created: list[str]
    updated: list[str]
    unchanged: list[str]


class OrganiserEditionOut(EditionOut):
    nominee_count: int


class FeedbackOut(Schema):
    path: str
    language: Language
    found: bool
    comment: str
    created_at: dt.datetime


class FeedbackPage(Page):
    items: list[FeedbackOut]


class AuditEntryOut(Schema):
    at: dt.datetime
    actor: str
    action: str
    target_type: str
    target_id: str
    target_label: str
    reason: str
    data: dict[str, object]


class AuditPage(Page):
    items: list[AuditEntryOut]


class TokenOut(Schema):
    name: str
    organisation: str
    scope: Literal["read", "write"]
    expires_at: dt.datetime | None
