"""Forms of the plan editor. Each validates what a user types and names the rule broken in
plain English; none writes anything (the views save through ``editing``).

Why it is long: one form per section of the plan editor (contributions, schemes, spend, impacts,
targets, contingency, stated totals, finance lines, conditions) with the shared GOV.UK widget
handling; each form is short."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from bettercare.indicators.periods import FinancialYear, exact, span
from bettercare.monitoring.models import FinanceLine
from bettercare.plans.models import ContingencyLine, Contribution, MetricTarget, Plan, Priority, Scheme, SchemeFinance
from bettercare.reference.form_messages import NamedErrors, one_of
from bettercare.reference.models import FundingStream, Locality, Metric, Organisation, SchemeType

AREAS_OF_SPEND = [
    ("", "Not given"),
    ("social_care", "Social care"),
    ("community_health", "Community health"),
    ("acute", "Acute"),
    ("mental_health", "Mental health"),
    ("primary_care", "Primary care"),
    ("other", "Other"),
]
COMPONENTS = [("", "Not split"), ("nhs", "NHS"), ("social_care", "Social care"), ("both", "Both")]


def plain(value: Decimal | None) -> str | None:
    """An amount as a user would type it: 2034000, or 1234.5 when there are pence."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f") if value != value.to_integral_value() else str(int(value))


class MoneyField(forms.DecimalField):
    """Pounds, with or without "£" and thousands commas; at most 2 decimal places; not negative."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}))
        super().__init__(**kwargs)
        self.error_messages.update(
            invalid="Enter an amount in pounds, like 11443000 or 1,234.50",
            max_decimal_places="Enter an amount with no more than 2 decimal places (pence)",
            max_digits="Enter an amount below £1,000,000,000,000",
            min_value="Enter an amount of £0 or more",
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("£", "").strip()
        return super().to_python(value)


def plan_years(plan: Plan) -> list[FinancialYear]:
    """The plan's financial years: its period's, plus any year already used in its rows."""
    years = set(plan.period.years)
    years |= set(plan.contributions.values_list("financial_year", flat=True))
    years |= set(SchemeFinance.objects.filter(scheme__plan=plan).values_list("financial_year", flat=True))
    return sorted(years)


def seen_version_field() -> forms.IntegerField:
    """The hidden version of the row as the form was opened (optimistic locking; 0 = a new row)."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def keep_after_stale(form: forms.BaseForm, message: str, **current: str) -> forms.BaseForm:
    """The form as the user typed it, with ``message`` at the top and its hidden version fields set to the
    rows' ``current`` versions (field=value): nothing the user typed is lost, and saving again is a
    deliberate choice."""
    data = form.data.copy()
    for field, value in current.items():
        data[form.add_prefix(field)] = value
    kept = type(form)(data, **form.init_kwargs)
    kept.is_valid()
    kept.add_error(None, f"{message} What you typed is kept below: check their change, then save again "
                         "to replace it, or cancel.")
    return kept


def hwb_organisations(plan: Plan, keep: int | None = None):
    """The bodies a choice of organisation offers for ``plan``: those named as partners or
    contributors in any plan of the same HWB (plus ``keep``, the row's current one), so that
    Norfolk's list holds Norfolk's bodies only. An HWB with none recorded yet is offered every body."""
    from django.db.models import Q

    area = Q(planorganisation__plan__area=plan.area) | Q(contribution__plan__area=plan.area)
    if keep:
        area |= Q(pk=keep)
    scoped = Organisation.objects.filter(area).distinct().order_by("name")
    return scoped if scoped.exists() else Organisation.objects.order_by("name")


class PlanRowForm(NamedErrors, forms.ModelForm):
    """Shared set-up: choices limited to the plan's period and HWB; a natural key may not repeat;
    the row's version as opened travels in ``seen_version``."""

    unique_fields: tuple[str, ...] = ()
    unique_message = "This row already exists: change that one instead"

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        self.init_kwargs = {"plan": plan, **{k: v for k, v in kwargs.items() if k in ("instance", "auto_id")}}
        super().__init__(*args, **kwargs)
        self.fields["seen_version"] = seen_version_field()
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else 0
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                if model is FundingStream or model is SchemeType:
                    field.queryset = model.objects.filter(period=plan.period)
                elif model is Locality:
                    field.queryset = Locality.objects.filter(area=plan.area)
                elif model is Metric:
                    field.queryset = Metric.objects.filter(
                        period=plan.period, area__isnull=True
                    ) | Metric.objects.filter(period=plan.period, area=plan.area)
                elif model is Priority:
                    field.queryset = Priority.objects.filter(plan=plan)
                elif model is Organisation:
                    field.queryset = hwb_organisations(plan, getattr(self.instance, f"{name}_id", None))
                field.empty_label = "Not chosen" if not field.required else "Choose"
            if name == "financial_year":
                years = plan_years(plan)
                field.widget = forms.Select(
                    choices=[("", "Choose a year" if field.required else "Not chosen")] + [(y, y) for y in years]
                )

    def clean(self):
        cleaned = super().clean()
        if self.unique_fields and not any(name in self.errors for name in self.unique_fields):
            keys = {name: cleaned.get(name) for name in self.unique_fields}
            keys = {
                name: ("" if value is None and name in ("financial_year", "label", "component", "line") else value)
                for name, value in keys.items()
            }
            clash = self._meta.model.objects.filter(plan=self.plan, **keys)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(self.unique_message)
        return cleaned


class ContributionForm(PlanRowForm):
    unique_fields = ("organisation", "stream", "financial_year", "locality")
    unique_message = (
        "This partner already contributes from this stream in this year and locality: change that contribution instead"
    )
    amount = MoneyField(label="Amount (£)")
    actual_amount = MoneyField(
        label="Actual amount (£)",
        required=False,
        help_text="Only where the plan states an actual contribution beside the minimum",
    )

    class Meta:
        model = Contribution
        fields = ["organisation", "stream", "financial_year", "locality", "amount", "actual_amount", "note", "source"]
        labels = {"organisation": "Partner", "stream": "Funding stream", "locality": "Locality"}
        help_texts = {"source": "Where the figure comes from, e.g. 'Finance - Summary, row 3'"}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "organisation": {"required": "Choose the partner"},
            "stream": {"required": "Choose the funding stream"},
            "amount": {"required": "Enter the amount in pounds"},
        }


class ContingencyForm(PlanRowForm):
    unique_fields = ("locality", "outcome", "financial_year", "label")
    unique_message = "There is already a line for this locality, outcome and column: change it instead"
    planned_savings = MoneyField(label="Planned savings if targets are fully achieved (£)", required=False)
    maximum_support = MoneyField(
        label="Maximum support needed for other services if targets are not achieved (£)", required=False
    )

    class Meta:
        model = ContingencyLine
        fields = [
            "locality",
            "outcome",
            "metric",
            "financial_year",
            "label",
            "planned_savings",
            "maximum_support",
            "note",
            "source",
        ]
        labels = {"label": "Column label", "metric": "Metric the outcome depends on"}
        help_texts = {"label": "For a column without a year, e.g. 'Ongoing'"}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"outcome": {"required": "Enter the outcome"}}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        one_of(self, "financial_year", "label")
        self.fields["financial_year"].help_text = "Choose a financial year, or give a column label below"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("financial_year") and not cleaned.get("label"):
            self.add_error("financial_year", "Choose a financial year or give a column label such as 'Ongoing'")
        return cleaned


class MetricTargetForm(PlanRowForm):
    """A metric ambition. The period is typed as 2018-19, 2018-19-Q1, 2018-07 or 2012-04..2013-03;
    the stated value keeps the decimal places as typed (90.00 -> 2), for the rounding check."""

    unique_fields = ("metric", "locality", "kind", "period", "label", "component")
    unique_message = "This metric already has a row of this kind, period, label and component: change it instead"
    value = forms.CharField(label="Stated value", required=False, help_text="As printed, e.g. 702.5 or 90.00")
    component = forms.ChoiceField(choices=COMPONENTS, required=False, label="Component (delayed transfers of care)")

    class Meta:
        model = MetricTarget
        fields = [
            "metric",
            "locality",
            "kind",
            "label",
            "period",
            "component",
            "numerator",
            "denominator",
            "value",
            "replaces",
            "note",
            "source",
        ]
        labels = {"replaces": "Replaces value (for a re-based target)", "label": "Label (column heading)"}
        help_texts = {"period": "For example 2018-19, 2018-19-Q1, 2018-07 or 2012-04..2013-03"}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "metric": {"required": "Choose the metric"},
            "kind": {"required": "Choose the kind of row"},
            "period": {"required": "Enter the period"},
        }

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        try:
            if ".." in text:
                start, end = text.split("..", 1)
                label, first, last = span({"start": start.strip(), "end": end.strip()})
            else:
                label, first, last = span(text)
        except (ValueError, KeyError):
            raise ValidationError("Enter a period like 2018-19, 2018-19-Q1, 2018-07 or 2012-04..2013-03") from None
        self.period_start, self.period_end = first, last
        return label

    def clean_value(self):
        text = (self.cleaned_data.get("value") or "").replace(",", "").strip()
        if not text:
            self.value_decimals = None
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Enter the stated value as a number, like 702.5") from None
        if not number.is_finite():
            raise ValidationError("Enter the stated value as a number, like 702.5")
        exponent = number.as_tuple().exponent
        self.value_decimals = max(0, -exponent)
        if self.value_decimals > 6:
            raise ValidationError("Enter the stated value with no more than 6 decimal places")
        return number

    def clean_denominator(self):
        value = self.cleaned_data.get("denominator")
        if value is not None and value == 0:
            raise ValidationError("The denominator cannot be 0")
        return value

    def save(self, commit: bool = True):
        target = super().save(commit=False)
        target.period_start, target.period_end = self.period_start, self.period_end
        target.value_decimals = self.value_decimals
        if commit:
            target.save()
        return target


class SchemeForm(PlanRowForm):
    """All the fields of a scheme, its spend and planned benefits per year, and the strength of its
    contribution to each metric of the period."""

    unique_fields = ("ref",)
    unique_message = "Another scheme already has this reference: references must be unique in the plan"
    area_of_spend = forms.ChoiceField(choices=AREAS_OF_SPEND, required=False, label="Area of spend")
    new_or_existing = forms.ChoiceField(
        choices=[("", "Not given"), *Scheme.NEW_OR_EXISTING], required=False, label="New or existing"
    )

    class Meta:
        model = Scheme
        fields = [
            "ref",
            "name",
            "locality",
            "priority",
            "scheme_type",
            "area_of_spend",
            "lead_provider",
            "commissioner",
            "funding_stream",
            "new_or_existing",
            "description",
            "source",
        ]
        labels = {"ref": "Scheme reference", "name": "Scheme name", "funding_stream": "Main funding stream"}
        help_texts = {"ref": "Unique in the plan, e.g. NN4 or GY&W2"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "ref": {"required": "Enter the scheme reference"},
            "name": {"required": "Enter the scheme name"},
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.years = plan_years(plan)
        finances = {(f.kind, f.financial_year): f for f in self.instance.finances.all()} if self.instance.pk else {}
        streams = FundingStream.objects.filter(period=plan.period)
        self.finance_rows = []
        for kind, title in (("spend", "Spend"), ("benefit", "Planned benefit (saving)")):
            for year in self.years:
                line = finances.get((kind, year))
                names = {part: f"{kind}_{part}_{year}" for part in ("recurrent", "non_recurrent")}
                self.fields[names["recurrent"]] = MoneyField(
                    label=f"{title} {year}, recurrent (£)", required=False, initial=line.recurrent if line else None
                )
                self.fields[names["non_recurrent"]] = MoneyField(
                    label=f"{title} {year}, non-recurrent (£)",
                    required=False,
                    initial=line.non_recurrent if line else None,
                )
                if kind == "spend":
                    names["stream"] = f"spend_stream_{year}"
                    self.fields[names["stream"]] = forms.ModelChoiceField(
                        streams,
                        required=False,
                        label=f"Spend {year}, funding stream",
                        empty_label="The scheme's main stream",
                        initial=line.funding_stream_id if line else None,
                    )
                self.finance_rows.append({"kind": kind, "title": title, "year": year, "names": names})
        impacts = {i.metric_id: i for i in self.instance.metric_impacts.all()} if self.instance.pk else {}
        self.impact_rows = []
        for metric in Metric.objects.filter(period=plan.period, area__isnull=True).order_by("id"):
            impact = impacts.get(metric.id)
            score, text, why = (
                f"impact_score_{metric.code}",
                f"impact_text_{metric.code}",
                f"impact_rationale_{metric.code}",
            )
            self.fields[score] = forms.TypedChoiceField(
                choices=[("", "Not rated")] + [(str(n), str(n)) for n in range(1, 6)],
                coerce=int,
                empty_value=None,
                required=False,
                label=f"{metric.title}: strength (1 low to 5 high)",
                initial=str(impact.score) if impact and impact.score else "",
            )
            self.fields[text] = forms.CharField(
                required=False,
                max_length=20,
                label=f"{metric.title}: rating as written (e.g. '4 - 5')",
                initial=impact.score_text if impact else "",
            )
            self.fields[why] = forms.CharField(
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=f"{metric.title}: rationale",
                initial=impact.rationale if impact else "",
            )
            self.impact_rows.append({"metric": metric, "names": (score, text, why)})
        self.fields["seen_finances"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=finance_versions(self.instance)
        )

    def seen_finances(self) -> dict[tuple[str, FinancialYear], int] | None:
        """The version of each spend and benefit line as the form was opened (None: not posted, not checked)."""
        if self.add_prefix("seen_finances") not in self.data:
            return None
        return parse_finance_versions(self.cleaned_data.get("seen_finances") or "")

    def finance_values(self) -> list[dict]:
        """The finance rows as typed: kind, year, recurrent, non-recurrent, stream."""
        values = []
        for row in self.finance_rows:
            names = row["names"]
            values.append(
                {
                    "kind": row["kind"],
                    "financial_year": row["year"],
                    "recurrent": self.cleaned_data.get(names["recurrent"]),
                    "non_recurrent": self.cleaned_data.get(names["non_recurrent"]),
                    "funding_stream": self.cleaned_data.get(names.get("stream", "")) if "stream" in names else None,
                }
            )
        return values

    def impact_values(self) -> list[dict]:
        return [
            {
                "metric": row["metric"],
                "score": self.cleaned_data.get(row["names"][0]),
                "score_text": self.cleaned_data.get(row["names"][1]) or "",
                "rationale": self.cleaned_data.get(row["names"][2]) or "",
            }
            for row in self.impact_rows
        ]


def finance_versions(scheme: Scheme, kinds: tuple[str, ...] = ("spend", "benefit")) -> str:
    """The versions of a scheme's finance lines as "spend/2015-16:3,benefit/2015-16:1" (a hidden field)."""
    if scheme.pk is None:
        return ""
    lines = sorted((f.kind, f.financial_year, f.version) for f in scheme.finances.all() if f.kind in kinds)
    return ",".join(f"{kind}/{year}:{version}" for kind, year, version in lines)


def parse_finance_versions(text: str) -> dict[tuple[str, FinancialYear], int]:
    """ "spend/2015-16:3" -> {("spend", FinancialYear(2015)): 3}; a malformed part is ignored (seen as
    no line)."""
    seen = {}
    for part in text.split(","):
        key, _, version = part.partition(":")
        kind, _, year = key.strip().partition("/")
        if kind and isinstance(exact(year), FinancialYear) and version.isdigit():
            seen[(kind, exact(year))] = int(version)
    return seen


class SpendForm(NamedErrors, forms.Form):
    """The inline spend of one scheme: recurrent and non-recurrent per plan year."""

    def __init__(self, *args, scheme: Scheme, years: list[FinancialYear], **kwargs):
        super().__init__(*args, **kwargs)
        self.init_kwargs = {"scheme": scheme, "years": years, **{k: v for k, v in kwargs.items() if k == "auto_id"}}
        self.scheme = scheme
        self.years = years
        lines = {f.financial_year: f for f in scheme.finances.all() if f.kind == "spend"}
        self.cells = []
        for year in years:
            line = lines.get(year)
            for part, title in (("recurrent", "Recurrent"), ("non_recurrent", "Non-recurrent")):
                name = f"{part}_{year}"
                self.fields[name] = MoneyField(
                    label=f"{scheme.ref} {year} {title} spend (£)",
                    required=False,
                    initial=plain(getattr(line, part)) if line else None,
                )
                self.cells.append({"name": name, "year": year, "part": part, "title": title})
        self.fields["seen_versions"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=finance_versions(scheme, ("spend",))
        )

    @property
    def by_year(self) -> list[tuple[FinancialYear, list[dict]]]:
        """The cells grouped by year, for a table with one column per year."""
        return [(year, [cell for cell in self.cells if cell["year"] == year]) for year in self.years]

    def seen(self) -> dict[tuple[str, FinancialYear], int] | None:
        """The version of each spend line as the form was opened (a line not there then: absent); None
        when the post carries no versions (a client other than the editor page: not checked)."""
        if self.add_prefix("seen_versions") not in self.data:
            return None
        return parse_finance_versions(self.cleaned_data.get("seen_versions") or "")

    def values(self) -> dict[FinancialYear, dict[str, Decimal | None]]:
        result: dict[FinancialYear, dict[str, Decimal | None]] = {}
        for cell in self.cells:
            result.setdefault(cell["year"], {})[cell["part"]] = self.cleaned_data.get(cell["name"])
        return result


class ConditionsForm(NamedErrors, forms.Form):
    """A plan-stage answer (Yes / No / not answered) and narrative for each national condition."""

    ANSWERS = [("yes", "Yes"), ("no", "No"), ("", "Not answered yet")]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        answers = {c.condition_id: c for c in plan.condition_confirmations.filter(quarter="")}
        self.rows = []
        for condition in plan.period.national_conditions.order_by("number"):
            answer = answers.get(condition.id)
            initial = "" if answer is None or answer.confirmed is None else ("yes" if answer.confirmed else "no")
            self.fields[f"answer_{condition.code}"] = forms.ChoiceField(
                choices=self.ANSWERS,
                required=False,
                widget=forms.RadioSelect,
                initial=initial,
                label=f"{condition.number}. {condition.title}",
            )
            self.fields[f"narrative_{condition.code}"] = forms.CharField(
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                label=f"Condition {condition.number}: narrative",
                initial=answer.narrative if answer else "",
            )
            self.rows.append(
                {
                    "condition": condition,
                    "answer": f"answer_{condition.code}",
                    "narrative": f"narrative_{condition.code}",
                }
            )

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            if cleaned.get(row["answer"]) == "no" and not (cleaned.get(row["narrative"]) or "").strip():
                self.add_error(row["narrative"], f"Explain why condition {row['condition'].number} is not met")
        return cleaned


class FinanceLineForm(PlanRowForm):
    """A quarter's monitoring line for the whole fund, a partner, a stream or a scheme."""

    unique_fields = ("quarter", "organisation", "stream", "scheme", "line")
    unique_message = "There is already a line for this quarter, partner, stream, scheme and label: change it instead"
    budget = MoneyField(label="Budget (£)", required=False)
    actual_to_date = MoneyField(label="Actual to date (£)", required=False)
    forecast_outturn = MoneyField(label="Forecast outturn (£)", required=False)
    carry_forward = MoneyField(label="Carry-forward to reserves (£)", required=False)

    class Meta:
        model = FinanceLine
        fields = [
            "quarter",
            "organisation",
            "stream",
            "scheme",
            "line",
            "budget",
            "actual_to_date",
            "forecast_outturn",
            "carry_forward",
            "note",
            "source",
        ]
        labels = {"organisation": "Partner", "stream": "Funding stream", "line": "Line label"}
        help_texts = {
            "quarter": "For example 2018-19-Q1 (Q1 is April to June)",
            "line": "For example 'Total' for the whole fund",
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"quarter": {"required": "Enter the quarter, like 2018-19-Q1"}}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.filter(plan=plan).order_by("ref")
        self.fields["scheme"].empty_label = "Not chosen"
        self.fields["quarter"].error_messages["invalid"] = "Enter a quarter like 2018-19-Q1"
        one_of(self, "budget", "actual_to_date", "forecast_outturn", "carry_forward")
        self.fields["budget"].help_text = (
            "Enter at least one of budget, actual to date, forecast outturn or carry-forward"
        )

    def clean(self):
        cleaned = super().clean()
        figures = ("budget", "actual_to_date", "forecast_outturn", "carry_forward")
        if not any(cleaned.get(name) is not None for name in figures) and not self.errors:
            self.add_error("budget", "Enter at least one of budget, actual to date, forecast outturn or carry-forward")
        return cleaned


class ImportForm(NamedErrors, forms.Form):
    workbook = forms.FileField(
        label="Planning workbook (.xlsx)",
        error_messages={"required": "Choose a planning workbook to upload"},
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError("The file must be an Excel workbook ending in .xlsx")
        return upload
