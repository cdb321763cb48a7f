"""The paper's performance section and Appendix A: one section per metric (a metric's presentation
variants, e.g. DToC as delayed days per month beside per day, are shown within their parent's
section), with sentences built only from the figures, the commentary people wrote, the SPC chart,
the trend sparkline and, where the figures are split by attribution, the attribution table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from bettercare.indicators.presentation import (
    comparison_text,
    component_name,
    count_words,
    figure_text,
    period_label,
    polarity_text,
    rag_name,
    sources_text,
    stated_text,
)
from bettercare.monitoring.charts import attribution_chart, sparkline, spc_chart
from bettercare.monitoring.models import MetricCommentary
from bettercare.monitoring.results import Assessment, MetricResult, metric_results
from bettercare.reference.models import Area

from ..images import svg_uri
from ..spc_text import spc_text

COMPONENT_ORDER = ["nhs", "social_care", "both", ""]
BASIS_NAMES = {"forecast": "Year-end forecast", "latest rated": "Latest figure rated against a target",
               "latest": "Latest figure", "none": "No figures"}


@dataclass
class FigureLine:
    """One figure as the paper shows it, with its period and source."""

    role: str  # Target | Year to date | Latest | Year-end forecast | ...
    label: str
    period: str
    value: str
    target: str
    rag: str
    source: str


@dataclass
class AttributionTable:
    headings: list[str]
    rows: list[dict]  # {"label", "cells": [str], "kind": "target" | "actual", "check": str}
    source: str
    notes: list[str]
    unit: str = ""


@dataclass
class MetricSection:
    number: int
    result: MetricResult
    variants: list[MetricResult]
    title: str
    unit: str
    sentences: list[str]
    figures: list[FigureLine]
    headline_value: str
    headline_count: str
    target_count: str
    latest_count: str
    latest_note: str
    rating: str
    headline_period: str
    headline_basis: str
    target_value: str
    latest_value: str
    latest_period: str
    rag: str
    rag_label: str
    status: str
    comparison: str
    rag_rule: str
    polarity: str
    direction: str
    direction_test: str
    commentary: list[str]
    spc_uri: str
    spc_text: str
    trend_uri: str
    attribution: AttributionTable | None
    attribution_uri: str
    variant_texts: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _value(assessment: Assessment | None, metric) -> str:
    """The figure in the metric's unit, with the precision the source stated it to."""
    if assessment is None:
        return "–"
    return figure_text(assessment.value, metric.unit, assessment.scale, assessment.decimals)


def _target(assessment: Assessment | None, metric) -> str:
    if assessment is None or assessment.target_value is None:
        return "–"
    return figure_text(assessment.target_value, metric.unit, assessment.scale, assessment.target_decimals)


def _count(count: float | None, assessment: Assessment | None) -> str:
    """ "count 927": the count behind a rate or percentage ("" for a count, or none known)."""
    if assessment is None or count is None or assessment.scale == "count":
        return ""
    return f"count {figure_text(count, '', 'count')}"


def _with_count(text: str, count: str) -> str:
    return f"{text} ({count})" if count else text


def _difference(assessment: Assessment, metric) -> str:
    """ "601 below the target" where the figure and its target have counts for the same period."""
    ours, theirs = assessment.numerator, assessment.target_numerator
    if ours is None or theirs is None:
        return ""
    gap = Decimal(str(ours)) - Decimal(str(theirs))
    if gap == 0:
        return "equal to the target"
    return f"{figure_text(abs(gap), '', 'count')} {'below' if gap < 0 else 'above'} the target in count"


def _assessment_sentence(lead: str, assessment: Assessment, metric) -> str:
    """ "<lead> 650.1 (count 927) against a target of 624.1 (count 890). Amber by the HWB's rule;
    statistically similar to the target." """
    text = f"{lead} {_with_count(_value(assessment, metric), _count(assessment.numerator, assessment))}"
    if assessment.target_value is None:
        return text + " (no target for this period)."
    target = _with_count(_target(assessment, metric), _count(assessment.target_numerator, assessment))
    text += f" against a target of {target}"
    gap = _difference(assessment, metric)
    if gap:
        text += f" ({gap})"
    return f"{text}. {assessment.rating_words} ({assessment.status_text})."


def sentences(result: MetricResult, variants: list[MetricResult]) -> list[str]:
    """What the figures say, in words: headline, year to date, latest, variants."""
    metric, said = result.metric, []
    if result.headline is None:
        return [f"There are no figures for {metric.title[:1].lower() + metric.title[1:]} in this period yet."]
    forecast, ytd, latest = result.forecast, result.year_to_date, result.latest
    if result.headline_basis == "forecast":
        said.append(
            _assessment_sentence(
                f"The year-end forecast for {period_label(forecast.figure.period)} is", forecast, metric
            )
        )
        said.append(f"Forecast method: {result.forecast_method}.")
    if ytd is not None:
        said.append(
            _assessment_sentence(f"For {period_label(ytd.figure.period)} (year to date) there were", ytd, metric)
            if ytd.scale == "count"
            else _assessment_sentence(f"Year to date ({period_label(ytd.figure.period)}):", ytd, metric)
        )
    if latest is not None and latest is not ytd:
        said.append(
            _assessment_sentence(f"The latest figure ({period_label(latest.figure.period)}) is", latest, metric)
        )
    for variant in variants:
        if variant.latest is not None:
            title = variant.metric.title[:1].lower() + variant.metric.title[1:]
            said.append(
                _assessment_sentence(
                    f"Expressed as {title}, {period_label(variant.latest.figure.period)}:",
                    variant.latest,
                    variant.metric,
                )
            )
    return said


def _line(role: str, assessment: Assessment, metric) -> FigureLine:
    return FigureLine(
        role=role,
        label=assessment.figure.label,
        period=period_label(assessment.figure.period),
        value=_with_count(_value(assessment, metric), _count(assessment.numerator, assessment)),
        target=_with_count(_target(assessment, metric), _count(assessment.target_numerator, assessment)),
        rag=assessment.rag,
        source=assessment.figure.source or "not recorded",
    )


def figure_lines(result: MetricResult, variants: list[MetricResult]) -> list[FigureLine]:
    """The figures behind the section: forecast, year to date, latest (each once), variants."""
    lines, seen = [], set()
    for role, assessment in (
        ("Year-end forecast", result.forecast),
        ("Year to date", result.year_to_date),
        ("Latest", result.latest),
    ):
        if assessment is not None and id(assessment) not in seen:
            seen.add(id(assessment))
            lines.append(_line(role, assessment, result.metric))
    for variant in variants:
        if variant.latest is not None:
            lines.append(
                _line(f"Latest ({variant.metric.unit or variant.metric.code})", variant.latest, variant.metric)
            )
    targets = [t for t in result.targets if t.kind == "target" and not t.component]
    for target in targets:
        if target.scale == "count":
            value = figure_text(target.numerator, result.metric.unit, "count")
        elif target.stated is not None:
            value = stated_text(target.stated, target.stated_decimals, result.metric.unit)
        else:
            value = figure_text(target.value, result.metric.unit)
        if target.numerator is not None and target.scale != "count":
            value += f" (count {figure_text(target.numerator, '', 'count')})"
        rebased = (
            f" (re-based: replaces the stated value {stated_text(target.replaces, None)})" if target.replaces else ""
        )
        lines.append(
            FigureLine(
                role="Target",
                label=target.label + rebased,
                period=period_label(target.period),
                value=value,
                target="",
                rag="",
                source=target.source or "not recorded",
            )
        )
    return lines


def attribution_table(result: MetricResult) -> AttributionTable | None:
    """Figures split by attribution (NHS / social care / both) with their totals, one row per period,
    target rows first; a note where the parts do not add up to the total (each part and the total
    rounded to 2 places, a difference over 0.01), checked only where every attribution the metric
    defines is present."""
    split = [a for a in result.assessments if a.figure.component]
    if not split:
        return None
    components = [c for c in COMPONENT_ORDER if c == "" or any(a.figure.component == c for a in split)]
    split_periods = {a.figure.period for a in split}
    metric = result.metric
    rows, notes, sources = [], [], []

    defined = list(metric.definition.get("components") or [c for c in components if c])

    def add(kind: str, label: str, values: dict[str, float | None], period: str, scale: str = "value") -> None:
        """One row; checked when every attribution the metric defines and the total are present. A row
        of counts (the source gave days, not a rate) says so and shows whole numbers."""
        if scale == "count":
            label += " (count, not a rate)"
        cells = [figure_text(values.get(c), metric.unit, scale) for c in components]
        total, parts = values.get(""), [values.get(c) for c in defined]
        check = ""
        if total is not None and parts and all(p is not None for p in parts):
            added = sum(Decimal(str(round(p, 2))) for p in parts)
            if abs(added - Decimal(str(round(total, 2)))) > Decimal("0.01"):
                check = f"parts add to {figure_text(added, metric.unit, scale)}"
                notes.append(
                    f"{label}: the parts add to {figure_text(added, metric.unit, scale)}, not the total "
                    f"{figure_text(total, metric.unit, scale)}."
                )
        rows.append({"label": label, "cells": cells, "kind": kind, "check": check, "period": period})

    targets: dict[str, dict[str, float | None]] = defaultdict(dict)
    split_targets = {t.period for t in result.targets if t.component}
    for target in result.targets:
        if target.kind in ("target", "trajectory") and target.period in split_targets:
            targets[target.period][target.component] = target.value
            sources.append(target.source)
    for period, values in sorted(targets.items()):
        add("target", f"Target for {period_label(period)}", values, period)
    actuals: dict[tuple[str, str], dict[str, float | None]] = defaultdict(dict)
    for assessment in result.assessments:
        if assessment.figure.period in split_periods:
            scale = "count" if assessment.scale == "count" else "value"
            actuals[assessment.figure.period, scale][assessment.figure.component] = assessment.value
            sources.append(assessment.figure.source)
    for period, scale in sorted(
        actuals, key=lambda key: (min(a.figure.start for a in result.assessments if a.figure.period == key[0]),
                                  key[1] == "count")
    ):
        add("actual", f"Performance at {period_label(period)}", actuals[period, scale], period, scale)
    return AttributionTable(
        headings=[component_name(c) for c in components],
        rows=rows,
        source=sources_text(sources),
        notes=notes,
        unit=metric.unit,
    )


def group_variants(results: list[MetricResult]) -> list[tuple[MetricResult, list[MetricResult]]]:
    """Each HWB-level metric in the plan's order (the form the plan numbers, ``MetricResult.primary``)
    with its other presentation forms (``variant_of``: DToC per day beside per month)."""
    hwb = [r for r in results if not r.locality]
    return [(p, [r for r in hwb if not r.primary and r.number == p.number]) for p in hwb if p.primary]


def metric_sections(area: Area, financial_year: str) -> list[MetricSection]:
    """The performance sections for the HWB's metrics in a financial year."""
    commentary = defaultdict(list)
    for row in MetricCommentary.objects.filter(area=area, period=financial_year).select_related("metric"):
        if row.text.strip():
            commentary[row.metric_id].append(row.text.strip())
    sections = []
    for result, variants in group_variants(metric_results(area, financial_year)):
        metric, headline, number = result.metric, result.headline, result.number
        split = next((r for r in [result, *variants] if attribution_table(r) is not None), result)
        table = attribution_table(split)
        sections.append(
            MetricSection(
                number=number,
                result=result,
                variants=variants,
                title=metric.title,
                unit=metric.unit,
                sentences=sentences(result, variants),
                figures=figure_lines(result, variants),
                headline_value=_value(headline, metric),
                headline_count=_count(headline.numerator, headline) if headline else "",
                target_count=_count(headline.target_numerator, headline) if headline else "",
                latest_count=_count(result.latest.numerator, result.latest)
                if result.latest is not None and result.latest is not headline else "",
                rating=headline.rating_words if headline else "Not rated; no figures yet",
                headline_period=period_label(headline.figure.period) if headline else "",
                headline_basis=BASIS_NAMES.get(result.headline_basis, result.headline_basis),
                target_value=_target(headline, metric),
                latest_value=_value(result.latest, metric) if result.latest is not headline else "n/a",
                latest_period=period_label(result.latest.figure.period)
                if result.latest is not None and result.latest is not headline else "",
                latest_note="stated figure, no count given"
                if result.latest is not None and result.latest is not headline and result.latest.numerator is None
                and result.latest.figure.stated is not None else "",
                rag=result.rag,
                rag_label=rag_name(result.rag),
                status=result.status_text,
                comparison=comparison_text(headline.comparison, headline.comparison_reason) if headline else "",
                rag_rule=(f"{headline.rule_owner}: {headline.rag_rule}" if headline else ""),
                polarity=polarity_text(metric.polarity),
                direction=result.direction,
                direction_test=result.direction_test,
                commentary=commentary.get(metric.id, [])
                + [t for v in variants for t in commentary.get(v.metric.id, [])],
                spc_uri=svg_uri(spc_chart(result, width=520, height=220), f"Metric {number}: SPC chart (XmR)"),
                spc_text=spc_text(result),
                trend_uri=svg_uri(sparkline(result)),
                attribution=table,
                attribution_uri=svg_uri(attribution_chart(split), "By attribution") if table else "",
                variant_texts=[
                    f"{_value(v.headline, v.metric)} {v.metric.unit or v.metric.code}, "
                    f"{period_label(v.headline.figure.period)}, against {_target(v.headline, v.metric)}"
                    for v in variants
                    if v.headline is not None
                ],
                flags=list(result.flags) + [f for v in variants for f in v.flags],
            )
        )
    return sections


def rag_summary(sections: list[MetricSection]) -> str:
    """ "three rated green and one amber" from the sections' RAG ratings."""
    counts: dict[str, int] = defaultdict(int)
    for section in sections:
        counts[section.rag or "grey"] += 1
    parts = []
    for rag in ("green", "amber", "red", "grey"):
        if counts.get(rag):
            label = "not rated" if rag == "grey" else rag
            parts.append(f"{count_words(counts[rag])} {'rated ' if not parts and rag != 'grey' else ''}{label}")
    if not parts:
        return "no metrics rated"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
