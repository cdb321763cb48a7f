"""Editing metric definitions and targets: an HWB's local metrics, and re-basing a target."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bettercare.accounts.access import require
from bettercare.monitoring.targets import rebase_target
from bettercare.plans.models import Area, Metric, MetricTarget


class GovukForm(forms.Form):
    """Adds the GOV.UK Frontend classes to each widget."""

    CLASSES = {"textarea": "govuk-textarea", "select": "govuk-select", "radio": "govuk-radios__input"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = getattr(widget, "input_type", None) or ("textarea" if isinstance(widget, forms.Textarea) else "")
            widget.attrs.setdefault("class", self.CLASSES.get(kind, "govuk-input"))


class LocalMetricForm(GovukForm):
    code = forms.SlugField(label="Short id", help_text="For example dementia-diagnosis", max_length=60)
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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("numerator") is None and cleaned.get("value") is None:
            self.add_error("value", "Enter a new target count or a new target value")
        return cleaned


@login_required
def local_metric_new(request, gss_code: str):
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "edit", area)
    plan = area.plans.select_related("period").order_by("-period__code", "-version").first()
    if plan is None:
        raise PermissionDenied("This HWB has no plan to attach a local metric to.")
    form = LocalMetricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Metric.objects.filter(period=plan.period, code=data["code"]).exists():
            form.add_error("code", f"{data['code']} is already a metric of the {plan.period} period")
        else:
            definition = {
                "id": data["code"],
                "title": data["title"],
                "numerator": data["numerator"],
                "denominator": data["denominator"],
                "multiplier": data["multiplier"],
                "unit": data["unit"],
                "period": "year",
                "polarity": data["polarity"],
                "ci_method": data["ci_method"],
                "rag_rule": {"rule": "significance", "confidence": 0.95},
                "source": data["source"],
                "local": True,
            }
            Metric.objects.create(
                period=plan.period,
                area=area,
                code=data["code"],
                title=data["title"],
                polarity=data["polarity"],
                multiplier=data["multiplier"],
                unit=data["unit"],
                frequency="year",
                ci_method=data["ci_method"],
                is_local=True,
                definition=definition,
            )
            messages.success(request, f"Local metric {data['title']} added to {area}'s {plan.period} metrics.")
            return redirect("dashboard", gss_code=gss_code)
    return render(
        request,
        "bettercare/form_page.html",
        {
            "area": area,
            "form": form,
            "title": "Add a local metric",
            "intro": f"A local metric sits beside the national ones in {area}'s {plan.period} plan.",
            "submit": "Add local metric",
        },
    )


@login_required
def rebase(request, target_id: int):
    target = get_object_or_404(MetricTarget.objects.select_related("plan__area", "metric"), pk=target_id)
    require(request.user, "edit", target.plan)
    form = RebaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rebase_target(request.user, target, data["numerator"], data["value"], data["reason"], data["effective"])
        except PermissionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{target.metric.title}: target re-based; the previous figure is kept.")
            url = reverse("metric", args=[target.plan.area.gss_code, target.metric.code])
            return redirect(f"{url}?period={target.plan.period.financial_years[0]}")
    return render(
        request,
        "bettercare/form_page.html",
        {
            "area": target.plan.area,
            "form": form,
            "title": f"Re-base a target: {target.metric.title}",
            "intro": f"Current: {target.label or target.kind} {target.period}: count {target.numerator or '–'}, "
            f"value {target.value or '–'}. The current figure and your reason are kept in the history.",
            "submit": "Re-base target",
        },
    )
