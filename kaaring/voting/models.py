"""Ballots of the public vote.

A ballot row is written once and never changed or deleted (a database trigger refuses both);
later decisions about it, such as an invalidation, are records of their own. One rule in the
database — a unique constraint on (edition, voter_key) — makes a second ballot from the same
voter impossible, whatever the application does. The voter key is a keyed hash of the voter's
identity (browser, e-mail address or e-ID), made with a secret per edition that is kept outside
this table, so the ballot table alone cannot be linked to anyone.
"""

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class BallotMode(models.TextChoices):
    OPEN = "open", _("open vote")
    EMAIL = "email", _("e-mail")
    EID = "eid", _("electronic ID")


class EditionSecret(models.Model):
    """The key of an edition's voter hashes; deleting it after the edition unlinks everything."""

    edition = models.OneToOneField(
        "awards.Edition", on_delete=models.PROTECT, related_name="voter_secret"
    )
    secret = models.BinaryField(max_length=32)
    created_at = models.DateTimeField(db_default=Now())

    def __str__(self) -> str:
        return f"secret for edition {self.edition_id}"


class Ballot(models.Model):
    edition = models.ForeignKey("awards.Edition", on_delete=models.PROTECT, related_name="ballots")
    nominee = models.ForeignKey("awards.Nominee", on_delete=models.PROTECT, related_name="ballots")
    mode = models.CharField(max_length=10, choices=BallotMode.choices)
    # HMAC-SHA256(edition secret, identity), hex.
    voter_key = models.CharField(max_length=64)
    # Shown to the voter; random, says nothing about them.
    receipt = models.CharField(max_length=20, unique=True)
    # The form's one-time token: a retried POST with the same token gets the same receipt.
    submission_key = models.CharField(max_length=64)
    cast_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "voter_key"], name="voting_one_ballot_per_voter"
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=["open", "email", "eid"]),
                name="voting_ballot_mode_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(voter_key="") & ~models.Q(receipt=""),
                name="voting_ballot_has_keys",
            ),
        ]
        indexes = [
            # Counting: the tally reads (edition, nominee, mode) from the index alone, one
            # range per nominee and mode (kaaring.results.services). With one key per nominee
            # and mode, B-tree deduplication keeps it about as small as an index on (edition,
            # nominee) alone, and it serves lookups by those two as well.
            models.Index(fields=["edition", "nominee", "mode"], name="voting_ballot_tally_mode"),
        ]

    def __str__(self) -> str:
        return f"ballot {self.receipt}"


class BallotSignals(models.Model):
    """What the organisers' review sees about how a ballot was cast, never who cast it.

    A table of its own because ballots are append-only and these are not: they are deleted
    ``VOTE_SIGNALS_RETENTION_DAYS`` after voting closes (``voting_purge_signals``), while the
    ballot stays. See docs/decisions/0006-ballot-signals.md.
    """

    ballot = models.OneToOneField(
        Ballot, on_delete=models.CASCADE, primary_key=True, related_name="signals"
    )
    # NULL means "not observed" (DJ001 is silenced on purpose): the review filters on
    # ``isnull``, and an empty string would be a value nobody sent.
    # Keyed hash (edition secret) of the /24 or /48 subnet.
    subnet_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    # The solve time the proof-of-work widget reports (mode open).
    proof_of_work_ms = models.PositiveIntegerField(null=True, blank=True)
    # "firefox", "chrome", "curl" … from the User-Agent header; the raw header is never kept.
    user_agent_family = models.CharField(max_length=20, null=True, blank=True)  # noqa: DJ001
    # The registrable domain of the confirmed address (mode e-mail), e.g. "gmail.com".
    email_domain = models.CharField(max_length=253, null=True, blank=True)  # noqa: DJ001
    # From loading the vote form to posting it, by a timestamp the server signed into the form.
    seconds_to_vote = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "ballot signals"

    def __str__(self) -> str:
        return f"signals of ballot {self.ballot_id}"


class HoneypotHit(models.Model):
    """A vote form that came back with the hidden field filled in: no ballot, only this."""

    edition = models.ForeignKey(
        "awards.Edition", on_delete=models.PROTECT, related_name="honeypot_hits"
    )
    subnet_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    user_agent_family = models.CharField(max_length=20, null=True, blank=True)  # noqa: DJ001
    at = models.DateTimeField(db_default=Now())

    class Meta:
        indexes = [models.Index(fields=["edition", "at"], name="voting_honeypot_edition_at")]

    def __str__(self) -> str:
        return f"honeypot hit {self.pk}"


class EmailConfirmation(models.Model):
    """An e-mail vote waiting for its link to be opened (see ``kaaring/voting/modes/mail.py``).

    The raw address lives here only until the mail is confirmed or the link expires; the link's
    token is stored as a hash. Used and expired rows keep no personal data: only enough to tell
    the voter that the link was already used or has expired.
    """

    edition = models.ForeignKey(
        "awards.Edition", on_delete=models.PROTECT, related_name="email_confirmations"
    )
    nominee = models.ForeignKey(
        "awards.Nominee", on_delete=models.PROTECT, related_name="email_confirmations"
    )
    # HMAC of the normalised address, as on the ballot it will become.
    voter_key = models.CharField(max_length=64)
    # The address exactly as typed, to send the mail to; emptied once used or expired.
    address = models.EmailField(max_length=254, blank=True)
    # SHA-256 of the link's token, hex; the token itself is derived, never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    token_nonce = models.CharField(max_length=32)
    submission_key = models.CharField(max_length=64)
    # Where the link points (scheme and host of the request) and the voter's language.
    site_url = models.CharField(max_length=200)
    language = models.CharField(max_length=8)
    created_at = models.DateTimeField(db_default=Now())
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    # Whether opening the link counted a ballot (a retried POST then gets the same receipt).
    counted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(address=""),
                name="voting_emailconfirmation_used_has_no_address",
            ),
            models.CheckConstraint(
                condition=models.Q(counted=False) | models.Q(used_at__isnull=False),
                name="voting_emailconfirmation_counted_is_used",
            ),
        ]
        indexes = [
            # The purge looks for expired rows that still hold an address.
            models.Index(fields=["expires_at"], name="voting_emailconf_expires"),
        ]

    def __str__(self) -> str:
        return f"e-mail confirmation {self.pk}"


class ProofOfWorkClaim(models.Model):
    """A solved proof-of-work challenge that has been used for a ballot: each one counts once.

    Inserted by the same statement as the ballot it was used for (``services.ballot_cast``),
    so a solution replayed by another browser makes that statement fail as a whole, and no
    separate round trip or cache write is needed. ``key`` is a hash of the challenge's replay
    id; rows are worthless once the challenge has expired and ``voting_purge_signals`` deletes
    them then.
    """

    key = models.CharField(max_length=64, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"proof-of-work claim {self.key[:12]}…"
