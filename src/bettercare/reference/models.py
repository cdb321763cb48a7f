"""Reference data every app points to: policy periods and the database mirror of the catalogue
(funding streams, scheme types, national conditions, metrics, High Impact Change Model), areas
(Health and Wellbeing Boards, identified by ONS GSS code) and their localities, populations and
organisations (ODS / GSS codes).

These models were defined in ``plans`` (and the HICM model in ``delivery``) until the reference
floor was split out; their tables keep the old names (``db_table``) so that an existing database
upgrades with no data moved (migration ``reference/0001``). Catalogue rows are written only by
``reference.mirror`` from ``bettercare/catalogue`` files, never hard-coded."""

from django.db import models
from simple_history.models import HistoricalRecords

from bettercare.indicators.periods import FinancialYear

from .fields import FinancialYearField, SourceField


class PolicyPeriod(models.Model):
    code = models.CharField(max_length=10, unique=True)  # "2017-19"
    title = models.CharField(max_length=200)
    financial_years = models.JSONField(default=list)
    hicm_model = models.CharField(max_length=20, blank=True)

    class Meta:
        db_table = "plans_policyperiod"  # created by plans before the move; kept so data stays
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        """The period's financial years as typed values (``financial_years`` holds their text)."""
        return tuple(FinancialYear.parse(year) for year in self.financial_years or [])


class Area(models.Model):
    """A Health and Wellbeing Board area, identified by its ONS GSS code."""

    KINDS = [
        ("county", "County"),
        ("unitary", "Unitary"),
        ("metropolitan", "Metropolitan district"),
        ("london_borough", "London borough"),
    ]
    gss_code = models.CharField("ONS GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=KINDS, default="county")

    class Meta:
        db_table = "plans_area"  # created by plans before the move; kept so data stays
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Locality(models.Model):
    """A part of an HWB area, e.g. a CCG area (ODS code)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="localities")
    code = models.CharField(max_length=12)
    name = models.CharField(max_length=150)
    short_name = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=20, default="ccg")
    source = SourceField()

    class Meta:
        db_table = "plans_locality"  # created by plans before the move; kept so data stays
        unique_together = [("area", "code")]
        ordering = ["area", "name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.short_name or self.name


class Population(models.Model):
    """ONS mid-year estimate (or stated figure) for an area or locality, by financial year and age band."""

    AGE_BANDS = [("all", "All ages"), ("18+", "Aged 18 and over"), ("65+", "Aged 65 and over")]
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="populations")
    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, null=True, blank=True)
    financial_year = FinancialYearField(blank=True, help_text="Blank when the source does not state the year")
    age_band = models.CharField(max_length=10, choices=AGE_BANDS)
    population = models.PositiveIntegerField()
    note = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords(table_name="plans_historicalpopulation")

    class Meta:
        db_table = "plans_population"  # created by plans before the move; kept so data stays
        unique_together = [("area", "locality", "financial_year", "age_band")]


class Organisation(models.Model):
    KINDS = [
        ("county_council", "County council"),
        ("unitary_council", "Unitary council"),
        ("district_council", "District council"),
        ("ccg", "Clinical commissioning group"),
        ("icb", "Integrated care board"),
        ("nhs_trust", "NHS trust"),
        ("voluntary", "Voluntary sector"),
        ("other", "Other"),
    ]
    code = models.CharField("ODS or GSS code", max_length=30, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KINDS)
    code_confirmed = models.BooleanField(default=True)
    source = SourceField()

    class Meta:
        db_table = "plans_organisation"  # created by plans before the move; kept so data stays
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundingStream(models.Model):
    period = models.ForeignKey(PolicyPeriod, on_delete=models.CASCADE, related_name="funding_streams")
    code = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, default="revenue")  # revenue | capital
    passed_to_districts = models.BooleanField(default=False)

    class Meta:
        db_table = "plans_fundingstream"  # created by plans before the move; kept so data stays
        unique_together = [("period", "code")]
        ordering = ["period", "id"]

    def __str__(self) -> str:
        return self.title


class SchemeType(models.Model):
    period = models.ForeignKey(PolicyPeriod, on_delete=models.CASCADE, related_name="scheme_types")
    code = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    confirmed = models.BooleanField(default=True)

    class Meta:
        db_table = "plans_schemetype"  # created by plans before the move; kept so data stays
        unique_together = [("period", "code")]

    def __str__(self) -> str:
        return self.title


class NationalCondition(models.Model):
    period = models.ForeignKey(PolicyPeriod, on_delete=models.CASCADE, related_name="national_conditions")
    code = models.CharField(max_length=50)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        db_table = "plans_nationalcondition"  # created by plans before the move; kept so data stays
        unique_together = [("period", "code")]
        ordering = ["period", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Metric(models.Model):
    """A metric definition for a policy period, mirrored from the catalogue (or a local metric)."""

    POLARITIES = [("lower", "Lower is better"), ("higher", "Higher is better"), ("neutral", "No polarity")]
    period = models.ForeignKey(PolicyPeriod, on_delete=models.CASCADE, related_name="metrics")
    code = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    polarity = models.CharField(max_length=8, choices=POLARITIES)
    multiplier = models.PositiveIntegerField(default=1)
    unit = models.CharField(max_length=40, blank=True)
    population_base = models.CharField(max_length=10, blank=True)
    frequency = models.CharField(max_length=20, default="year")
    ci_method = models.CharField(max_length=20, blank=True)
    is_local = models.BooleanField(default=False)
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, help_text="Set for an HWB's own local metric"
    )
    definition = models.JSONField(default=dict, help_text="The catalogue entry as loaded")

    class Meta:
        db_table = "plans_metric"  # created by plans before the move; kept so data stays
        unique_together = [("period", "code", "area")]
        ordering = ["period", "id"]

    def __str__(self) -> str:
        return self.title


class HicmModel(models.Model):
    """A version of the High Impact Change Model, loaded from ``catalogue/hicm/<code>.yaml``."""

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    maturity_levels = models.JSONField(default=list)

    class Meta:
        db_table = "delivery_hicmmodel"  # created by delivery before the move; kept so data stays

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class HicmChange(models.Model):
    model = models.ForeignKey(HicmModel, on_delete=models.CASCADE, related_name="changes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        db_table = "delivery_hicmchange"  # created by delivery before the move; kept so data stays
        unique_together = [("model", "number")]
        ordering = ["model", "number"]

    def __str__(self) -> str:
        return f"Change {self.number}: {self.title}"


class CatalogueVersion(models.Model):
    """One version of a policy period's catalogue file, kept whole as it was given. The newest
    version of a period is in force; older ones stay, so figures keep the definition they were
    computed with (``MetricDefinition``). A correction is a new version, never an edit."""

    ORIGINS = [("release", "Shipped with bettercare"), ("cli", "Command line"), ("web", "Web upload")]
    period_code = models.CharField(max_length=10)
    version = models.PositiveIntegerField()
    file_name = models.CharField(max_length=200)
    content = models.TextField(help_text="The YAML text as given")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the content")
    origin = models.CharField(max_length=10, choices=ORIGINS)
    author = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, blank=True)
    author_name = models.CharField(max_length=150, help_text="Who added it (a user, or the release)")
    note = models.TextField(blank=True, help_text="Why this version was added")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("period_code", "version")]
        ordering = ["period_code", "version"]

    def __str__(self) -> str:
        return f"{self.period_code} catalogue v{self.version}"


class MetricDefinition(models.Model):
    """A metric's catalogue entry as given by one catalogue version. Actuals point to the
    definition in force when they were computed or imported."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="definitions")
    catalogue_version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="definitions")
    definition = models.JSONField()

    class Meta:
        unique_together = [("metric", "catalogue_version")]
        ordering = ["metric", "catalogue_version__version"]

    def __str__(self) -> str:
        return f"{self.metric.code} ({self.catalogue_version})"


class Region(models.Model):
    """An ONS region of England (E12 code): the national register's first grouping of HWBs."""

    code = models.CharField("ONS GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class AreaRegistration(models.Model):
    """An HWB's entry in the national register (``reference.national_register``): its region, the
    dates its boundary was in force (blank: before 2014 / still in force) and whether it is one of the
    151 HWBs of the 2022-23 BCF list."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="registration")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="registrations")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="Last day the boundary was in force")
    in_bcf_list = models.BooleanField("in the 2022-23 BCF list", default=False)
    source = SourceField()

    class Meta:
        ordering = ["area__gss_code"]

    def __str__(self) -> str:
        return f"{self.area} ({self.region})"


class BoundaryChange(models.Model):
    """A predecessor → successor link between HWB areas (catalogue ``areas/hwb-boundary-changes.csv``)."""

    CHANGES = [("recode", "New GSS code, same area"), ("merge", "Merged into"), ("split", "Split")]
    effective = models.DateField()
    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="predecessor_links")
    change = models.CharField(max_length=10, choices=CHANGES)
    share = models.CharField(max_length=200, help_text='"whole" or the part (districts) that moved')
    source = SourceField()

    class Meta:
        unique_together = [("predecessor", "successor")]
        ordering = ["effective", "predecessor__gss_code", "successor__gss_code"]

    def __str__(self) -> str:
        return f"{self.predecessor.gss_code} → {self.successor.gss_code} ({self.effective})"


class AreaIcb(models.Model):
    """An HWB's link to an Integrated Care Board (an ``Organisation`` of kind "icb")."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="icb_links")
    icb = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="hwb_links")
    main = models.BooleanField(default=True, help_text="The ICB holding most of the HWB's districts")
    districts = models.CharField(max_length=200, blank=True, help_text="Blank when the whole HWB is in the ICB")
    source = SourceField()

    class Meta:
        unique_together = [("area", "icb")]
        ordering = ["area__gss_code", "-main", "icb__code"]
        verbose_name = "HWB–ICB link"
