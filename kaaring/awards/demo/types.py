"""The shapes of the demo content: plain data, written once, loaded by ``loader``."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NomineeContent:
    slug: str
    name: str
    summary: str
    summary_nn: str
    summary_en: str
    profile: str = ""
    profile_nn: str = ""
    profile_en: str = ""
    number: str = ""  # municipality number (today's), empty for other kinds
    kind: str = "municipality"

    def fields(self, position: int) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "kind": self.kind,
            "name": self.name,
            "municipality_number": self.number,
            "summary": self.summary,
            "summary_nn": self.summary_nn,
            "summary_en": self.summary_en,
            "profile": self.profile,
            "profile_nn": self.profile_nn,
            "profile_en": self.profile_en,
            "position": position,
        }


@dataclass(frozen=True)
class Texts:
    """One text in bokmål, nynorsk and English."""

    nb: str
    nn: str
    en: str

    def as_fields(self, name: str) -> dict[str, str]:
        return {name: self.nb, f"{name}_nn": self.nn, f"{name}_en": self.en}


@dataclass(frozen=True)
class ArchiveEntry:
    year: int
    winner: str
    number: str  # today's municipality number
    slug: str
    year_label: str = ""
    notes: tuple[Texts, ...] = field(default_factory=tuple)
