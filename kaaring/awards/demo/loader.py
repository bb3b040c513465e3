"""Load the demo: IMDi's prize with its archive and the 2018 edition, editions in every phase,
Stange kommune's local prize and two invented public-vote prizes (a vote open in each voting
mode: open, e-mail, e-ID), and demo staff accounts.

Idempotent: every row is found by its natural key (slug, year, e-mail) and created only when
missing; awards, editions and nominees are written through the services, so the audit log
records them as done by "load_demo". Editions dated relative to now keep the dates they got on
the first run: their rules are frozen once voting has opened, and a re-run only brings their
texts up to date.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from kaaring.accounts.models import Organisation
from kaaring.audit.services import acting_as
from kaaring.awards import services
from kaaring.awards.demo import imdi, public_votes, stange
from kaaring.awards.demo.accounts import DemoAccount, accounts_load
from kaaring.awards.demo.images import nominee_images_load
from kaaring.awards.demo.nominees_2018 import NOMINEES_2018
from kaaring.awards.demo.parts import demo_parts_load
from kaaring.awards.demo.types import ArchiveEntry, NomineeContent, Texts
from kaaring.awards.models import (
    Award,
    Criterion,
    DecisionRule,
    Edition,
    Nominee,
    TieBreak,
    VotingMode,
)

OSLO = ZoneInfo("Europe/Oslo")
ACTOR_LABEL = "load_demo"

# Fields a re-run may bring up to date: texts and display choices, never dates or rules.
_EDITION_CONTENT_FIELDS = frozenset(
    {
        "year_label",
        "intro",
        "intro_nn",
        "intro_en",
        "ceremony_note",
        "ceremony_note_nn",
        "ceremony_note_en",
        "show_vote_counts",
    }
)


@dataclass
class DemoResult:
    editions: list[Edition]
    accounts: list[DemoAccount]


def oslo(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def _notes(*texts: Texts) -> dict[str, str]:
    return {
        "intro": "\n\n".join(t.nb for t in texts),
        "intro_nn": "\n\n".join(t.nn for t in texts),
        "intro_en": "\n\n".join(t.en for t in texts),
    }


# Told after each step of the load: what was just loaded (for a progress bar or a log line).
Progress = Callable[[str], None]


def demo_step_count(*, with_accounts: bool = True) -> int:
    """How many times ``demo_load`` calls its ``progress``."""
    # organisations, each archive edition, 2018, this year's IMDi editions, Stange, the public
    # votes, (accounts), the parts of the packages built on awards (nominations, ballot log)
    return 1 + len(imdi.ARCHIVE) + 1 + 1 + 1 + 1 + (1 if with_accounts else 0) + 1


def demo_load(
    *, now: dt.datetime, with_accounts: bool = True, progress: Progress | None = None
) -> DemoResult:
    done = progress or (lambda _label: None)
    with transaction.atomic(), acting_as(ACTOR_LABEL):
        imdi_org = _organisation(imdi.ORGANISATION)
        stange_org = _organisation(stange.ORGANISATION)
        done("organisations")
        editions = [*_load_imdi(imdi_org, now, done)]
        editions.extend(_load_stange(stange_org, now))
        done(f"{stange.ORGANISATION['name']}: {stange.AWARD_NAME.nb}")
        editions.extend(_load_public_votes(stange_org, now))
        done(f"{public_votes.EMAIL_AWARD_NAME.nb}, {public_votes.EID_AWARD_NAME.nb}")
        accounts = []
        if with_accounts:
            accounts = accounts_load(imdi=imdi_org, stange=stange_org)
            done("demo logins")
        demo_parts_load(now=now)
        done("nominations, ballot log")
        _nominee_images(imdi_org, stange_org)
    return DemoResult(editions=editions, accounts=accounts)


# --- Building blocks ------------------------------------------------------------------------


def _nominee_images(*organisations: Organisation) -> None:
    nominees = Nominee.objects.filter(edition__award__organisation__in=organisations)
    nominee_images_load(nominees=list(nominees.select_related("edition__award__organisation")))


def _organisation(values: dict[str, str]) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        slug=values["slug"], defaults={k: v for k, v in values.items() if k != "slug"}
    )
    return organisation


def _award(
    organisation: Organisation,
    slug: str,
    name: Texts,
    description: Texts,
    criteria: list[tuple[Texts, Texts]],
) -> Award:
    fields = {**name.as_fields("name"), **description.as_fields("description")}
    award = Award.objects.filter(slug=slug).first()
    if award is None:
        award = services.award_create(actor=None, organisation=organisation, slug=slug, **fields)
    else:
        services.award_update(actor=None, award=award, **fields)
    for position, (title, text) in enumerate(criteria, start=1):
        criterion_fields = {**title.as_fields("title"), **text.as_fields("description")}
        criterion = Criterion.objects.filter(award=award, position=position).first()
        if criterion is None:
            services.criterion_create(
                actor=None, award=award, position=position, **criterion_fields
            )
        else:
            services.criterion_update(actor=None, criterion=criterion, **criterion_fields)
    return award


def _edition(award: Award, year: int, **fields: Any) -> Edition:
    edition = Edition.objects.filter(award=award, year=year).first()
    if edition is None:
        return services.edition_create(actor=None, award=award, year=year, **fields)
    content = {k: v for k, v in fields.items() if k in _EDITION_CONTENT_FIELDS}
    return services.edition_update(actor=None, edition=edition, **content)


def _nominees(edition: Edition, contents: list[NomineeContent]) -> dict[str, Nominee]:
    existing = {n.slug: n for n in Nominee.objects.filter(edition=edition)}
    result = {}
    for position, content in enumerate(contents, start=1):
        fields = content.fields(position)
        nominee = existing.get(content.slug)
        if nominee is None:
            nominee = services.nominee_create(actor=None, edition=edition, **fields)
            # A historical nominee page was last written when it went up, not today.
            written = edition.voting_opens_at or edition.announced_at
            if written is not None and written < nominee.content_updated_at:
                Nominee.objects.filter(pk=nominee.pk).update(content_updated_at=written)
                nominee.content_updated_at = written
        else:
            fields.pop("slug")
            nominee = services.nominee_update(actor=None, nominee=nominee, **fields)
        result[content.slug] = nominee
    return result


def _winner(edition: Edition, nominee: Nominee, rationale: Texts | None = None) -> None:
    texts = rationale.as_fields("rationale") if rationale else {}
    services.edition_set_winner(actor=None, edition=edition, winner=nominee, **texts)


# --- IMDi -----------------------------------------------------------------------------------


def _load_imdi(organisation: Organisation, now: dt.datetime, done: Progress) -> list[Edition]:
    award = _award(
        organisation, imdi.AWARD_SLUG, imdi.AWARD_NAME, imdi.AWARD_DESCRIPTION, imdi.CRITERIA
    )
    editions = []
    for entry in imdi.ARCHIVE:
        editions.append(_load_archive_entry(award, entry))
        done(f"{imdi.AWARD_NAME.nb} {entry.year_label or entry.year}")
    editions.append(_load_2018(award))
    done(f"{imdi.AWARD_NAME.nb} 2018")
    editions.extend(_load_imdi_current(award, now))
    done(f"{imdi.AWARD_NAME.nb}: {now.year - 2}-{now.year}")
    return editions


def _load_archive_entry(award: Award, entry: ArchiveEntry) -> Edition:
    edition = _edition(
        award,
        entry.year,
        year_label=entry.year_label,
        **_notes(*entry.notes, imdi.ARCHIVE_NOTE),
        announced_at=oslo(entry.year, 1, 1, 12),
        results_published_at=oslo(int((entry.year_label or str(entry.year))[-4:]), 12, 31, 12),
        voting_mode=VotingMode.NONE,
        decision_rule=DecisionRule.JURY_ONLY,
        finalist_count=1,
    )
    summary = imdi.ARCHIVE_WINNER_SUMMARY
    label = entry.year_label or str(entry.year)
    winner = NomineeContent(
        slug=entry.slug,
        name=entry.winner,
        number=entry.number,
        summary=summary.nb.format(year=label),
        summary_nn=summary.nn.format(year=label),
        summary_en=summary.en.format(year=label),
    )
    nominees = _nominees(edition, [winner])
    _winner(edition, nominees[entry.slug])
    return edition


def _load_2018(award: Award) -> Edition:
    edition = _edition(
        award,
        2018,
        **_notes(imdi.EDITION_2018_INTRO, imdi.DEMO_TEXT_NOTE),
        **imdi.EDITION_2018_CEREMONY.as_fields("ceremony_note"),
        announced_at=oslo(2019, 1, 14, 10),
        voting_opens_at=oslo(2019, 1, 14, 10),
        voting_closes_at=oslo(2019, 2, 8, 12),
        results_published_at=oslo(2019, 2, 13, 12),
        voting_mode=VotingMode.OPEN,
        finalist_count=3,
        tie_break=TieBreak.ALL_TIED_ADVANCE,
        decision_rule=DecisionRule.TOP_N_THEN_JURY,
        show_vote_counts=False,
    )
    nominees = _nominees(edition, NOMINEES_2018)
    _winner(edition, nominees["baerum"], imdi.EDITION_2018_RATIONALE)
    return edition


def _load_imdi_current(award: Award, now: dt.datetime) -> list[Edition]:
    base = now.astimezone(OSLO).replace(minute=0, second=0, microsecond=0)
    day = dt.timedelta(days=1)
    note = _notes(imdi.DEMO_EDITION_NOTE)

    voting_open = _edition(
        award,
        base.year,
        **note,
        announced_at=base - 14 * day,
        voting_opens_at=base - 3 * day,
        voting_closes_at=base + 21 * day,
        results_published_at=base + 28 * day,
        voting_mode=VotingMode.OPEN,
        finalist_count=3,
        tie_break=TieBreak.ALL_TIED_ADVANCE,
        decision_rule=DecisionRule.TOP_N_THEN_JURY,
    )
    _nominees(voting_open, imdi.NOMINEES_OPEN)

    jury_at_work = _edition(
        award,
        base.year - 1,
        **note,
        announced_at=base - 60 * day,
        voting_opens_at=base - 40 * day,
        voting_closes_at=base - 4 * day,
        results_published_at=base + 10 * day,
        voting_mode=VotingMode.OPEN,
        finalist_count=3,
        tie_break=TieBreak.JURY_DECIDES,
        decision_rule=DecisionRule.WEIGHTED,
        public_weight_percent=40,
    )
    _nominees(jury_at_work, imdi.NOMINEES_CLOSED)

    published = _edition(
        award,
        base.year - 2,
        **note,
        announced_at=base - 120 * day,
        voting_opens_at=base - 100 * day,
        voting_closes_at=base - 70 * day,
        results_published_at=base - 30 * day,
        voting_mode=VotingMode.OPEN,
        finalist_count=3,
        tie_break=TieBreak.ALL_TIED_ADVANCE,
        decision_rule=DecisionRule.TOP_N_THEN_JURY,
    )
    nominees = _nominees(published, imdi.NOMINEES_PUBLISHED)
    _winner(published, nominees[imdi.PUBLISHED_WINNER], imdi.PUBLISHED_RATIONALE)
    return [voting_open, jury_at_work, published]


# --- Stange kommune -------------------------------------------------------------------------


def _load_stange(organisation: Organisation, now: dt.datetime) -> list[Edition]:
    award = _award(
        organisation,
        stange.AWARD_SLUG,
        stange.AWARD_NAME,
        stange.AWARD_DESCRIPTION,
        stange.CRITERIA,
    )
    base = now.astimezone(OSLO).replace(minute=0, second=0, microsecond=0)
    day = dt.timedelta(days=1)
    rules = {
        "voting_mode": VotingMode.NONE,
        "decision_rule": DecisionRule.JURY_ONLY,
        "finalist_count": 3,
        **_notes(stange.FICTION_NOTE),
    }
    past = _edition(
        award,
        base.year - 1,
        announced_at=base - 420 * day,
        nominations_open_at=base - 420 * day,
        nominations_close_at=base - 380 * day,
        results_published_at=base - 330 * day,
        **rules,
    )
    past_nominees = _nominees(past, stange.NOMINEES_PAST)
    _winner(past, past_nominees[stange.PAST_WINNER], stange.PAST_RATIONALE)

    # Nominations have closed and the integration council is deciding.
    current = _edition(
        award,
        base.year,
        announced_at=base - 60 * day,
        nominations_open_at=base - 60 * day,
        nominations_close_at=base - 14 * day,
        results_published_at=base + 21 * day,
        **rules,
    )
    _nominees(current, stange.NOMINEES_CURRENT)
    return [past, current]


def _load_public_votes(organisation: Organisation, now: dt.datetime) -> list[Edition]:
    """A vote open now by e-mail and one by electronic ID, beside IMDi's open vote."""
    base = now.astimezone(OSLO).replace(minute=0, second=0, microsecond=0)
    day = dt.timedelta(days=1)
    editions = []
    prizes = [
        (public_votes.EMAIL_AWARD_SLUG, public_votes.EMAIL_AWARD_NAME,
         public_votes.EMAIL_AWARD_DESCRIPTION, public_votes.EMAIL_CRITERIA,
         public_votes.EMAIL_NOMINEES, VotingMode.EMAIL),
        (public_votes.EID_AWARD_SLUG, public_votes.EID_AWARD_NAME,
         public_votes.EID_AWARD_DESCRIPTION, public_votes.EID_CRITERIA,
         public_votes.EID_NOMINEES, VotingMode.EID),
    ]  # fmt: skip
    for slug, name, description, criteria, nominees, mode in prizes:
        award = _award(organisation, slug, name, description, criteria)
        edition = _edition(
            award,
            base.year,
            **_notes(public_votes.FICTION_NOTE),
            announced_at=base - 10 * day,
            voting_opens_at=base - 2 * day,
            voting_closes_at=base + 19 * day,
            results_published_at=base + 21 * day,
            voting_mode=mode,
            finalist_count=1,
            tie_break=TieBreak.ALL_TIED_ADVANCE,
            decision_rule=DecisionRule.PUBLIC_ONLY,
            show_vote_counts=True,
        )
        _nominees(edition, nominees)
        editions.append(edition)
    return editions
