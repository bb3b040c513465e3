"""Back-office forms: they parse and label input; the services decide what may be saved.

Fields are taken from the models (so labels, lengths and choices stay in one place) and set on
plain forms after the class is made (the form metaclass would replace them otherwise), not model
forms: validation that needs the whole object lives in the services,
which the views call with the cleaned data.
"""

import datetime as dt
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from kaaring.accounts.models import Organisation
from kaaring.awards.models import FROZEN_FIELDS, TIME_FIELDS, Award, Criterion, Edition, Nominee
from kaaring.awards.organisation_profile import PROFILE_FIELDS
from kaaring.awards.services import (
    AWARD_FIELDS,
    CRITERION_FIELDS,
    EDITION_FIELDS,
    NOMINEE_FIELDS,
)
from kaaring.backoffice.oslo_time import OsloDateTimeField

Groups = list[tuple[Any, list[str]]]


class BackofficeForm(forms.Form):
    """Designsystemet classes on every input, and fields shown in labelled groups."""

    groups: ClassVar[Groups] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.MultiWidget):
                continue
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} ds-input".strip()
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", "4")

    def full_clean(self) -> None:
        super().full_clean()
        # A group of inputs sits in a fieldset, where Django does not point them at the error.
        for name in self.errors:
            if name in self.fields and isinstance(self.fields[name].widget, forms.MultiWidget):
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's ``ValidationError`` next to the fields it names."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def field_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        groups = self.groups or [(None, list(self.fields))]
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in groups
        ]


def _model_fields(model: type, names: tuple[str, ...]) -> dict[str, forms.Field]:
    fields = fields_for_model(model, fields=names)
    return {name: field for name, field in fields.items() if field is not None}


class AwardForm(BackofficeForm):
    groups: ClassVar[Groups] = [
        (_("Address"), ["slug"]),
        (_("Name"), ["name", "name_nn", "name_en"]),
        (_("What the prize is"), ["description", "description_nn", "description_en"]),
    ]


AwardForm.base_fields = _model_fields(Award, AWARD_FIELDS)


class CriterionForm(BackofficeForm):
    pass


CriterionForm.base_fields = _model_fields(Criterion, CRITERION_FIELDS)


class EditionForm(BackofficeForm):
    """All of an edition's declared fields; its times in Norwegian time."""

    groups: ClassVar[Groups] = [
        (_("Year"), ["year", "year_label"]),
        (_("Introduction"), ["intro", "intro_nn", "intro_en"]),
        (_("Dates (Norwegian time)"), list(TIME_FIELDS)),
        (
            _("Rules of the vote and the decision"),
            [
                "voting_mode",
                "finalist_count",
                "tie_break",
                "decision_rule",
                "public_weight_percent",
                "show_vote_counts",
            ],
        ),
        (_("Ceremony"), ["ceremony_note", "ceremony_note_nn", "ceremony_note_en"]),
        (_("The jury's rationale"), ["rationale", "rationale_nn", "rationale_en"]),
    ]
    frozen_fields = FROZEN_FIELDS

    def __init__(self, *args: Any, edition: Edition | None = None, **kwargs: Any) -> None:
        self.edition = edition
        if edition is not None:
            kwargs.setdefault("initial", {name: getattr(edition, name) for name in EDITION_FIELDS})
        super().__init__(*args, **kwargs)
        for name in ("intro", "intro_nn", "intro_en", "rationale", "rationale_nn", "rationale_en"):
            self.fields[name].widget.attrs["rows"] = "6"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.edition is not None:
            # The form shows minutes; a saved time with seconds, left as it was, stays as it
            # was (otherwise every save of an open edition would look like a rule change).
            for name in TIME_FIELDS:
                saved: dt.datetime | None = getattr(self.edition, name)
                new = cleaned.get(name)
                if saved is not None and new is not None and _same_minute(saved, new):
                    cleaned[name] = saved
        return cleaned


EditionForm.base_fields = _model_fields(Edition, EDITION_FIELDS)
for _name in TIME_FIELDS:
    EditionForm.base_fields[_name] = OsloDateTimeField(
        label=capfirst(cast(models.Field, Edition._meta.get_field(_name)).verbose_name),
        required=False,
    )


def _same_minute(saved: dt.datetime, new: dt.datetime) -> bool:
    # Compared in UTC: within one zone Python ignores ``fold`` and would mix up the two 02:30s
    # of an autumn night. Oslo's offsets are whole hours, so minutes line up in both.
    return saved.astimezone(dt.UTC).replace(second=0, microsecond=0) == new.astimezone(dt.UTC)


class NomineeForm(BackofficeForm):
    groups: ClassVar[Groups] = [
        (_("Who"), ["name", "kind", "municipality_number", "slug", "position"]),
        (_("Summary"), ["summary", "summary_nn", "summary_en"]),
        (_("Profile text"), ["profile", "profile_nn", "profile_en"]),
        (_("Image"), ["image", "remove_image", "image_alt", "image_alt_nn", "image_alt_en"]),
    ]

    def __init__(self, *args: Any, nominee: Nominee | None = None, **kwargs: Any) -> None:
        self.nominee = nominee
        if nominee is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(nominee, name) for name in NOMINEE_FIELDS if name != "image"},
            )
        super().__init__(*args, **kwargs)
        for name in ("profile", "profile_nn", "profile_en"):
            self.fields[name].widget.attrs["rows"] = "10"
        if nominee is None or not nominee.image:
            del self.fields["remove_image"]
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Left empty, it is made from the name.")

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug", "")
        return slug or slugify(_transliterate(self.data.get(self.add_prefix("name"), "")))

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the nominee services take it."""
        values = {name: self.cleaned_data[name] for name in NOMINEE_FIELDS if name != "image"}
        if self.cleaned_data.get("image"):
            values["image"] = self.cleaned_data["image"]
        elif self.cleaned_data.get("remove_image"):
            values["image"] = ""
        return values


NomineeForm.base_fields = _model_fields(Nominee, NOMINEE_FIELDS)
NomineeForm.base_fields["image"] = forms.ImageField(
    label=capfirst(cast(models.Field, Nominee._meta.get_field("image")).verbose_name),
    required=False,
    widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    help_text=_("JPEG, PNG or WebP. Describe the image in the fields below."),
)
NomineeForm.base_fields["remove_image"] = forms.BooleanField(
    label=_("Remove the image"), required=False
)


def _transliterate(text: str) -> str:
    return (
        text.replace("æ", "ae")
        .replace("ø", "o")
        .replace("å", "a")
        .replace("Æ", "Ae")
        .replace("Ø", "O")
        .replace("Å", "A")
    )


class WithdrawForm(BackofficeForm):
    reason = forms.CharField(
        label=_("Why is the nominee withdrawn?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": "3"}),
        help_text=_("Kept in the audit log. The nominee disappears from the public pages."),
    )


# --- The organisation's logo on its public pages ------------------------------------------


class OrganisationProfileForm(BackofficeForm):
    groups: ClassVar[Groups] = [
        (_("Logo"), ["logo", "remove_logo", "logo_alt", "logo_alt_nn", "logo_alt_en"]),
    ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {name: getattr(organisation, name) for name in PROFILE_FIELDS[1:]}
        )
        super().__init__(*args, **kwargs)
        if not organisation.logo:
            del self.fields["remove_logo"]

    def service_fields(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in PROFILE_FIELDS[1:]}
        return {
            **values,
            "logo": self.cleaned_data.get("logo") or None,
            "remove_logo": bool(self.cleaned_data.get("remove_logo")),
        }


OrganisationProfileForm.base_fields = _model_fields(Organisation, PROFILE_FIELDS[1:])
OrganisationProfileForm.base_fields["logo"] = forms.ImageField(
    label=_("Logo"),
    required=False,
    widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    help_text=_(
        "PNG, JPEG or WebP, at most 1 MB. Shown about 48 pixels high beside the "
        "organisation's name in the header of its award pages."
    ),
    error_messages={
        "invalid_image": _("The file is not an image we can show. Choose a PNG, JPEG or WebP file.")
    },
)
OrganisationProfileForm.base_fields["remove_logo"] = forms.BooleanField(
    label=_("Remove the logo"), required=False
)
