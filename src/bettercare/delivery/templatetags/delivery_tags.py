"""Template helpers for the delivery pages: GOV.UK form widgets and quarter labels."""

from django import template
from django.forms import BoundField

from bettercare.indicators.presentation import quarter_label as _quarter_label

register = template.Library()

WIDGET_CLASSES = {"Textarea": "govuk-textarea", "Select": "govuk-select", "NullBooleanSelect": "govuk-select"}


@register.simple_tag
def govuk_widget(field: BoundField) -> str:
    """Render a form field's widget with GOV.UK classes, the error modifier and aria-describedby
    pointing at its hint and error message."""
    widget = field.field.widget
    base = WIDGET_CLASSES.get(type(widget).__name__, "govuk-input")
    classes = [base, widget.attrs.get("class", "")]
    if field.errors:
        classes.append(f"{base}--error")
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    attrs = {"class": " ".join(c for c in classes if c)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def quarter_label(quarter) -> str:
    """A stored quarter for people (``presentation.quarter_label``): "Plan stage" when blank."""
    return _quarter_label(quarter)

