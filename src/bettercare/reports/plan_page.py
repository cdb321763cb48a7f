"""Plan on a page: one A4 landscape page with the plan's themes and schemes, funding by stream per
financial year, and the metric ambitions (seed 004 Appendix B).

Rules: themes are the plan's priorities in code order; a theme lists at most
``plan_on_a_page.max_schemes_per_theme`` schemes (house style) and counts the rest; with many
themes the page gets denser (``density``: more columns, smaller type, descriptions shortened with
"…", fewer schemes listed), so it stays one page; a metric's ambition is its HWB-level annual
target (a re-based target replaces the one it re-based, and says so); a metric without an annual
target shows its latest-ending target; presentation variants (``variant_of``) are left to their parent metric."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bettercare.plans.models import MetricTarget, Plan
from bettercare.plans.services import funding_table, stream_table

from .errors import ReportError
from .formatting import figure_text, long_date, period_label, sources_text, stated_text, thousands
from .house_style import HouseStyle, fill, load_house_style
from .pdf import html_to_pdf
from .templating import render_to_string, stylesheet


@dataclass(frozen=True)
class Density:
    """How tightly the themes are set: columns, type size, description length, schemes listed."""

    columns: int
    font_pt: float
    description_chars: int | None
    schemes: int


def density(cards: int, max_schemes: int) -> Density:
    """The layout for a number of theme cards (the unthemed card counts as one)."""
    if cards <= 6:
        return Density(3, 8.3, None, max_schemes)
    if cards <= 9:
        return Density(3, 8.0, 240, min(max_schemes, 4))
    if cards <= 13:
        return Density(4, 7.6, 150, min(max_schemes, 3))
    return Density(5, 7.0, 100, min(max_schemes, 2))


def shorten(text: str, limit: int | None) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ending "…" when cut."""
    text = " ".join((text or "").split())
    if limit is None or len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(" ,;:.") + " …"


@dataclass
class PageTheme:
    name: str
    description: str
    schemes: list[tuple[str, str]]
    more: int
    spend: str


@dataclass
class Ambition:
    metric: str
    value: str
    period: str
    note: str
    source: str


@dataclass
class PlanPage:
    plan: Plan
    title: str
    vision: str
    themes: list[PageTheme]
    years: list[str]
    funding: list[tuple[str, list[str], str]]
    funding_totals: list[str]
    funding_total: str
    funding_source: str
    ambitions: list[Ambition]
    ambitions_source: str
    generated: str
    style: HouseStyle
    density: Density
    unthemed: PageTheme | None = None
    notes: list[str] = field(default_factory=list)


def _themes(plan: Plan, max_schemes: int) -> tuple[list[PageTheme], PageTheme | None, Density]:
    spend: dict[int | None, Decimal] = {}
    schemes: dict[int | None, list[tuple[str, str]]] = {}
    for scheme in plan.schemes.prefetch_related("finances").order_by("ref"):
        schemes.setdefault(scheme.priority_id, []).append((scheme.ref, scheme.name))
        total = sum((f.total for f in scheme.finances.all() if f.kind == "spend"), Decimal(0))
        spend[scheme.priority_id] = spend.get(scheme.priority_id, Decimal(0)) + total
    priorities = list(plan.priorities.order_by("code"))
    layout = density(len(priorities) + (1 if schemes.get(None) else 0), max_schemes)

    def theme(name: str, description: str, key: int | None) -> PageTheme:
        listed = schemes.get(key, [])
        return PageTheme(
            name,
            shorten(description, layout.description_chars),
            listed[: layout.schemes],
            max(0, len(listed) - layout.schemes),
            f"£{thousands(spend[key])}k" if key in spend else "",
        )

    themes = [theme(p.name, p.description, p.id) for p in priorities]
    unthemed = theme("Schemes not linked to a theme", "", None) if schemes.get(None) else None
    return themes, unthemed, layout


def _target_text(target: MetricTarget) -> str:
    unit = target.metric.unit
    if target.value is None and target.numerator is None:
        return "no figure stated"
    value = stated_text(target.value, target.value_decimals, unit)
    if target.numerator is not None:
        text = figure_text(target.numerator, unit, "count")
        if target.value is not None and unit not in ("admissions", "count"):
            text += f" ({value})" if unit == "%" else f" ({value} {unit})"
        return text
    return value if unit == "%" else f"{value} {unit}".strip()


def _annual(period: str) -> bool:
    """ "2018-19" is a financial year; "2018-09" (a month) and "2018-04..2018-08" are not."""
    return (
        len(period) == 7
        and period[4] == "-"
        and period[:4].isdigit()
        and period[5:].isdigit()
        and (int(period[:4]) + 1) % 100 == int(period[5:])
    )


def ambitions(plan: Plan) -> list[Ambition]:
    """One ambition per metric (see the module docstring): of its HWB-level targets, the annual ones
    if any; of those, the latest-ending, a re-based one before the one it replaced."""
    targets = list(
        MetricTarget.objects.filter(plan=plan, kind="target", locality=None, component="")
        .select_related("metric")
        .order_by("metric__id", "id")
    )
    codes = {t.metric.code for t in targets}
    by_metric: dict[int, list[MetricTarget]] = {}
    for target in targets:
        if target.metric.definition.get("variant_of") not in codes:
            by_metric.setdefault(target.metric_id, []).append(target)
    rows = []
    for candidates in by_metric.values():
        stated = [t for t in candidates if t.value is not None or t.numerator is not None] or candidates
        pool = [t for t in stated if _annual(t.period)] or stated
        target = max(pool, key=lambda t: (t.period_end, t.replaces is not None, t.id))
        note = f"re-based: replaces the stated value {stated_text(target.replaces, None)}" if target.replaces else ""
        rows.append(
            Ambition(
                target.metric.title,
                _target_text(target),
                period_label(target.period),
                note,
                target.source or "not recorded",
            )
        )
    return rows


def choose_plan(area, plan_id: int | None = None) -> Plan:
    """The plan to show: ``plan_id`` when given (it must be the HWB's), else of the HWB's latest
    policy period a plan with contributions first, then the latest version."""
    plans = area.plans.select_related("period", "area")
    if plan_id is not None:
        plan = plans.filter(pk=plan_id).first()
        if plan is None:
            raise ReportError(
                f"{area.name} has no plan {plan_id}; its plans are: " + ", ".join(f"{p.pk} ({p})" for p in plans)
                or "none"
            )
        return plan
    funded = set(plans.filter(contributions__isnull=False).values_list("pk", flat=True))
    ranked = sorted(plans, key=lambda p: (p.period.code, p.pk in funded, p.version), reverse=True)
    if not ranked:
        raise ReportError(f"{area.name} has no plan yet.")
    return ranked[0]


def build_plan_page(plan: Plan, style: HouseStyle | None = None) -> PlanPage:
    """Gather everything the page shows (rules in the module docstring)."""
    style = style or load_house_style(plan.area.gss_code)
    settings: dict[str, Any] = style.plan_on_a_page
    values = {
        "area": plan.area.name,
        "plan_title": plan.title,
        "board": style.board,
        "organisation": style.organisation or f"{plan.area.name} {style.board}",
    }
    funding = funding_table(plan)
    years = funding["years"]
    by_stream: dict[str, dict[str, Decimal]] = {}
    for year in years:
        for stream, amount in stream_table(plan, year):
            by_stream.setdefault(stream, {})[year] = amount
    sources = list(plan.contributions.values_list("source", flat=True))
    goals = ambitions(plan)
    themes, unthemed, layout = _themes(plan, int(settings.get("max_schemes_per_theme") or 6))
    return PlanPage(
        plan=plan,
        title=fill(settings.get("title") or "{area} Better Care Fund plan on a page", values),
        vision=fill(settings.get("vision") or "", values),
        themes=themes,
        unthemed=unthemed,
        years=years,
        funding=[
            (
                stream,
                [thousands(cells[y]) if y in cells else "–" for y in years],
                thousands(sum(cells.values(), Decimal(0))),
            )
            for stream, cells in by_stream.items()
        ],
        funding_totals=[thousands(funding["totals"][y]) for y in years],
        funding_total=thousands(funding["grand_total"]),
        funding_source=sources_text(sources),
        ambitions=goals,
        ambitions_source=sources_text([a.source for a in goals]),
        generated=long_date(timezone.localdate()),
        style=style,
        density=layout,
        notes=["Theme descriptions marked … are shortened to fit one page; the plan holds the full text."]
        if any(t.description.endswith(" …") for t in themes)
        else [],
    )


def plan_page_html(page: PlanPage) -> str:
    """The plan on a page as a stand-alone, accessible HTML document."""
    return render_to_string(
        "reports/plan_on_a_page.html",
        {"page": page, "style": page.style, "css": stylesheet("plan_on_a_page.css"), "today": date.today()},
    )


def plan_page_pdf(page: PlanPage) -> bytes:
    """The plan on a page as a one-page A4 landscape PDF."""
    return html_to_pdf(plan_page_html(page))
