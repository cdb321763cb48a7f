"""GOV.UK Frontend markup for Django form fields: the widget with its govuk-* class, error state
and aria-describedby pointing at its hint and error message; and the error-summary entries."""

from django import forms, template
from django.utils.html import format_html

register = template.Library()

CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


def _css(widget) -> str:
    for kind, css in CLASSES.items():
        if isinstance(widget, kind):
            return css
    return "govuk-input"


@register.simple_tag
def govuk_widget(field, extra_class: str = ""):
    """Render a bound field's widget with GOV.UK classes and accessible descriptions."""
    css = _css(field.field.widget)
    classes = [css]
    if field.errors:
        classes.append(f"{css}--error")
    if extra_class:
        classes.append(extra_class)
    attrs = {"class": " ".join(classes)}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def field_anchor(field) -> str:
    """The id the error summary links to: the input, or the first radio of a radio group."""
    if isinstance(field.field.widget, forms.RadioSelect):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.simple_tag
def error_items(form):
    """(link, message) pairs for a GOV.UK error summary: non-field errors, then field errors."""
    items = []
    first = next(iter(form), None)
    for error in form.non_field_errors():
        items.append(("#" + (field_anchor(first) if first is not None else "main-content"), error))
    for field in form:
        for error in field.errors:
            items.append(("#" + field_anchor(field), error))
    return items


@register.filter
def field(form, name: str):
    """A form's bound field by name (for fields built at run time)."""
    return form[name]


@register.simple_tag
def severity_tag(severity: str):
    colour = {"error": "red", "warning": "yellow"}.get(severity, "grey")
    label = {"error": "Error", "warning": "Warning"}.get(severity, severity.title())
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


@register.filter
def money(value) -> str:
    """Pounds with the sign before the symbol (-£1,000), for differences and variances."""
    from ..formatting import money as format_money

    return format_money(value)


@register.filter
def section_title(name: str) -> str:
    """The heading of a plan section (``snapshot.SECTIONS``), e.g. contributions -> Income."""
    from ..snapshot import SECTION_BY_NAME

    section = SECTION_BY_NAME.get(name)
    return section.title if section else name.replace("_", " ").capitalize()
