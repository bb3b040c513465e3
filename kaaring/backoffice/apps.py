from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "kaaring.backoffice"
    label = "backoffice"

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.translation import pgettext_lazy

        # The empty first choice of every select built from a model field. Django's own label
        # has no bokmål or nynorsk translation; Django reads this name when a form is built.
        fields.BLANK_CHOICE_LABEL = pgettext_lazy("the empty choice of a select", "Choose …")
