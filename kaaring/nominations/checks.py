"""Checks of what a nominator types or uploads: organisation numbers and attachments.

An attachment's type is decided by its content, never by its name alone: the first bytes
(PDF, PNG, JPEG) or, for the ZIP-based office formats, the member that names the format
(``word/document.xml``, the OpenDocument ``mimetype`` entry, …). The name's extension must then
agree, so a program renamed to ``report.pdf`` or a PDF renamed to ``photo.png`` is refused.
"""

import zipfile
from typing import IO

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kaaring.nominations.errors import AttachmentRejected
from kaaring.nominations.models import Attachment

# The weights of Brønnøysundregistrene's modulus-11 control digit (the ninth digit).
ORGANISATION_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)

EXTENSIONS = {
    Attachment.Kind.PDF: {"pdf"},
    Attachment.Kind.PNG: {"png"},
    Attachment.Kind.JPEG: {"jpg", "jpeg"},
    Attachment.Kind.DOCX: {"docx"},
    Attachment.Kind.XLSX: {"xlsx"},
    Attachment.Kind.PPTX: {"pptx"},
    Attachment.Kind.ODT: {"odt"},
    Attachment.Kind.ODS: {"ods"},
}
CONTENT_TYPES = {
    Attachment.Kind.PDF: "application/pdf",
    Attachment.Kind.PNG: "image/png",
    Attachment.Kind.JPEG: "image/jpeg",
    Attachment.Kind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    Attachment.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Attachment.Kind.PPTX: (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    Attachment.Kind.ODT: "application/vnd.oasis.opendocument.text",
    Attachment.Kind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}
_OOXML_PARTS = {
    "word/document.xml": Attachment.Kind.DOCX,
    "xl/workbook.xml": Attachment.Kind.XLSX,
    "ppt/presentation.xml": Attachment.Kind.PPTX,
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": Attachment.Kind.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": Attachment.Kind.ODS,
}


def organisation_number_clean(value: str) -> str:
    """Nine digits whose last is the modulus-11 control digit; spaces are allowed in between.

    Raises ``ValueError`` with a message for the nominator.
    """
    digits = "".join(value.split())
    if len(digits) != 9 or not digits.isdigit():
        raise ValueError(_("An organisation number has nine digits, for example 974 760 673."))
    total = sum(int(d) * w for d, w in zip(digits[:8], ORGANISATION_NUMBER_WEIGHTS, strict=True))
    control = 11 - total % 11
    if control == 11:
        control = 0
    if control == 10 or control != int(digits[8]):
        raise ValueError(
            _(
                "This is not a valid organisation number: check the digits "
                "(the last one is a check digit)."
            )
        )
    return digits


def _zip_kind(stream: IO[bytes]) -> Attachment.Kind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(archive.read("mimetype").strip())
            for part, kind in _OOXML_PARTS.items():
                if part in names:
                    return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def attachment_kind(stream: IO[bytes]) -> Attachment.Kind | None:
    """The accepted type ``stream`` holds, judged by its content, or ``None``."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    kind: Attachment.Kind | None = None
    if head.startswith(b"%PDF-"):
        kind = Attachment.Kind.PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = Attachment.Kind.PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = Attachment.Kind.JPEG
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
    stream.seek(0)
    return kind


def attachment_check(*, name: str, size: int, stream: IO[bytes], max_bytes: int) -> Attachment.Kind:
    """The attachment's type; raises ``AttachmentRejected`` with a message for the nominator."""
    if size > max_bytes:
        raise AttachmentRejected(
            _("“%(name)s” is %(size)s MB; the largest file allowed is %(limit)s MB.")
            % {
                "name": name,
                "size": number_format(size / 1024 / 1024, decimal_pos=1),
                "limit": max_bytes // 1024 // 1024,
            }
        )
    kind = attachment_kind(stream)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or extension not in EXTENSIONS[kind]:
        raise AttachmentRejected(
            _(
                "“%(name)s” is not a file type we accept, or its content does not match its "
                "name. Send PDF, PNG or JPEG images, or Word, Excel, PowerPoint or "
                "OpenDocument files."
            )
            % {"name": name}
        )
    return kind
