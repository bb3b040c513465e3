"""Users, the organisations they work for, and their role in each.

An organiser sees and changes only the organisations they hold a membership in; the role in
that membership decides what they may do there (see ``permissions``).
"""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class KaaringUserManager(UserManager["User"]):
    """Users are known by their e-mail address; there is no username."""

    def _create_user_with_email(
        self, email: str | None, password: str | None, **extra: Any
    ) -> "User":
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        extra.pop("username", None)
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user_with_email(email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        extra.pop("username", None)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user_with_email(email, password, **extra)


class User(AbstractUser):
    """A staff user: an organiser or a juror. Voters never have accounts."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[KaaringUserManager] = KaaringUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Log-in by e-mail ignores case, so two accounts may not differ by case alone.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", _("directorate or agency")
        MUNICIPALITY = "municipality", pgettext_lazy("organisation kind", "municipality")
        OTHER = "other", _("other organisation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    # The logo the public pages of the organisation's awards show beside its name, as public
    # services do. Its size is kept so that the page reserves the room before it loads.
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_alt = models.CharField(_("logo description (bokmål)"), max_length=200, blank=True)
    logo_alt_nn = models.CharField(_("logo description (nynorsk)"), max_length=200, blank=True)
    logo_alt_en = models.CharField(_("logo description (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["directorate", "municipality", "other"]),
                name="accounts_organisation_kind_valid",
            ),
            # A logo without a text alternative fails WCAG 1.1.1.
            models.CheckConstraint(
                condition=models.Q(logo="") | ~models.Q(logo_alt=""),
                name="accounts_organisation_logo_has_alt",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        # Manages the organisation's awards, editions and nominees, and its members.
        ADMIN = "admin", _("administrator")
        # Manages awards, editions and nominees.
        ORGANISER = "organiser", _("organiser")
        # Reads everything of the organisation, changes nothing.
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ORGANISER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="accounts_one_membership_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "organiser", "viewer"]),
                name="accounts_membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"
