"""What an organisation declares for the notices the law asks of it.

The rest of the privacy notice and the accessibility statement is generated from what the
software knows (an edition's settings, the automated checks); these fields are what only the
organiser can say. Every field may be empty: the notices then say what is missing.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kaaring.awards.localized import Localized

DECLARED_TEXT_MAX = 2000
# A TextField's max_length only sizes form widgets; the validator makes full_clean refuse.
_LONG_TEXT = [MaxLengthValidator(DECLARED_TEXT_MAX)]


class Declaration(Localized, models.Model):
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="declaration"
    )
    privacy_contact = models.CharField(
        _("contact for questions about personal data"), max_length=300, blank=True
    )
    legal_basis = models.TextField(
        _("legal basis for processing votes (bokmål)"), blank=True, validators=_LONG_TEXT
    )
    legal_basis_nn = models.TextField(
        _("legal basis for processing votes (nynorsk)"), blank=True, validators=_LONG_TEXT
    )
    legal_basis_en = models.TextField(
        _("legal basis for processing votes (English)"), blank=True, validators=_LONG_TEXT
    )
    accessibility_contact = models.CharField(
        _("contact for feedback on accessibility"), max_length=300, blank=True
    )
    known_deviations = models.TextField(
        _("known accessibility deviations in your content (bokmål)"),
        blank=True,
        validators=_LONG_TEXT,
    )
    known_deviations_nn = models.TextField(
        _("known accessibility deviations in your content (nynorsk)"),
        blank=True,
        validators=_LONG_TEXT,
    )
    known_deviations_en = models.TextField(
        _("known accessibility deviations in your content (English)"),
        blank=True,
        validators=_LONG_TEXT,
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"declaration of organisation {self.organisation_id}"
