"""Run in a server's environment: print, as JSON, the edition's final ballot-log checkpoint
(size, root) beside the root recomputed from the stored tree and whether its signature holds
with the organisation's public key."""

import json
import os
import sys

sys.path.insert(0, os.environ["PYTHONPATH"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from kaaring.awards.models import Edition  # noqa: E402
from kaaring.ballotlog import merkle, selectors, tree  # noqa: E402

edition = Edition.objects.get()
checkpoint = selectors.checkpoint_latest(edition=edition)
assert checkpoint is not None
key = selectors.public_key(edition=edition)
size = checkpoint.size
recomputed = tree.compute(edition.pk, lambda source: merkle.root(source, size))
print(
    json.dumps(
        {
            "final": checkpoint.final,
            "size": checkpoint.size,
            "root": bytes(checkpoint.root).hex(),
            "recomputed": recomputed.hex(),
            "signed": key is not None and selectors.signature_holds(checkpoint=checkpoint, key=key),
        }
    )
)
