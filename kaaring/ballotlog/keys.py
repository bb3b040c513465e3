"""Each organisation's Ed25519 signing key for its ballot logs.

The key is made on first use. Its private half is stored as encrypted PKCS#8 (the
``cryptography`` package's best available encryption) under a passphrase from the settings
(``BALLOT_LOG_KEY_SECRET``, derived from ``SECRET_KEY`` when unset): a copy of the database
alone cannot sign. Losing the passphrase loses only the ability to sign new checkpoints; what
was signed stays verifiable with the published public key.
"""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction

from kaaring.ballotlog.models import SigningKey


def _passphrase() -> bytes:
    return str(settings.BALLOT_LOG_KEY_SECRET).encode()


def signing_key_for(*, organisation_id: int) -> SigningKey:
    """The organisation's key, made and stored the first time it is needed."""
    existing = SigningKey.objects.filter(organisation_id=organisation_id).first()
    if existing is not None:
        return existing
    private = Ed25519PrivateKey.generate()
    row = SigningKey(
        organisation_id=organisation_id,
        public_key=private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ),
        private_key=private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(_passphrase()),
        ),
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # another process made it first: use theirs
        return SigningKey.objects.get(organisation_id=organisation_id)
    return row


def sign(key: SigningKey, message: bytes) -> bytes:
    private = serialization.load_pem_private_key(bytes(key.private_key), password=_passphrase())
    if not isinstance(private, Ed25519PrivateKey):  # pragma: no cover - only Ed25519 is stored
        raise TypeError("ballot log keys are Ed25519")
    return private.sign(message)
