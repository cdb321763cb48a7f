"""Delivery: HICM self-assessment, actions and milestones, risks, national-condition confirmations."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from bettercare.plans.fields import SourceField
from bettercare.plans.models import NationalCondition, Plan, Priority, Scheme

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class HicmModel(models.Model):
    """A version of the High Impact Change Model, loaded from ``catalogue/hicm/<code>.yaml``."""

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    maturity_levels = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class HicmChange(models.Model):
    model = models.ForeignKey(HicmModel, on_delete=models.CASCADE, related_name="changes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        unique_together = [("model", "number")]
        ordering = ["model", "number"]

    def __str__(self) -> str:
        return f"Change {self.number}: {self.title}"


class HicmAssessment(models.Model):
    """Self-assessed maturity of one change in one quarter, with the level planned for next quarter."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="hicm_assessments")
    change = models.ForeignKey(HicmChange, on_delete=models.PROTECT)
    quarter = models.CharField(max_length=10, blank=True, help_text="Blank = at plan stage")
    maturity = models.CharField(max_length=30, blank=True)
    planned_maturity = models.CharField(max_length=30, blank=True)
    rag = models.CharField(max_length=10, blank=True)
    narrative = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "change", "quarter")]


class Action(models.Model):
    """An action or milestone. ``deadline_text`` keeps the deadline as written ("March 2018",
    "Q3 2017/18"); ``deadline_start``/``deadline_end`` hold the window it means."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(max_length=40)
    change = models.ForeignKey(HicmChange, on_delete=models.PROTECT, null=True, blank=True)
    scheme = models.ForeignKey(Scheme, on_delete=models.SET_NULL, null=True, blank=True)
    priority = models.ForeignKey(Priority, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    deadline_text = models.CharField(max_length=100, blank=True)
    deadline_start = models.DateField(null=True, blank=True)
    deadline_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=100, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "ref")]
        ordering = ["plan", "change__number", "ref"]


class Risk(models.Model):
    """A risk scored likelihood x impact (1-5 each). ``stated_score`` and ``rating`` keep what the
    document printed so a check can compare them with the computed score."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    ref = models.CharField(max_length=40)
    scheme = models.ForeignKey(Scheme, on_delete=models.SET_NULL, null=True, blank=True)
    title = models.TextField()
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=ONE_TO_FIVE)
    stated_score = models.PositiveSmallIntegerField(null=True, blank=True)
    rating = models.CharField(max_length=30, blank=True)
    mitigation = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True)
    review_date = models.DateField(null=True, blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "ref")]
        ordering = ["plan", "ref"]

    @property
    def score(self) -> int | None:
        """Risk score = likelihood x impact (seed 003: 3 x 4 = 12); None when either is missing."""
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact


class ConditionConfirmation(models.Model):
    """A national condition confirmed (or not) at plan stage (quarter blank) or in a quarter."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="condition_confirmations")
    condition = models.ForeignKey(NationalCondition, on_delete=models.PROTECT)
    quarter = models.CharField(max_length=10, blank=True)
    confirmed = models.BooleanField(null=True, blank=True, help_text="Empty = not answered")
    narrative = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "condition", "quarter")]
