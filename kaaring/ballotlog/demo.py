"""The ballot log in the demo: the published 2018 edition gets ballots, checkpoints during its
vote and the final one at its close; the edition open for voting gets a first few ballots and
a live checkpoint (the scheduler signs the next ones as people vote).

The 2018 counts are made up for the demo (IMDi published none); they put Bærum, the jury's
winner, among the three finalists, as the rules require. Idempotent: an edition that already
has ballots is left as it is, apart from a checkpoint if new ballots came.
"""

import datetime as dt
import random

from django.db.models import Q

from kaaring.awards.models import Edition, Nominee, VotingMode
from kaaring.ballotlog import services
from kaaring.voting.models import Ballot
from kaaring.voting.services import ballot_cast, receipt_new

AWARD_SLUG = "bosettingsprisen"
# Made-up ballots per nominee of the 2018 edition.
VOTES_2018 = {
    "baerum": 412,
    "lorenskog": 365,
    "steinkjer": 298,
    "stange": 240,
    "asker": 201,
    "tromso": 187,
    "bodo": 153,
}
# Checkpoints during the 2018 vote, after this many ballots (then the final one).
CHECKPOINTS_2018 = (300, 900, 1500)
OPEN_EDITION_BALLOTS = 40


def ballot_log_demo_load(*, now: dt.datetime) -> None:
    edition_2018 = Edition.objects.filter(award__slug=AWARD_SLUG, year=2018).first()
    if edition_2018 is not None:
        _load_2018(edition_2018)
    open_edition = (
        Edition.objects.filter(award__slug=AWARD_SLUG, voting_opens_at__lte=now)
        .filter(Q(voting_closes_at__gt=now))
        .exclude(voting_mode=VotingMode.NONE)
        .first()
    )
    if open_edition is not None:
        _load_open(open_edition)


def _load_2018(edition: Edition) -> None:
    if not Ballot.objects.filter(edition=edition).exists():
        nominees = {n.slug: n for n in Nominee.objects.filter(edition=edition)}
        choices = [slug for slug, n in VOTES_2018.items() if slug in nominees for _ in range(n)]
        random.Random(2018).shuffle(choices)  # noqa: S311 - an order for demo data, no secret
        opens, closes = edition.voting_opens_at, edition.voting_closes_at
        if opens is None or closes is None:
            return
        step = (closes - opens) / (len(choices) + 1)
        ballots = [
            Ballot(
                edition=edition,
                nominee=nominees[slug],
                mode="open",
                voter_key=f"{i:064x}",
                receipt=receipt_new(),
                submission_key=f"demo-2018-{i}",
                cast_at=opens + step * (i + 1),
            )
            for i, slug in enumerate(choices)
        ]
        # The vote closed long ago, so the voting service (which checks the window by the
        # database's clock) would refuse these: the demo writes its past ballots directly, in
        # the batches its checkpoints cover, so the log shows how the vote grew.
        start = 0
        for end in (*CHECKPOINTS_2018, len(ballots)):
            Ballot.objects.bulk_create(ballots[start:end])
            start = end
            if end < len(ballots):
                services.checkpoint_make(edition_id=edition.pk, final=False)
    services.checkpoint_make(edition_id=edition.pk)  # the final one (idempotent)
    from kaaring.results.services import tally_freeze  # the demo stands above both apps

    tally_freeze(edition_id=edition.pk)


def _load_open(edition: Edition) -> None:
    if Ballot.objects.filter(edition=edition).exists():
        return
    nominees = list(Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True))
    for i in range(OPEN_EDITION_BALLOTS if nominees else 0):
        key = f"demo-open-{i}"
        ballot_cast(
            edition=edition,
            nominee_id=nominees[(i * 7) % len(nominees)].pk,
            mode=edition.voting_mode,
            voter_key=key,
            submission_key=key,
        )
    services.checkpoint_make(edition_id=edition.pk)
