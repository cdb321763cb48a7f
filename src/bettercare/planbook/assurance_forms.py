"""The assurance form: an outcome, up to three conditions each with a due date, and a note."""

from datetime import date

from django import forms

from bettercare.plans.models import PlanAssurance
from bettercare.reference.form_messages import NamedErrors

CONDITION_SLOTS = 3


class AssuranceForm(NamedErrors, forms.Form):
    outcome = forms.ChoiceField(label="Assurance outcome", choices=PlanAssurance.OUTCOMES, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, CONDITION_SLOTS + 1):
            self.fields[f"condition_{number}"] = forms.CharField(
                label=f"Condition {number}", required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}))
            self.fields[f"due_{number}"] = forms.DateField(
                label=f"Condition {number} due date", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                help_text="For example, 2025-03-31 or 31/03/2025",
                error_messages={"invalid": f"Condition {number} due date must be a real date, like 2025-03-31"},
                widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}))
        self.fields["note"] = forms.CharField(
            label="Note to the HWB", required=False,
            widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}))

    def conditions(self) -> list[tuple[str, date]]:
        """The conditions entered, in order, as (text, due date)."""
        found = []
        for number in range(1, CONDITION_SLOTS + 1):
            text = (self.cleaned_data.get(f"condition_{number}") or "").strip()
            if text:
                found.append((text, self.cleaned_data.get(f"due_{number}")))
        return found

    def clean(self):
        cleaned = super().clean()
        for number in range(1, CONDITION_SLOTS + 1):
            text = (cleaned.get(f"condition_{number}") or "").strip()
            due_name = f"due_{number}"
            if text and cleaned.get(due_name) is None and due_name not in self.errors:
                self.add_error(due_name, f"Enter the due date of condition {number}")
            if not text and cleaned.get(due_name) is not None:
                self.add_error(f"condition_{number}", f"Enter condition {number}, or remove its due date")
        outcome = cleaned.get("outcome")
        has_conditions = any((cleaned.get(f"condition_{n}") or "").strip() for n in range(1, CONDITION_SLOTS + 1))
        if outcome == "approved_with_conditions" and not has_conditions:
            self.add_error("condition_1", "Enter at least one condition for an approval with conditions")
        if outcome == "approved" and has_conditions:
            self.add_error("outcome", "Choose “Approved with conditions” to record conditions, or remove them")
        return cleaned
