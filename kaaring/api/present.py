"""Domain objects to the API's shapes (``schemas``); no query runs here."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from kaaring.accounts.models import Organisation
from kaaring.awards.localized import Localized
from kaaring.awards.models import Award, Criterion, Edition, Nominee
from kaaring.municipal_stats.models import Municipality, MunicipalityCode
from kaaring.municipal_stats.selectors import Point, Series
from kaaring.results.publication import PublishedResults

LANGUAGES = ("nb", "nn", "en")


def oslo(moment: dt.datetime | None) -> dt.datetime | None:
    """The instant with the offset Oslo had then (``+01:00`` or ``+02:00``)."""
    return timezone.localtime(moment) if moment is not None else None


def texts(obj: Localized, field: str) -> dict[str, Any]:
    out = {}
    for language in LANGUAGES:
        text = obj.localized(field, language)
        out[language] = {"text": text.text, "lang": text.lang}
    return out


def organisation(org: Organisation) -> dict[str, Any]:
    return {"slug": org.slug, "name": org.name, "kind": org.kind, "website": org.website}


def criterion(c: Criterion) -> dict[str, Any]:
    return {
        "position": c.position,
        "title": texts(c, "title"),
        "description": texts(c, "description"),
    }


def award(a: Award, criteria: list[Criterion]) -> dict[str, Any]:
    return {
        "slug": a.slug,
        "organisation": a.organisation.slug,
        "name": texts(a, "name"),
        "description": texts(a, "description"),
        "criteria": [criterion(c) for c in criteria],
    }


def edition(e: Edition, *, at: dt.datetime) -> dict[str, Any]:
    return {
        "award": e.award.slug,
        "year": e.year,
        "year_label": e.display_year,
        "phase": e.phase_at(at).value,
        "intro": texts(e, "intro"),
        "ceremony_note": texts(e, "ceremony_note"),
        "dates": {
            name: oslo(getattr(e, name))
            for name in (
                "announced_at",
                "nominations_open_at",
                "nominations_close_at",
                "voting_opens_at",
                "voting_closes_at",
                "results_published_at",
            )
        },
        "rules": {
            "voting_mode": e.voting_mode,
            "decision_rule": e.decision_rule,
            "finalist_count": e.finalist_count,
            "tie_break": e.tie_break,
            "public_weight_percent": e.public_weight_percent,
            "show_vote_counts": e.show_vote_counts,
            "frozen": e.rules_frozen_at(at),
        },
    }


def nominee(n: Nominee, request: HttpRequest) -> dict[str, Any]:
    image = None
    if n.image:
        image = {"url": request.build_absolute_uri(n.image.url), "alt": texts(n, "image_alt")}
    return {
        "slug": n.slug,
        "kind": n.kind,
        "name": n.name,
        "municipality_number": n.municipality_number,
        "summary": texts(n, "summary"),
        "profile": texts(n, "profile"),
        "image": image,
        "position": n.position,
        "content_updated_at": oslo(n.content_updated_at),
        "withdrawn_at": oslo(n.withdrawn_at),
    }


def nominee_ref(n: Nominee) -> dict[str, str]:
    return {"slug": n.slug, "name": n.name}


def results(published: PublishedResults) -> dict[str, Any]:
    e = published.edition
    return {
        "award": e.award.slug,
        "year": e.year,
        "decision_rule": published.rule,
        "results_published_at": oslo(e.results_published_at),
        "winner": nominee_ref(published.winner),
        "rationale": texts(e, "rationale"),
        "finalists": [nominee_ref(r.nominee) for r in published.rows if r.is_finalist],
        "show_vote_counts": published.show_vote_counts,
        "total_votes": published.total_votes,
        "rows": [
            {
                "nominee": nominee_ref(r.nominee),
                "is_winner": r.is_winner,
                "is_finalist": r.is_finalist,
                "votes": r.votes,
                "share_percent": None if r.share is None else round(float(r.share) * 100, 1),
            }
            for r in published.rows
        ],
    }


def archive_entry(e: Edition) -> dict[str, Any]:
    return {
        "year": e.year,
        "year_label": e.display_year,
        "results_published_at": oslo(e.results_published_at),
        "winner": nominee_ref(e.winner) if e.winner else None,
        "rationale": texts(e, "rationale"),
    }


def municipality_summary(m: Municipality) -> dict[str, Any]:
    return {
        "number": m.number,
        "name": m.name,
        "county_number": m.county_number,
        "county_name": m.county_name,
    }


def _point(p: Point) -> dict[str, Any]:
    return {
        "period": p.period,
        "value": float(p.value) if p.value is not None else None,
        "status": p.status,
        "region_code": p.region_code,
        "region_name": p.region_name,
        "publisher": p.snapshot.publisher,
        "source": p.snapshot.source_name,
        "snapshot_date": p.snapshot.snapshot_date,
    }


def municipality(
    m: Municipality, *, requested: str, codes: list[MunicipalityCode], series: list[Series]
) -> dict[str, Any]:
    return {
        **municipality_summary(m),
        "requested_number": requested,
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "codes": [
            {
                "code": c.code,
                "name": c.name,
                "relation": c.relation,
                "is_continuation": c.is_continuation,
                "valid_from": c.valid_from,
                "valid_to": c.valid_to,
            }
            for c in codes
        ],
        "indicators": [
            {
                "code": s.indicator.code,
                "name": {language: s.indicator.name_in(language) for language in LANGUAGES},
                "unit": s.indicator.unit,
                "decimals": s.indicator.decimals,
                "dimensions": {str(k): str(v) for k, v in s.dimensions.items()},
                "points": [_point(p) for p in s.points],
                "predecessor_points": [_point(p) for p in s.predecessor_points],
            }
            for s in series
        ],
    }
