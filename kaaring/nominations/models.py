"""Calls for nominations and the nominations sent to them (DOMAIN.md, "An edition's life", 2).

A ``Call`` belongs to one edition and declares who may nominate, the questions, whether
attachments are taken and how large, and how long the personal data of nominations that are not
accepted is kept. The window is the edition's own ``nominations_open_at`` and
``nominations_close_at`` (one pair of instants, shown on the edition page too); the clock at
the moment a nomination is submitted decides whether it came in time.

A ``Nomination`` starts as a draft. It counts (status ``received``) once it has been submitted
before the deadline *and* its nominator has opened a link sent to the given e-mail address. The
links are single-use and expire (``NominationLink``); the token is never stored, only its
SHA-256. Organisers then move it to ``under_review``, ``accepted`` (a ``Nominee`` is made from
it) or ``declined``; the nominator may withdraw. A nomination merged into another one points at
it through ``merged_into`` and follows its decision.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaaring.awards.localized import Localized

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


def attachment_root() -> Path:
    # Outside MEDIA_ROOT and the static files: attachments are served only through a view
    # that checks the organiser's membership.
    default = Path(settings.BASE_DIR) / "var" / "private"
    return Path(getattr(settings, "NOMINATION_ATTACHMENT_ROOT", default))


class AttachmentStorage(FileSystemStorage):
    """Files under ``attachment_root()``, read when used (so a changed setting applies)."""

    @property
    def base_location(self) -> str:
        return str(attachment_root())

    @property
    def location(self) -> str:
        return str(attachment_root().resolve())


def attachment_storage() -> FileSystemStorage:
    return AttachmentStorage()


class Call(models.Model):
    class Who(models.TextChoices):
        SELF = "self", _("a municipality nominates itself")
        ANYONE = "anyone", _("anyone nominates a person, an organisation or a company")

    edition = models.OneToOneField(
        "awards.Edition", on_delete=models.PROTECT, related_name="nomination_call"
    )
    who = models.CharField(_("who may nominate"), max_length=10, choices=Who.choices)
    max_attachments = models.PositiveSmallIntegerField(
        _("attachments per nomination"), default=0, help_text=_("0: no attachments.")
    )
    max_attachment_mb = models.PositiveSmallIntegerField(_("largest attachment (MB)"), default=10)
    retention_days = models.PositiveSmallIntegerField(
        _("days to keep personal data of nominations not accepted, after the deadline"),
        default=90,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    if TYPE_CHECKING:
        questions: RelatedManager["Question"]
        nominations: RelatedManager["Nomination"]

    class Meta:
        verbose_name = _("call for nominations")
        verbose_name_plural = _("calls for nominations")
        constraints = [
            models.CheckConstraint(
                condition=Q(who__in=["self", "anyone"]), name="nominations_call_who_valid"
            ),
            models.CheckConstraint(
                condition=Q(max_attachment_mb__gte=1) & Q(max_attachment_mb__lte=100),
                name="nominations_call_attachment_size_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.edition)

    @property
    def max_attachment_bytes(self) -> int:
        return self.max_attachment_mb * 1024 * 1024


class Question(Localized, models.Model):
    """A question of a call: one per published criterion, and any the organisers add."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    criterion = models.ForeignKey(
        "awards.Criterion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question (bokmål)"), max_length=300)
    text_nn = models.CharField(_("question (nynorsk)"), max_length=300, blank=True)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help = models.TextField(_("help text (bokmål)"), blank=True)
    help_nn = models.TextField(_("help text (nynorsk)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    max_length = models.PositiveIntegerField(_("longest answer (characters)"), default=3000)

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("nomination status", "draft")
    RECEIVED = "received", pgettext_lazy("nomination status", "received")
    UNDER_REVIEW = "under_review", pgettext_lazy("nomination status", "under review")
    ACCEPTED = "accepted", pgettext_lazy("nomination status", "accepted")
    DECLINED = "declined", pgettext_lazy("nomination status", "declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination status", "withdrawn")


# Statuses an organiser may still decide on.
OPEN_STATUSES = (Status.RECEIVED, Status.UNDER_REVIEW)


class NomineeKind(models.TextChoices):
    MUNICIPALITY = "municipality", pgettext_lazy("nominee kind", "municipality")
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")
    COMPANY = "company", _("company")


class Nomination(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="nominations")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )

    nominator_name = models.CharField(_("your name"), max_length=200, blank=True)
    nominator_role = models.CharField(_("your role"), max_length=200, blank=True)
    nominator_email = models.EmailField(_("your e-mail address"), blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # For the mails: the language the form was filled in and the site's address.
    language = models.CharField(max_length=5, default="nb")
    site_url = models.CharField(max_length=200, blank=True)

    nominee_kind = models.CharField(
        _("who is nominated"), max_length=20, choices=NomineeKind.choices, blank=True
    )
    nominee_name = models.CharField(_("name of the nominee"), max_length=200, blank=True)
    # Today's number of the municipality, as the registry holds it.
    municipality_number = models.CharField(_("municipality"), max_length=4, blank=True)
    organisation_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    nominee_contact = models.CharField(
        _("how to reach the nominee (optional)"), max_length=300, blank=True
    )
    # When a person is nominated the nominator confirms having read what is stored and shown.
    consent_at = models.DateTimeField(null=True, blank=True)
    # {question id (as text): answer}
    answers = models.JSONField(default=dict, blank=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    # When the nominator's copy and the decision were mailed (each is sent once).
    copy_sent_at = models.DateTimeField(null=True, blank=True)
    decision_mailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    nominee = models.ForeignKey(
        "awards.Nominee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)

    if TYPE_CHECKING:
        attachments: RelatedManager["Attachment"]
        merged: RelatedManager["Nomination"]

    class Meta:
        ordering = ["call", "-submitted_at", "-id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]),
                name="nominations_nomination_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(nominee_kind__in=["", *[k.value for k in NomineeKind]]),
                name="nominations_nomination_kind_valid",
            ),
            # Only a submitted nomination can be anything but a draft.
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="nominations_nomination_submitted_unless_draft",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(nominee__isnull=False),
                name="nominations_nomination_accepted_has_nominee",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="nominations_nomination_not_merged_into_itself",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.nominee_name or str(_("(no nominee yet)"))

    @property
    def duplicate_key(self) -> str:
        """What makes two nominations name the same nominee."""
        if self.municipality_number:
            return f"m:{self.municipality_number}"
        if self.organisation_number:
            return f"o:{self.organisation_number}"
        return f"n:{' '.join(self.nominee_name.casefold().split())}"


class NominationLink(models.Model):
    """A single-use, expiring link sent to the nominator (to confirm, or to go on with a draft)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    token_nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nomination link")
        verbose_name_plural = _("nomination links")

    def __str__(self) -> str:
        return f"link {self.pk} for nomination {self.nomination_id}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        DOCX = "docx", "Word (docx)"
        XLSX = "xlsx", "Excel (xlsx)"
        PPTX = "pptx", "PowerPoint (pptx)"
        ODT = "odt", "OpenDocument Text (odt)"
        ODS = "ods", "OpenDocument Spreadsheet (ods)"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to="nominations/%Y/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
