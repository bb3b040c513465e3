"""The public ballot log of an edition: its leaves in log order, the tree's stored nodes, the
signed checkpoints, and the signed list of invalidations.

Ballots enter the log in the checkpoint task (``services.checkpoint_make``), never in the
vote's own transaction: ``LogEntry`` gives each ballot its place (``index``) once, and the
unique constraints on (edition, index) and on the ballot make a second place impossible,
whatever runs at once. ``LogNode`` keeps the hash of every perfect subtree above the leaves,
so a checkpoint reads and writes only what the new ballots add (``merkle`` explains why).
Nothing here is ever changed once written except ``EditionLog.size``, which moves forward
with the entries in the same transaction.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now


class SigningKey(models.Model):
    """An organisation's Ed25519 key for its ballot logs. The public half is published; the
    private half is stored only encrypted (PKCS#8 with a passphrase from the settings,
    ``keys.py``) and never leaves the server."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="ballot_log_key"
    )
    public_key = models.BinaryField(max_length=32)
    private_key = models.BinaryField()
    created_at = models.DateTimeField(db_default=Now())

    def __str__(self) -> str:
        return f"ballot log key of organisation {self.organisation_id}"


class EditionLog(models.Model):
    """One row per edition with a log: its size, and the row a checkpoint locks (the edition's
    own row is left alone: locking it would make ballot inserts wait for the checkpoint)."""

    edition = models.OneToOneField(
        "awards.Edition", on_delete=models.PROTECT, related_name="ballot_log"
    )
    size = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"ballot log of edition {self.edition_id} ({self.size} leaves)"


class LogEntry(models.Model):
    edition = models.ForeignKey("awards.Edition", on_delete=models.PROTECT, related_name="+")
    index = models.PositiveBigIntegerField()
    ballot = models.OneToOneField(
        "voting.Ballot", on_delete=models.PROTECT, related_name="log_entry"
    )
    # The canonical leaf bytes (``leaves.py``) and SHA-256(0x00 ‖ leaf).
    leaf = models.BinaryField(max_length=64)
    leaf_hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "index"], name="ballotlog_entry_place"),
        ]
        verbose_name_plural = "log entries"

    def __str__(self) -> str:
        return f"leaf {self.index} of edition {self.edition_id}"


class LogNode(models.Model):
    """The hash of leaves ``index * 2**level`` up to ``(index + 1) * 2**level - 1``."""

    edition = models.ForeignKey("awards.Edition", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "level", "index"], name="ballotlog_node_place"
            ),
            models.CheckConstraint(condition=Q(level__gte=1), name="ballotlog_node_above_leaves"),
        ]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index} of edition {self.edition_id}"


class Checkpoint(models.Model):
    """A signed tree head: size, root and time, with the consistency proof from the one
    before. ``max_ballot_id`` is the highest ballot id in the log at this checkpoint; later
    checkpoints use it to look for new ballots only above it (``services``)."""

    edition = models.ForeignKey(
        "awards.Edition", on_delete=models.PROTECT, related_name="ballot_checkpoints"
    )
    sequence = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField()
    root = models.BinaryField(max_length=32)
    # The database's clock, whole seconds (what the signature covers).
    created_at = models.DateTimeField()
    # Hex hashes, RFC 9162 §2.1.4 proof from the previous checkpoint's size to this one's.
    consistency = models.JSONField(default=list)
    # The checkpoint made when voting closed: the log is complete.
    final = models.BooleanField(default=False)
    signature = models.BinaryField(max_length=64)
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    max_ballot_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "sequence"], name="ballotlog_checkpoint_sequence"
            ),
            models.UniqueConstraint(
                fields=["edition"], condition=Q(final=True), name="ballotlog_one_final_checkpoint"
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1), name="ballotlog_checkpoint_sequence_gte_1"
            ),
        ]
        ordering = ["edition", "sequence"]

    def __str__(self) -> str:
        return f"checkpoint {self.sequence} of edition {self.edition_id} ({self.size} leaves)"


class InvalidationList(models.Model):
    """A signed version of the edition's invalidations: a new version whenever an approved
    invalidation of a logged ballot is added. ``entries`` are ``[index, reason, role]``."""

    edition = models.ForeignKey(
        "awards.Edition", on_delete=models.PROTECT, related_name="ballot_invalidation_lists"
    )
    version = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField()
    entries = models.JSONField(default=list)
    created_at = models.DateTimeField()
    signature = models.BinaryField(max_length=64)
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "version"], name="ballotlog_invalidations_version"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="ballotlog_invalidations_version_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"invalidations v{self.version} of edition {self.edition_id}"
