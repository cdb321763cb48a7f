"""Checks of metric ambitions: stated values, trajectories, baselines and periods (primer s4)."""

from collections import defaultdict
from decimal import Decimal

from bettercare.indicators.consistency import check_stated, printed_places
from bettercare.plans.models import MetricTarget

from ..formatting import number
from .context import CheckContext, locality_label
from .registry import Reporter, rule


def stated_places(row: MetricTarget) -> int:
    """Decimal places of the stated value: as printed when recorded (``value_decimals``), else
    those of the stored number with trailing zeros dropped (errs towards fewer alarms)."""
    return printed_places(Decimal(row.value), row.value_decimals)


def recomputed(row: MetricTarget) -> Decimal | None:
    """numerator / denominator x multiplier (÷ days in the period for a per-day metric)."""
    if row.numerator is None or row.denominator in (None, 0):
        return None
    value = Decimal(row.numerator) / Decimal(row.denominator) * Decimal(row.metric.multiplier)
    if (row.metric.definition or {}).get("per_day"):
        value /= Decimal((row.period_end - row.period_start).days + 1)
    return value


def row_location(row: MetricTarget) -> str:
    where = locality_label(row.locality) if row.locality_id else "whole HWB"
    label = f"{row.get_kind_display()}{f' ({row.label})' if row.label else ''}"
    component = f", {row.component}" if row.component else ""
    return f"Metrics: {row.metric.title}, {where}{component}, {label}, {row.period}"


def row_keys(row: MetricTarget) -> dict:
    return {
        "section": "metric_targets",
        "metric": row.metric.code,
        "locality": row.locality.code if row.locality_id else "",
        "kind": row.kind,
        "period": row.period,
        "label": row.label,
        "component": row.component,
    }


def _stated_value_findings(ctx: CheckContext, out: Reporter, whole_numbers: bool) -> None:
    """Report rows whose stated value disagrees with its numerator and denominator (the rule of
    :mod:`bettercare.indicators.consistency`): real disagreements, or (``whole_numbers``) values
    rounded to a whole number but printed with decimals."""
    unchecked = 0
    for row in ctx.targets:
        if row.value is None:
            continue
        computed = recomputed(row)
        if computed is None:
            unchecked += 1
            continue
        agreement = check_stated(Decimal(row.value), float(computed), row.value_decimals)
        if agreement.agrees or agreement.whole_number_rounding != whole_numbers:
            continue
        places = agreement.places
        formula = f"{number(row.numerator)} / {number(row.denominator)} × {row.metric.multiplier:,}"
        if (row.metric.definition or {}).get("per_day"):
            formula += " ÷ days"
        plural = "s" if places != 1 else ""
        tolerance = number(Decimal("0.5").scaleb(-places), places + 1)  # half a unit in the last printed place
        detail = ("rounded to a whole number but printed with decimals" if whole_numbers
                  else f"to {places} decimal place{plural}, tolerance ±{tolerance}")
        out.fail(
            row_location(row),
            f"The stated value {number(row.value, places)} does not equal {formula} = {number(computed, places)} "
            f"({detail}).",
            expected=computed.quantize(Decimal(1).scaleb(-places)),
            found=Decimal(row.value).quantize(Decimal(1).scaleb(-places)),
            **row_keys(row),
        )
    if unchecked and not whole_numbers:
        out.not_assessed(
            f"{unchecked} stated value{'s' if unchecked != 1 else ''} without both numerator and denominator "
            "cannot be recomputed.",
            location="Metrics",
        )


@rule("METRIC-001", "error", "Stated metric values equal numerator / denominator x multiplier, within rounding")
def stated_value_agrees(ctx: CheckContext, out: Reporter) -> None:
    """Rule: |stated − numerator ÷ denominator × multiplier| ≤ half a unit in the stated value's last
    printed decimal place (702.5 → ±0.05; 90.10 → ±0.005; 2126 → ±0.5). Values that are only rounded
    to a whole number but printed with zero decimals are METRIC-005. Rows without both numerator and
    denominator are not assessed."""
    _stated_value_findings(ctx, out, whole_numbers=False)


@rule("METRIC-005", "warning", "Stated values printed with decimals are rounded to those decimals")
def stated_value_printed_precision(ctx: CheckContext, out: Reporter) -> None:
    """Rule: a stated value printed with decimals that are all zero (2410.0, 90.00) equals the
    recomputed value rounded to a whole number, not to its printed places (seed 001: 2,348 / 97,424 x
    100,000 = 2,410.08 printed "2410.0"): a presentation slip, reported as a warning."""
    _stated_value_findings(ctx, out, whole_numbers=True)


def _annual(row: MetricTarget) -> bool:
    """A row covering exactly one financial year (1 April to 31 March)."""
    start, end = row.period_start, row.period_end
    return (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1


@rule("METRIC-002", "error", "Trajectories add up to the annual target")
def trajectories_sum_to_target(ctx: CheckContext, out: Reporter) -> None:
    """Rule: trajectory rows inside an annual target's year (same metric, locality and component) cover
    the whole period and their numerators add up to the target's numerator. A target replaced by a
    re-based one (whose ``replaces`` is its value) is not judged."""
    trajectories = defaultdict(list)
    for row in ctx.targets:
        if row.kind == "trajectory":
            trajectories[(row.metric_id, row.locality_id, row.component)].append(row)
    superseded = {
        (row.metric_id, row.locality_id, row.component, row.period, row.replaces)
        for row in ctx.targets
        if row.kind == "target" and row.replaces is not None
    }
    for target in ctx.targets:
        if target.kind != "target" or target.numerator is None or not _annual(target):
            continue
        if (target.metric_id, target.locality_id, target.component, target.period, target.value) in superseded:
            continue  # re-based: the new target replaces this one (seed 004: 67,879 -> 70,569)
        inside = [
            row
            for row in trajectories.get((target.metric_id, target.locality_id, target.component), [])
            if row.period_start >= target.period_start and row.period_end <= target.period_end
        ]
        if not inside:
            continue
        days = sum((row.period_end - row.period_start).days + 1 for row in inside)
        whole = (target.period_end - target.period_start).days + 1
        if days != whole:
            out.fail(
                row_location(target),
                f"The trajectory covers {days} days of the target's {whole}: "
                "it must cover the whole target period without overlaps.",
                expected=whole,
                found=days,
                **row_keys(target),
            )
            continue
        if any(row.numerator is None for row in inside):
            out.not_assessed("A trajectory point has no numerator.", location=row_location(target))
            continue
        total = sum((Decimal(row.numerator) for row in inside), Decimal(0))
        if total != Decimal(target.numerator):
            out.fail(
                row_location(target),
                f"The trajectory adds up to {number(total)}, but the target is {number(target.numerator)}.",
                expected=Decimal(target.numerator),
                found=total,
                **row_keys(target),
            )


@rule("METRIC-003", "warning", "Every metric with a target has a baseline")
def baselines_present(ctx: CheckContext, out: Reporter) -> None:
    """Rule (where the period requires it, ``metrics.baseline_required``): each metric and locality
    with a target or trajectory also has a baseline row."""
    if ctx.rules.setting("metrics", "baseline_required") is not True:
        out.not_assessed("Baseline requirement for this period: not assessed (not configured).", location="Metrics")
        return
    baselines = {(row.metric_id, row.locality_id) for row in ctx.targets if row.kind == "baseline"}
    reported = set()
    for row in ctx.targets:
        key = (row.metric_id, row.locality_id)
        if row.kind in ("target", "trajectory") and key not in baselines and key not in reported:
            reported.add(key)
            where = locality_label(row.locality) if row.locality_id else "whole HWB"
            out.fail(
                f"Metrics: {row.metric.title}, {where}",
                f"{row.metric.title} ({where}) has a target but no baseline.",
                expected="a baseline row",
                found="none",
                section="metric_targets",
                metric=row.metric.code,
                locality=row.locality.code if row.locality_id else "",
            )


@rule("METRIC-004", "warning", "Metric rows carry a valid period, and baselines precede targets")
def periods_present(ctx: CheckContext, out: Reporter) -> None:
    """Rule: every row has a period whose start is not after its end; a baseline period ends before
    the targets of the same metric and locality begin."""
    for row in ctx.targets:
        if not row.period or row.period_start is None or row.period_end is None or row.period_start > row.period_end:
            out.fail(
                row_location(row),
                "The period is missing or ends before it starts.",
                expected="a period (start on or before end)",
                found=row.period or "none",
                **row_keys(row),
            )
    baselines = defaultdict(list)
    for row in ctx.targets:
        if row.kind == "baseline":
            baselines[(row.metric_id, row.locality_id, row.component)].append(row)
    for row in ctx.targets:
        if row.kind not in ("target", "trajectory"):
            continue
        for baseline in baselines.get((row.metric_id, row.locality_id, row.component), []):
            if baseline.period_end >= row.period_start:
                out.fail(
                    row_location(row),
                    f"The baseline period {baseline.period} does not end before this {row.kind} period "
                    f"{row.period} begins.",
                    expected=f"baseline ending before {row.period_start.isoformat()}",
                    found=baseline.period,
                    **row_keys(row),
                )
