"""Demo nominations: an open call for Stange's local prize with nominations in several states,
and a closed self-nomination round for IMDi's current edition.

Called from ``kaaring.awards.demo.loader.demo_load`` (inside its transaction and its
``acting_as("load_demo")``). Idempotent: an edition that already has a call is left as it is.
The mails the services ask for are tasks in the database, sent only by a worker, and every
address is under the reserved ``.example`` domain, so a demo never reaches a real inbox.
Stange's nominations are sent through the services, as the public would; the IMDi round has
closed, so its nominations are recorded as history (the services refuse late submissions).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from kaaring.accounts.models import User
from kaaring.awards import services as award_services
from kaaring.awards.models import Award, DecisionRule, Edition, VotingMode
from kaaring.nominations import screening, services
from kaaring.nominations.models import Call, Nomination, NomineeKind, Status

OSLO = ZoneInfo("Europe/Oslo")
STANGE_AWARD = "stange-integreringspris"
IMDI_AWARD = "bosettingsprisen"

STANGE_NOMINATIONS = [
    # (nominee, kind, organisation number, nominator, e-mail, status)
    ("Frivilligsentralen i Stange", NomineeKind.ORGANISATION, "974760673", "Anne Berg",
     "anne.berg@innbygger.example", Status.RECEIVED),
    ("Frivilligsentralen i Stange", NomineeKind.ORGANISATION, "974760673", "Per Dahl",
     "per.dahl@innbygger.example", Status.RECEIVED),
    ("Amina Yusuf", NomineeKind.PERSON, "", "Kari Lund", "kari.lund@innbygger.example",
     Status.UNDER_REVIEW),
    ("Stange Bakeri AS", NomineeKind.COMPANY, "", "Ola Moen", "ola.moen@innbygger.example",
     Status.DECLINED),
    ("Språkkafeen på biblioteket", NomineeKind.ORGANISATION, "", "Eva Strand",
     "eva.strand@innbygger.example", Status.DRAFT),
]  # fmt: skip

IMDI_NOMINATIONS = [("3413", "Stange"), ("1804", "Bodø"), ("5501", "Tromsø")]


def nominations_demo_load(*, now: dt.datetime, site_url: str = "http://127.0.0.1:8000") -> None:
    base = now.astimezone(OSLO).replace(minute=0, second=0, microsecond=0)
    organiser = User.objects.filter(email="arrangor@stange.example").first()
    stange = Award.objects.filter(slug=STANGE_AWARD).first()
    if stange is not None:
        _stange_open_call(stange, base, organiser, site_url)
    imdi = Award.objects.filter(slug=IMDI_AWARD).first()
    if imdi is not None:
        _imdi_closed_round(imdi, base)


def _stange_open_call(award: Award, base: dt.datetime, organiser: User | None, site: str) -> None:
    day = dt.timedelta(days=1)
    edition = Edition.objects.filter(award=award, year=base.year + 1).first()
    if edition is None:
        edition = award_services.edition_create(
            actor=None,
            award=award,
            year=base.year + 1,
            announced_at=base - 10 * day,
            nominations_open_at=base - 7 * day,
            nominations_close_at=base + 21 * day,
            voting_mode=VotingMode.NONE,
            decision_rule=DecisionRule.JURY_ONLY,
        )
    if Call.objects.filter(edition=edition).exists():
        return
    call = services.call_create(
        actor=None, edition=edition, who=Call.Who.ANYONE, max_attachments=2,
        max_attachment_mb=10, retention_days=90,
    )  # fmt: skip
    answers = {str(q.pk): f"{q.text}: et eksempel på et svar." for q in call.questions.all()}
    made: list[Nomination] = []
    for name, kind, number, nominator, email, status in STANGE_NOMINATIONS:
        data = services.NominationData(
            nominator_name=nominator, nominator_role="innbygger", nominator_email=email,
            nominee_kind=kind, nominee_name=name, organisation_number=number,
            consent=kind == NomineeKind.PERSON, answers=answers,
        )  # fmt: skip
        result = services.nomination_save(
            call=call, nomination=None, data=data, uploads=[],
            submit=status != Status.DRAFT, language="nb", site_url=site,
        )  # fmt: skip
        nomination = result.nomination
        if status != Status.DRAFT:
            nomination = services.nomination_link_open(
                token=services.link_token(nomination.links.latest("id"))
            )
        made.append(nomination)
        if organiser is None:
            continue
        if status == Status.UNDER_REVIEW:
            screening.nomination_review_start(actor=organiser, nomination=nomination)
        elif status == Status.DECLINED:
            screening.nomination_decline(
                actor=organiser, nomination=nomination,
                reason="Bedriften er nominert av seg selv; rådet tar bare imot andres forslag.",
                notify=False,
            )  # fmt: skip


def _imdi_closed_round(award: Award, base: dt.datetime) -> None:
    """The current edition's self-nomination round, which closed before voting opened."""
    edition = (
        Edition.objects.filter(award=award, voting_opens_at__isnull=False).order_by("-year").first()
    )
    if edition is None or Call.objects.filter(edition=edition).exists():
        return
    if edition.nominations_open_at is None and edition.announced_at and edition.voting_opens_at:
        award_services.edition_update(
            actor=None,
            edition=edition,
            nominations_open_at=edition.announced_at,
            nominations_close_at=edition.voting_opens_at - dt.timedelta(days=1),
        )
    call = services.call_create(actor=None, edition=edition, who=Call.Who.SELF)
    close = edition.nominations_close_at or timezone.now()
    for offset, (number, name) in enumerate(IMDI_NOMINATIONS, start=1):
        Nomination.objects.create(
            call=call,
            status=Status.RECEIVED,
            nominator_name=f"Rådgiver i {name}",
            nominator_role="rådgiver for bosetting",
            nominator_email=f"bosetting@{name.lower().replace('ø', 'o')}.kommune.example",
            email_confirmed_at=close - dt.timedelta(days=offset),
            nominee_kind=NomineeKind.MUNICIPALITY,
            nominee_name=name,
            municipality_number=number,
            answers={str(q.pk): f"{name} om {q.text.lower()}." for q in call.questions.all()},
            submitted_at=close - dt.timedelta(days=offset),
            language="nb",
        )
