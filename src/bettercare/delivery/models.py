"""Delivery: HICM self-assessment, actions and milestones, risks, national-condition confirmations,
and the quarterly return that gathers them for HWB sign-off.

Editable rows carry a ``version`` for optimistic locking (see ``plans.locking``); every save is
kept by django-simple-history with the user who made it, and refused stale saves are kept as
``RefusedEdit`` rows (``plans.versioning``) so that a history page shows both authors."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from bettercare.plans.immutable import GuardedQuerySet
from bettercare.plans.models import Plan, Priority, Scheme
from bettercare.plans.versioning import Versioned
from bettercare.reference.fields import QuarterField, SourceField
from bettercare.reference.models import Area, HicmChange, Metric, NationalCondition

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]




class HicmAssessment(Versioned):
    """Self-assessed maturity of one change in one quarter, with the level planned for next quarter."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="hicm_assessments")
    change = models.ForeignKey(HicmChange, on_delete=models.PROTECT)
    quarter = QuarterField(blank=True, help_text="Blank = at plan stage")
    maturity = models.CharField(max_length=30, blank=True)
    planned_maturity = models.CharField(max_length=30, blank=True)
    rag = models.CharField(max_length=10, blank=True)
    narrative = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "change", "quarter")]


class Action(Versioned):
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


class Risk(Versioned):
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


class ConditionConfirmation(Versioned):
    """A national condition confirmed (or not) at plan stage (quarter blank) or in a quarter."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="condition_confirmations")
    condition = models.ForeignKey(NationalCondition, on_delete=models.PROTECT)
    quarter = QuarterField(blank=True, help_text="Blank = at plan stage")
    confirmed = models.BooleanField(null=True, blank=True, help_text="Empty = not answered")
    narrative = models.TextField(blank=True)
    source = SourceField()
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "condition", "quarter")]




class ReturnQuerySet(GuardedQuerySet):
    frozen_message = "A submitted return cannot be changed or deleted; start a resubmission instead."

    def frozen_rows(self):
        return self.filter(status="submitted")


class MetricStatusQuerySet(GuardedQuerySet):
    frozen_message = "Metric statuses cannot change once the return has left draft."

    def frozen_rows(self):
        return self.exclude(quarterly_return__status="draft")


class QuarterlyReturn(Versioned):
    """An HWB's quarterly return: national conditions, metric statuses, HICM maturity, income and
    expenditure and a narrative, taken through draft -> ready for sign-off -> approved -> submitted.

    It lives in the delivery app rather than monitoring: a deliberate choice (issue 6) so that each
    app keeps its own migrations. ``snapshot`` holds the assembled figures from approval onwards, so
    later changes to plan or metric data do not alter what was signed off and submitted; a submitted
    return never changes again, and a resubmission is a new ``revision`` with a reason."""

    STATUSES = [
        ("draft", "Draft"),
        ("ready", "Ready for sign-off"),
        ("approved", "Approved"),
        ("submitted", "Submitted"),
    ]
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="quarterly_returns")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="quarterly_returns")
    quarter = QuarterField()
    revision = models.PositiveSmallIntegerField(default=1, help_text="1 = first submission, 2 = first resubmission")
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="resubmissions"
    )
    resubmission_reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default="draft")
    achievements = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    support_needed = models.TextField(blank=True)
    snapshot = models.JSONField(null=True, blank=True, help_text="Assembled figures as approved and submitted")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ready_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    loaded_from = models.CharField(
        max_length=255,
        blank=True,
        help_text="The workbook the national team loaded this return from (blank: prepared in bettercare)",
    )
    history = HistoricalRecords()
    objects = ReturnQuerySet.as_manager()

    class Meta:
        unique_together = [("area", "quarter", "revision")]
        ordering = ["area", "quarter", "revision"]

    def __str__(self) -> str:
        return f"{self.area} {self.quarter} return (version {self.revision})"

    def save(self, *args, **kwargs):
        """Refuse any save of a return that is already submitted (it is an immutable snapshot)."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == "submitted":
                raise ValidationError("A submitted return cannot be changed; start a resubmission instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == "submitted":
            raise ValidationError("A submitted return cannot be deleted.")
        return super().delete(*args, **kwargs)


class ReturnMetricStatus(Versioned):
    """A metric's status in a return: what bettercare proposed from the indicators (``proposal``
    keeps the figures behind it) and what the editor chose; choosing another status needs a reason.
    A blank ``chosen_status`` accepts the proposal."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="metric_statuses")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT)
    proposed_status = models.CharField(max_length=60)
    proposal = models.JSONField(default=dict)
    chosen_status = models.CharField(max_length=60, blank=True)
    override_reason = models.TextField(blank=True)
    history = HistoricalRecords()
    objects = MetricStatusQuerySet.as_manager()

    class Meta:
        unique_together = [("quarterly_return", "metric")]
        ordering = ["quarterly_return", "metric__id"]

    @property
    def status(self) -> str:
        return self.chosen_status or self.proposed_status

    @property
    def is_override(self) -> bool:
        return bool(self.chosen_status) and self.chosen_status != self.proposed_status

    def clean(self) -> None:
        """Rule: an editor may override the proposed status only with a reason."""
        if self.is_override and not self.override_reason.strip():
            raise ValidationError(
                {"override_reason": f"Give a reason for changing the proposed status of {self.metric.title}."}
            )

    def save(self, *args, **kwargs):
        """Refuse changes once the return has left draft (what was signed off cannot change)."""
        status = QuarterlyReturn.objects.filter(pk=self.quarterly_return_id).values_list("status", flat=True).first()
        if status not in (None, "draft"):
            raise ValidationError("Metric statuses can change only while the return is a draft.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        status = QuarterlyReturn.objects.filter(pk=self.quarterly_return_id).values_list("status", flat=True).first()
        if status not in (None, "draft"):
            raise ValidationError("Metric statuses cannot be deleted once the return has left draft.")
        return super().delete(*args, **kwargs)


class PaperNarrative(Versioned):
    """The board paper's narrative sections for an HWB and quarter, in the order of the seed papers
    (Leicestershire HWB, 27 September 2018; Norfolk, 2018): background, circulation under the Local
    Issues Alert Procedure, officer to contact, equality and human rights implications, partnership
    working. Each is plain text, paragraphs separated by a blank line; a blank section is left out
    of the paper.

    A quarter's row is made once, when the paper is started (its first save), from the text the
    editor was shown: the previous quarter's paper for the HWB, else the house style's wording
    (``copied_from`` says which). Later edits to either never reach it."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="paper_narratives")
    quarter = QuarterField()
    background = models.TextField("background", blank=True)
    circulation = models.TextField("circulation under the Local Issues Alert Procedure", blank=True)
    officer = models.TextField("officer to contact", blank=True)
    equality = models.TextField("equality and human rights implications", blank=True)
    partnership = models.TextField("partnership working and associated issues", blank=True)
    copied_from = models.CharField("started from", max_length=100, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("area", "quarter")]
        ordering = ["area", "quarter"]

    def __str__(self) -> str:
        return f"{self.area} board paper narrative {self.quarter}"
