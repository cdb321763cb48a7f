"""Edit forms of the delivery pages. Each carries the ``version`` of the row it was opened on
(optimistic locking, see ``locking``); the services apply the rules, the forms read the input."""

from django import forms

from bettercare.plans.models import Plan, Priority, Scheme
from bettercare.reference.form_messages import NamedErrors
from bettercare.reference.models import HicmChange

from .paper_narrative import SECTIONS

NARROW = {"class": "govuk-input--width-10"}
SCORE_CHOICES = [("", "Not scored")] + [(str(n), str(n)) for n in range(1, 6)]


class DateInput(forms.DateInput):
    input_type = "date"


def _optional_int(value):
    return None if value in (None, "") else int(value)


class VersionedForm(NamedErrors, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RiskForm(VersionedForm):
    title = forms.CharField(label="Risk", widget=forms.Textarea(attrs={"rows": 3}))
    scheme = forms.ModelChoiceField(
        label="Scheme", queryset=Scheme.objects.none(), required=False, empty_label="Whole plan (no scheme)"
    )
    likelihood = forms.TypedChoiceField(
        label="Likelihood (1 to 5)", choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False,
        help_text="1 = rare, 5 = almost certain",
    )
    impact = forms.TypedChoiceField(
        label="Impact (1 to 5)", choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False,
        help_text="1 = negligible, 5 = severe",
    )
    mitigation = forms.CharField(label="Mitigating actions", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    owner = forms.CharField(label="Owner", required=False, max_length=200)
    review_date = forms.DateField(
        label="Next review date", required=False, widget=DateInput(attrs=NARROW),
        help_text="For example 2018-12-31",
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.filter(plan=plan).order_by("ref")

    def clean(self):
        data = super().clean()
        if (data.get("likelihood") is None) != (data.get("impact") is None):
            self.add_error("impact", "Give both likelihood and impact, or neither.")
        return data


class NewRiskForm(RiskForm):
    ref = forms.CharField(label="Reference", max_length=40, widget=forms.TextInput(attrs=NARROW))
    field_order = ["ref"]


class ActionForm(VersionedForm):
    action = forms.CharField(label="Action or milestone", widget=forms.Textarea(attrs={"rows": 3}))
    change = forms.ModelChoiceField(
        label="High Impact Change", queryset=HicmChange.objects.none(), required=False, empty_label="Not chosen"
    )
    scheme = forms.ModelChoiceField(
        label="Scheme", queryset=Scheme.objects.none(), required=False, empty_label="Not chosen"
    )
    priority = forms.ModelChoiceField(
        label="Priority or theme", queryset=Priority.objects.none(), required=False, empty_label="Not chosen"
    )
    owner = forms.CharField(label="Owner", required=False, max_length=200)
    deadline_text = forms.CharField(
        label="Deadline as written", required=False, max_length=100,
        help_text="For example March 2018, or Oct 2017 – Dec 2017",
    )
    deadline_start = forms.DateField(
        label="Deadline window starts", required=False, widget=DateInput(attrs=NARROW)
    )
    deadline_end = forms.DateField(
        label="Deadline window ends", required=False, widget=DateInput(attrs=NARROW),
        help_text="The action is overdue after this day unless it is complete",
    )
    status = forms.CharField(
        label="Status", required=False, max_length=100, help_text="For example In progress, Complete"
    )
    completed_on = forms.DateField(
        label="Completed on", required=False, widget=DateInput(attrs=NARROW)
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].queryset = HicmChange.objects.filter(model__code=plan.period.hicm_model)
        self.fields["scheme"].queryset = Scheme.objects.filter(plan=plan).order_by("ref")
        self.fields["priority"].queryset = Priority.objects.filter(plan=plan).order_by("code")


class NewActionForm(ActionForm):
    ref = forms.CharField(label="Reference", max_length=40, widget=forms.TextInput(attrs=NARROW))
    field_order = ["ref"]


class NarrativeForm(VersionedForm):
    achievements = forms.CharField(label="Achievements this quarter", widget=forms.Textarea(attrs={"rows": 5}),
                                   required=False)
    challenges = forms.CharField(label="Challenges this quarter", widget=forms.Textarea(attrs={"rows": 5}),
                                 required=False)
    support_needed = forms.CharField(
        label="Support needed", widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text="Support you would like from the regional or national BCF team, if any",
    )


class ResubmitForm(NamedErrors, forms.Form):
    reason = forms.CharField(label="Reason for the resubmission", widget=forms.Textarea(attrs={"rows": 4}))


def posted_int(data, name: str) -> int:
    """An integer from a bulk form, 0 when missing or not a number."""
    try:
        return int(data.get(name) or 0)
    except (TypeError, ValueError):
        return 0


def posted_answer(data, name: str) -> bool | None:
    return {"yes": True, "no": False}.get((data.get(name) or "").lower())


class PaperNarrativeForm(VersionedForm):
    """The board paper's narrative sections, one text area each (``paper_narrative.SECTIONS``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.field] = forms.CharField(
                label=section.heading, required=False, help_text=section.hint + " Leave blank to leave it out.",
                widget=forms.Textarea(attrs={"rows": 6 if section.numbered else 4}),
            )
