from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class FeedbackAnswerForm(forms.Form):
    """Step one: yes or no, for one page in one language (hidden fields carry which)."""

    path = forms.CharField(max_length=500)
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES)
    found = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={"required": _("Choose yes or no.")},
    )


class FeedbackCommentForm(forms.Form):
    """Step two, after "no": what the visitor was looking for (optional, no personal data)."""

    path = forms.CharField(max_length=500)
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES)
    token = forms.CharField(max_length=200)
    comment = forms.CharField(
        label=_("What were you looking for? (optional)"),
        required=False,
        max_length=settings.FEEDBACK_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "ds-input"}),
        error_messages={
            "max_length": _(
                "The comment can be at most %(limit_value)d characters long; it is "
                "%(show_value)d. Shorten it and send it again."
            ),
        },
    )
