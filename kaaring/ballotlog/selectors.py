"""Reads of the ballot log: checkpoints, and a voter's inclusion check by receipt.

The inclusion check answers only "is the ballot with this receipt in the latest checkpoint,
and here is the proof"; it never names the nominee (though the leaf it shows encodes it, as the
published log will: see docs/decisions/0010-receipts-and-the-public-log.md).
"""

import dataclasses

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kaaring.awards.models import Edition
from kaaring.ballotlog import errors, leaves, merkle, tree
from kaaring.ballotlog.models import Checkpoint, LogEntry, SigningKey
from kaaring.voting.models import Ballot
from kaaring.voting.selectors import receipt_normalised


def checkpoint_latest(*, edition: Edition) -> Checkpoint | None:
    return (
        Checkpoint.objects.filter(edition=edition)
        .select_related("key")
        .order_by("-sequence")
        .first()
    )


def checkpoints_recent(*, edition: Edition, limit: int = 20) -> list[Checkpoint]:
    return list(Checkpoint.objects.filter(edition=edition).order_by("-sequence")[:limit])


def public_key(*, edition: Edition) -> bytes | None:
    key = (
        SigningKey.objects.filter(organisation_id=edition.award.organisation_id)
        .values_list("public_key", flat=True)
        .first()
    )
    return bytes(key) if key is not None else None


def signature_holds(*, checkpoint: Checkpoint, key: bytes) -> bool:
    message = leaves.checkpoint_message(
        edition_id=checkpoint.edition_id,
        sequence=checkpoint.sequence,
        size=checkpoint.size,
        root=bytes(checkpoint.root),
        at=checkpoint.created_at,
        final=checkpoint.final,
    )
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(bytes(checkpoint.signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclasses.dataclass(frozen=True)
class Inclusion:
    edition: Edition
    receipt: str
    index: int
    leaf: bytes
    checkpoint: Checkpoint
    proof: list[bytes]
    public_key: bytes
    # Checked on the server: the leaf commits to this receipt, the proof leads from the leaf to
    # the checkpoint's root, and the checkpoint's signature holds.
    commitment_matches: bool
    proof_holds: bool
    signature_holds: bool

    @property
    def verified(self) -> bool:
        return self.commitment_matches and self.proof_holds and self.signature_holds

    @property
    def signed_message(self) -> bytes:
        c = self.checkpoint
        return leaves.checkpoint_message(
            edition_id=c.edition_id,
            sequence=c.sequence,
            size=c.size,
            root=bytes(c.root),
            at=c.created_at,
            final=c.final,
        )


def inclusion_for_receipt(*, receipt: str, edition: Edition | None = None) -> Inclusion:
    """The inclusion proof of the ballot with this receipt in its edition's latest checkpoint.

    Raises ``ReceiptMalformed``, ``ReceiptUnknown``, ``ReceiptOfAnotherEdition`` (when
    ``edition`` is given and the ballot is not of it) or ``NotYetLogged``.
    """
    code = receipt_normalised(receipt)
    if code is None:
        raise errors.ReceiptMalformed()
    ballot = Ballot.objects.filter(receipt=code).select_related("edition__award").first()
    if ballot is None:
        raise errors.ReceiptUnknown()
    if edition is not None and ballot.edition_id != edition.pk:
        raise errors.ReceiptOfAnotherEdition()
    entry = LogEntry.objects.filter(ballot_id=ballot.pk).values_list("index", "leaf").first()
    checkpoint = checkpoint_latest(edition=ballot.edition)
    if entry is None or checkpoint is None or entry[0] >= checkpoint.size:
        raise errors.NotYetLogged()
    index, leaf = entry[0], bytes(entry[1])
    size = checkpoint.size
    proof = tree.compute(ballot.edition_id, lambda s: merkle.inclusion_proof(s, index, size))
    key = bytes(checkpoint.key.public_key)
    return Inclusion(
        edition=ballot.edition,
        receipt=code,
        index=index,
        leaf=leaf,
        checkpoint=checkpoint,
        proof=proof,
        public_key=key,
        commitment_matches=leaf[9:41]
        == leaves.commitment(edition_id=ballot.edition_id, receipt=code),
        proof_holds=merkle.verify_inclusion(
            index=index,
            size=size,
            leaf_digest=merkle.leaf_hash(leaf),
            proof=proof,
            root_hash=bytes(checkpoint.root),
        ),
        signature_holds=signature_holds(checkpoint=checkpoint, key=key),
    )
