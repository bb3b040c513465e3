import datetime as dt

from django import forms, template
from django.forms import BoundField

from kaaring.backoffice.oslo_time import format_oslo

register = template.Library()


@register.filter
def oslo(value: dt.datetime | None) -> str:
    """An instant in Norwegian time, with the offset said out loud."""
    return format_oslo(value)


@register.filter
def ds_widget(field: BoundField) -> str:
    """Render a form field's input with Designsystemet's class, whoever built the form."""
    widget = field.field.widget
    if isinstance(widget, forms.MultiWidget):
        return str(field)
    classes = str(widget.attrs.get("class", ""))
    if "ds-input" not in classes.split():
        classes = f"{classes} ds-input".strip()
    return field.as_widget(attrs={"class": classes})
