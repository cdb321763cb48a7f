"""Plans: versions of an HWB's BCF plan, its partners and sign-offs, the pooled fund's
contributions, schemes and their finances, and metric ambitions. The areas, organisations and
catalogue rows a plan points to live in ``bettercare.reference``."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from bettercare.reference.fields import FinancialYearField, MoneyField, SourceField
from bettercare.reference.models import Area, FundingStream, Locality, Metric, Organisation, PolicyPeriod, SchemeType

from .immutable import GuardedQuerySet
from .versioning import Versioned


class PlanQuerySet(GuardedQuerySet):
    frozen_message = "A submitted, approved or assured plan is frozen: create a new version to make changes."

    def frozen_rows(self):
        return self.filter(status__in=Plan.FROZEN_STATUSES)


class Plan(models.Model):
    """One version of an HWB's BCF plan for a policy period. Submitted and later plans are frozen."""

    STATUSES = [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved"), ("assured", "Assured")]
    FROZEN_STATUSES = {"submitted", "approved", "assured"}
    objects = PlanQuerySet.as_manager()
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="plans")
    period = models.ForeignKey(PolicyPeriod, on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=12, choices=STATUSES, default="draft")
    submitted_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    assured_on = models.DateField(null=True, blank=True)
    scenario = models.CharField(max_length=60, blank=True, help_text="Demo scenario this plan was loaded from")
    seed = models.CharField(max_length=80, blank=True)
    notes = models.JSONField(default=list, blank=True, help_text="Facts kept from the source document")
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_versions",
        help_text="The version this one was copied from (empty for a first version or an import)",
    )
    history = HistoricalRecords()

    class Meta:
        unique_together = [("area", "period", "version")]
        ordering = ["area", "period", "version"]

    def __str__(self) -> str:
        return f"{self.area} {self.period} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN_STATUSES

    def delete(self, *args, **kwargs):
        """A frozen plan is a signed-off snapshot: it is never deleted."""
        stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored in self.FROZEN_STATUSES:
            raise ValidationError(f"Version {self.version} of this plan is {stored}, so it cannot be deleted.")
        return super().delete(*args, **kwargs)


class RollForwardRecord(models.Model):
    """How a draft plan was rolled forward from last year's plan: uplifts, mappings, who did it,
    and the line-by-line account (carried, uplifted, unmapped, not carried) shown as its diff."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="rolled_forward")
    source = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="rolled_into")
    uplifts = models.JSONField(default=dict, help_text="Stream id -> percent, as text")
    mapping = models.JSONField(default=dict, help_text="Old id -> new id given by the user")
    report = models.JSONField(default=dict)
    author = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.plan} rolled forward from {self.source}"


class PlanOrganisation(models.Model):
    """An organisation's roles in one plan: partner, commissioner, provider, pooled-budget holder."""

    ROLES = ["partner", "commissioner", "provider", "pooled_budget_holder"]
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    roles = models.JSONField(default=list)

    class Meta:
        unique_together = [("plan", "organisation")]


class SignOff(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="signoffs")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    signatory = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=150)
    signed_on = models.DateField(null=True, blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "organisation", "role")]


class Priority(models.Model):
    """A local theme or priority that groups schemes (Norfolk's five priorities, Leicestershire's themes)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = SourceField()

    class Meta:
        unique_together = [("plan", "code")]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.name


class Contribution(Versioned):
    """Money an organisation puts into the pooled fund from one stream in one financial year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT)
    financial_year = FinancialYearField()
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True)
    amount = MoneyField()
    actual_amount = MoneyField(
        null=True, blank=True, help_text="Actual contribution, where the plan states it beside the minimum"
    )
    note = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "organisation", "stream", "financial_year", "locality")]
        ordering = ["plan", "financial_year", "organisation__name"]


class Scheme(Versioned):
    NEW_OR_EXISTING = [("new", "New"), ("existing", "Existing")]
    AREAS_OF_SPEND = [("social_care", "Social care"), ("community_health", "Community health"), ("acute", "Acute"),
                      ("mental_health", "Mental health"), ("primary_care", "Primary care"), ("other", "Other")]
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="schemes")
    ref = models.CharField(max_length=40)
    name = models.CharField(max_length=300)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True)
    priority = models.ForeignKey(Priority, on_delete=models.SET_NULL, null=True, blank=True)
    scheme_type = models.ForeignKey(SchemeType, on_delete=models.PROTECT, null=True, blank=True)
    area_of_spend = models.CharField(max_length=40, choices=AREAS_OF_SPEND, blank=True)
    lead_provider = models.CharField(max_length=200, blank=True)
    commissioner = models.CharField(max_length=200, blank=True)
    funding_stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, null=True, blank=True)
    new_or_existing = models.CharField(max_length=10, choices=NEW_OR_EXISTING, blank=True)
    description = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "ref")]
        ordering = ["plan", "locality__name", "ref"]

    def __str__(self) -> str:
        return f"{self.ref} {self.name}"


class SchemeFinance(Versioned):
    """A scheme's planned spend, or planned benefits (savings), in one financial year."""

    KINDS = [("spend", "Spend"), ("benefit", "Planned benefit (saving)")]
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="finances")
    kind = models.CharField(max_length=10, choices=KINDS)
    financial_year = FinancialYearField()
    recurrent = MoneyField(default=0)
    non_recurrent = MoneyField(default=0)
    funding_stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("scheme", "kind", "financial_year")]
        ordering = ["scheme", "kind", "financial_year"]

    @property
    def total(self):
        return self.recurrent + self.non_recurrent


class SchemeMetricImpact(models.Model):
    """Strength of a scheme's contribution to a metric, 1 (low) to 5 (high), with a rationale."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="metric_impacts")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score_text = models.CharField(max_length=20, blank=True, help_text="A rating given as a range, e.g. '4 - 5'")
    rationale = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("scheme", "metric")]


class StatedTotal(models.Model):
    """A total as printed in the plan document, kept so checks can compare it with its lines."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stated_totals")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True)
    financial_year = FinancialYearField(blank=True)
    kind = models.CharField(max_length=40)  # spend_recurrent, benefit_recurrent, minimum, ...
    label = models.CharField(max_length=200, blank=True)
    amount = MoneyField()
    note = models.TextField(blank=True)
    source = SourceField()

    class Meta:
        unique_together = [("plan", "locality", "financial_year", "kind", "label")]


class ContingencyLine(models.Model):
    """2014-16 payment for performance: planned savings if targets are met, and the maximum support
    other services would need if they are not (seed 001)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="contingency_lines")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True)
    outcome = models.CharField(max_length=200)
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, null=True, blank=True)
    financial_year = FinancialYearField(blank=True)
    label = models.CharField(max_length=60, blank=True, help_text='Column heading, e.g. "Ongoing"')
    planned_savings = MoneyField(null=True, blank=True)
    maximum_support = MoneyField(null=True, blank=True)
    note = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "locality", "outcome", "financial_year", "label")]


class MetricTarget(models.Model):
    """A metric ambition: a baseline, an annual target or a trajectory point, for the HWB or a
    locality, covering the dates [period_start, period_end]. Re-basing keeps the replaced value."""

    KINDS = [("baseline", "Baseline"), ("target", "Target"), ("trajectory", "Trajectory"), ("forecast", "Forecast")]
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="metric_targets")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True)
    kind = models.CharField(max_length=12, choices=KINDS)
    label = models.CharField(max_length=150, blank=True)
    period = models.CharField(max_length=40)  # canonical label: "2018-19", "2012-04..2013-03"
    period_start = models.DateField()
    period_end = models.DateField()
    component = models.CharField(max_length=20, blank=True)  # nhs | social_care | both
    numerator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    value_decimals = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Decimal places of the value as printed in the source (90.00 -> 2)")
    replaces = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    note = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "metric", "locality", "kind", "period", "label", "component")]
        ordering = ["plan", "metric", "locality", "period_start"]


class FindingResponse(models.Model):
    """An editor's explanation of one plan-check finding and, once given, an approver's acceptance
    (who, when, why). ``key`` is the finding's stable identity across re-checks: its rule and a digest
    of its location and location keys (``planbook.checks.registry.Finding.key``). An accepted error no
    longer blocks submission."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="finding_responses")
    key = models.CharField(max_length=60)
    rule = models.CharField(max_length=20)
    location = models.CharField(max_length=300, help_text="Where the finding was, as the checks printed it")
    message = models.TextField(blank=True, help_text="What the checks said when it was explained")
    explanation = models.TextField()
    explained_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    explained_at = models.DateTimeField()
    accepted_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    acceptance_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "key")]
        ordering = ["plan", "rule", "location"]

    def __str__(self) -> str:
        return f"{self.rule} at {self.location} ({'accepted' if self.is_accepted else 'explained'})"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class PlanAssurance(models.Model):
    """The national team's assurance outcome for one plan version: approved, approved with conditions
    or not approved, with the conditions (each a text and a due date, as ``{"text", "due"}`` with the
    date in ISO form), a note to the HWB, and who recorded it when. One current record per version;
    a change keeps the earlier outcome in the history. Not copied to a new version."""

    OUTCOMES = [("approved", "Approved"), ("approved_with_conditions", "Approved with conditions"),
                ("not_approved", "Not approved")]
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="assurance")
    outcome = models.CharField(max_length=30, choices=OUTCOMES)
    conditions = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_outcome_display()}"

    @property
    def condition_rows(self) -> list[tuple[str, date]]:
        """The conditions as (text, due date), in the order entered."""
        return [(row["text"], date.fromisoformat(row["due"])) for row in self.conditions]
