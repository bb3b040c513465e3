from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

models.CharField.register_lookup(Length)
models.TextField.register_lookup(Length)


class PageFeedback(models.Model):
    """One answer to "Fant du det du lette etter?" on one page in one language.

    No IP address, cookie or account is stored with it: only the page, the language, the answer
    and an optional comment the visitor was warned not to put personal data in.
    """

    path = models.CharField(_("page"), max_length=500, db_index=True)
    language = models.CharField(_("language"), max_length=5)
    found = models.BooleanField(_("found what they were looking for"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    # The organisation whose page it is, so that only its organisers read it (None: site pages).
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="page_feedback",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=["nb", "nn", "en"]), name="feedback_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(comment__length__lte=1000), name="feedback_comment_length"
            ),
            # Comments are asked for only on "no".
            models.CheckConstraint(
                condition=Q(found=False) | Q(comment=""), name="feedback_comment_only_on_no"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path} [{self.language}] {'yes' if self.found else 'no'}"
