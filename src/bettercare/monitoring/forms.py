"""Forms of the monitoring pages: an HWB's local metric, and re-basing a target."""

from datetime import date

from django import forms

from bettercare.reference.form_messages import NamedErrors, one_of
from bettercare.reference.models import Metric


class GovukForm(NamedErrors, forms.Form):
    """Adds the GOV.UK Frontend classes to each widget."""

    CLASSES = {"textarea": "govuk-textarea", "select": "govuk-select", "radio": "govuk-radios__input"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = getattr(widget, "input_type", None) or ("textarea" if isinstance(widget, forms.Textarea) else "")
            widget.attrs.setdefault("class", self.CLASSES.get(kind, "govuk-input"))


class LocalMetricForm(GovukForm):
    code = forms.SlugField(
        label="Short name", help_text="Letters, numbers and hyphens, for example carers-breaks-local", max_length=60
    )
    title = forms.CharField(label="Title", max_length=300)
    numerator = forms.CharField(label="Numerator definition", max_length=300)
    denominator = forms.CharField(label="Denominator definition", max_length=300)
    ci_method = forms.ChoiceField(
        label="Kind of measure",
        choices=[
            ("proportion", "Proportion (Wilson interval)"),
            ("rate", "Rate or count (exact Poisson / Byar interval)"),
        ],
    )
    multiplier = forms.IntegerField(
        label="Multiplier", min_value=1, initial=100, help_text="100 for a percentage, 100000 for a rate per 100,000"
    )
    unit = forms.CharField(label="Unit", max_length=40, initial="%")
    polarity = forms.ChoiceField(label="Which is better", choices=Metric.POLARITIES[:2], widget=forms.RadioSelect)
    source = forms.CharField(label="Data source", max_length=200)


class RebaseForm(GovukForm):
    numerator = forms.DecimalField(label="New target count", required=False, min_value=0)
    value = forms.DecimalField(label="New target value", required=False)
    reason = forms.CharField(label="Reason for re-basing", widget=forms.Textarea(attrs={"rows": 3}))
    effective = forms.DateField(label="Date of the change (YYYY-MM-DD)", initial=date.today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        one_of(self, "numerator", "value")
        self.fields["numerator"].help_text = "Enter a new target count, a new target value, or both"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("numerator") is None and cleaned.get("value") is None:
            self.add_error("value", "Enter a new target count or a new target value")
        return cleaned
