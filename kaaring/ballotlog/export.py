"""The whole log of an edition as one JSON document (docs/ballot-log.md, "The file").

Written as a stream, one item per line, in a fixed key order, so that the server never holds
the log in memory and a verifier can read it with bounded memory: everything small first
(edition, key, nominees, result, checkpoints, invalidations), the leaves last.
"""

import json
from collections.abc import Iterator
from typing import Any

from kaaring.awards.models import Edition, Nominee
from kaaring.ballotlog.keys import sign
from kaaring.ballotlog.leaves import display_name, result_message, timestamp
from kaaring.ballotlog.models import (
    Checkpoint,
    EditionLog,
    InvalidationList,
    LogEntry,
    SigningKey,
)

FORMAT = "kaaring-ballot-log"
VERSION = 1
CHUNK = 2000


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def checkpoint_data(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "sequence": checkpoint.sequence,
        "size": checkpoint.size,
        "root": bytes(checkpoint.root).hex(),
        "time": timestamp(checkpoint.created_at),
        "final": checkpoint.final,
        "consistency": checkpoint.consistency,
        "signature": bytes(checkpoint.signature).hex(),
    }


def log_export(*, edition: Edition, result: dict[str, Any]) -> Iterator[str]:
    """The file, in pieces. ``result`` is the published outcome as the verifier compares it:
    ``{"winner": nominee id or None, "counts": [{"nominee", "mode", "valid"}, …]}``; it is
    signed here, with the nominees' names, as it is served."""
    key = SigningKey.objects.get(organisation_id=edition.award.organisation_id)
    names = [
        (n.pk, display_name(n.name))
        for n in Nominee.objects.filter(edition=edition).order_by("position", "pk")
    ]
    nominees = [{"id": pk, "name": name} for pk, name in names]
    size = EditionLog.objects.filter(edition=edition).values_list("size", flat=True).first() or 0
    message = result_message(
        edition_id=edition.pk,
        size=size,
        winner=result["winner"],
        nominees=names,
        counts=[(c["nominee"], c["mode"], c["valid"]) for c in result["counts"]],
    )
    result = {"size": size, **result, "signature": sign(key, message).hex()}
    head = {
        "format": FORMAT,
        "version": VERSION,
        "edition": {
            "id": edition.pk,
            "award": edition.award.slug,
            "year": edition.year,
            "name": edition.award.name,
        },
        "public_key": bytes(key.public_key).hex(),
        "nominees": nominees,
        "result": result,
    }
    yield _dump(head)[:-1] + ',\n"checkpoints":[\n'
    first = True
    for checkpoint in Checkpoint.objects.filter(edition=edition).order_by("sequence").iterator():
        yield ("" if first else ",\n") + _dump(checkpoint_data(checkpoint))
        first = False
    invalidations = InvalidationList.objects.filter(edition=edition).order_by("-version").first()
    signed = (
        {
            "version": invalidations.version,
            "size": invalidations.size,
            "entries": invalidations.entries,
            "signature": bytes(invalidations.signature).hex(),
        }
        if invalidations is not None
        else None
    )
    yield '\n],\n"invalidations":' + _dump(signed) + ',\n"leaves":[\n'
    last = -1
    first = True
    while True:
        page = list(
            LogEntry.objects.filter(edition=edition, index__gt=last)
            .order_by("index")
            .values_list("index", "leaf")[:CHUNK]
        )
        if not page:
            break
        yield ("" if first else ",\n") + ",\n".join(f'"{bytes(leaf).hex()}"' for _, leaf in page)
        first = False
        last = page[-1][0]
    yield "\n]}\n"
