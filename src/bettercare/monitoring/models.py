"""What happened: metric actuals, finance monitoring lines and local KPIs with comparators."""

from django.db import models
from simple_history.models import HistoricalRecords

from bettercare.plans.models import Plan, Scheme
from bettercare.plans.versioning import Versioned
from bettercare.reference.fields import MoneyField, QuarterField, SourceField
from bettercare.reference.models import Area, FundingStream, Locality, Metric, Organisation


class MetricActual(models.Model):
    """An observed metric figure for an area or locality over [period_start, period_end].

    ``value`` is the figure as stated by the source; the monitoring layer recomputes it from
    numerator / denominator x multiplier and flags disagreement. Actuals belong to the area and
    period, never to a plan version: there is one per area, locality, metric, period and
    component, whatever the number of plan versions or imports."""

    ORIGINS = [("scenario", "Demo scenario"), ("imported", "Imported"), ("computed", "Computed from records")]
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="metric_actuals")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True)
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT)
    label = models.CharField(max_length=150, blank=True)
    period = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    component = models.CharField(max_length=20, blank=True)
    numerator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    value_decimals = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Decimal places of the value as printed in the source (90.00 -> 2)")
    note = models.TextField(blank=True)
    origin = models.CharField(max_length=10, choices=ORIGINS, default="imported")
    source = SourceField()
    as_at = models.DateField(null=True, blank=True)
    definition = models.ForeignKey(
        "reference.MetricDefinition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="The catalogue definition in force when the figure was computed or imported",
    )
    history = HistoricalRecords()

    class Meta:
        # One figure per HWB x locality x metric x period (and component): the label says where the
        # figure was read, it does not make a second figure. Two constraints because a unique key
        # over a nullable column treats NULLs as distinct (HWB-level rows have no locality).
        constraints = [
            models.UniqueConstraint(
                fields=["area", "locality", "metric", "period", "component"],
                condition=models.Q(locality__isnull=False),
                name="one_actual_per_locality_metric_period",
            ),
            models.UniqueConstraint(
                fields=["area", "metric", "period", "component"],
                condition=models.Q(locality__isnull=True),
                name="one_actual_per_hwb_metric_period",
            ),
        ]
        ordering = ["area", "metric", "locality", "period_start"]


class FinanceLine(Versioned):
    """Finance monitoring for a quarter: budget, actual to date, forecast outturn (and carry-forward),
    for the whole fund, a partner, a stream or a scheme."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="finance_lines")
    quarter = QuarterField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, null=True, blank=True)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, null=True, blank=True)
    line = models.CharField(max_length=200, blank=True)
    budget = MoneyField(null=True, blank=True)
    actual_to_date = MoneyField(null=True, blank=True)
    forecast_outturn = MoneyField(null=True, blank=True)
    carry_forward = MoneyField(null=True, blank=True)
    note = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "quarter", "organisation", "stream", "scheme", "line")]


class KpiSet(models.Model):
    """A document that reports an HWB's local indicators with comparators, such as the LGA
    peer-review pack (seed 002: a KPI table with family-group averages). It is not a plan: it has
    no funding, schemes or plan targets, and no versions or sign-off."""

    KINDS = [("peer_review", "Peer-review pack"), ("kpi_report", "Local KPI report")]
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="kpi_sets")
    kind = models.CharField(max_length=20, choices=KINDS, default="peer_review")
    title = models.CharField(max_length=300)
    written_on = models.CharField(
        "date of the document", max_length=40, blank=True, help_text="As the document states it, e.g. September 2018"
    )
    document = models.CharField(max_length=80, blank=True, help_text="The source document's file")
    scenario = models.CharField(max_length=60, blank=True, help_text="Demo scenario this set was loaded from")
    notes = models.JSONField(default=list, blank=True, help_text="Facts kept from the document, each with its source")
    history = HistoricalRecords()

    class Meta:
        unique_together = [("area", "title")]
        ordering = ["area", "title"]
        verbose_name = "KPI set"

    def __str__(self) -> str:
        return self.title


class LocalKPI(models.Model):
    """A local key performance indicator with an optional target and comparator (e.g. family-group
    average, seed 002), reported in a KPI set (a document such as a peer-review pack)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="kpis")
    kpi_set = models.ForeignKey(
        KpiSet, on_delete=models.CASCADE, null=True, blank=True, related_name="kpis",
        help_text="The document that reports this indicator",
    )
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True)
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=40, blank=True)
    polarity = models.CharField(max_length=8, blank=True)
    period = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    value_text = models.CharField(max_length=100, blank=True, help_text="Value as written when not a number")
    target = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    comparator_label = models.CharField(max_length=100, blank=True)
    comparator_value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    scenario = models.CharField(max_length=60, blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("area", "locality", "name", "period", "scenario")]
        verbose_name = "local KPI"


class MetricCommentary(Versioned):
    """An editor's commentary on a metric for an HWB and period (the Appendix A "commentary" column)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="metric_commentaries")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE)
    period = models.CharField(max_length=10)
    text = models.TextField()
    updated_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("area", "metric", "period")]
        verbose_name_plural = "metric commentaries"


class SpcNote(models.Model):
    """A dated note on an area's SPC chart of a metric ("Home First launched"). With ``rebase`` the
    chart's limits start afresh from the period containing the date, and the note is the reason
    (Making Data Count: rebase only for a known, sustained change). Keyed by metric code so that a
    note holds across policy periods."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="spc_notes")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True)
    metric_code = models.CharField(max_length=60)
    on = models.DateField("date")
    text = models.CharField(max_length=200)
    rebase = models.BooleanField(default=False, help_text="Start new limits from this date")
    created_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "metric_code", "on"]
        verbose_name = "SPC chart note"

    def __str__(self) -> str:
        return f"{self.metric_code} {self.on}: {self.text}"


class ComparatorGroup(models.Model):
    """A named set of HWBs an HWB is compared with: a region or an ICB (kept in step with the national
    register), or one a user defined (e.g. a CIPFA family group). Its members are versioned
    (``ComparatorGroupVersion``): a change adds a version, earlier ones are kept. A user-defined group
    may belong to an HWB (``owner``), whose editors may change it; the national team may change any."""

    KINDS = [("region", "Region"), ("icb", "ICB"), ("user", "User-defined")]
    kind = models.CharField(max_length=10, choices=KINDS)
    code = models.CharField(max_length=60, unique=True, help_text='"region-<GSS>", "icb-<ODS>" or chosen')
    name = models.CharField(max_length=150)
    owner = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="comparator_groups",
                              help_text="The HWB whose editors may change this group (user-defined groups)")
    description = models.TextField(blank=True)
    created_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> "ComparatorGroupVersion | None":
        return self.versions.order_by("-number").first()


class ComparatorGroupVersion(models.Model):
    """One version of a comparator group's members, with who made it, when and why."""

    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    members = models.ManyToManyField(Area, related_name="comparator_group_versions")
    note = models.TextField(blank=True, help_text="Why the members are what they are (source or reason for change)")
    author = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    author_name = models.CharField(max_length=150, help_text="Who made it (a user, or the national register)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("group", "number")]
        ordering = ["group", "number"]

    def __str__(self) -> str:
        return f"{self.group} v{self.number}"
