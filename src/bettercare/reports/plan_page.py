"""Plan on a page: one A4 landscape page with the plan's themes and schemes, funding by stream per
financial year, and the metric ambitions (seed 004 Appendix B).

Rules: themes are the plan's priorities in code order; a theme lists at most
``plan_on_a_page.max_schemes_per_theme`` schemes (house style) and counts the rest; the page fits
one page by construction: it starts at the density level its theme count calls for and, while the
laid-out page runs over, takes the next denser level (``LEVELS``: more columns, smaller type,
descriptions and metric names shortened with "…", fewer schemes listed, at the densest levels theme
cards and ambition rows capped and counted as "and N more"); a metric's ambition is its HWB-level annual
target (a re-based target replaces the one it re-based, and says so); a metric without an annual
target shows its latest-ending target; presentation variants (``variant_of``) are left to their parent metric."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bettercare.catalogue.glossary import plain_source
from bettercare.indicators.periods import FinancialYear, exact
from bettercare.indicators.presentation import (
    figure_text,
    long_date,
    period_label,
    sources_text,
    stated_text,
    thousands,
)
from bettercare.plans.models import MetricTarget, Plan
from bettercare.plans.services import funding_table, stream_table

from .errors import ReportError
from .house_style import HouseStyle, fill, load_house_style
from .kept import kept
from .pdf import render, write
from .templating import render_to_string, stylesheet


@dataclass(frozen=True)
class Density:
    """How tightly the page is set: theme columns, type size, description length, schemes listed per
    theme; at the densest levels also how many theme cards, ambition rows and characters of a metric
    name are shown (the rest counted, "and N more")."""

    columns: int
    font_pt: float
    description_chars: int | None
    schemes: int
    cards: int | None = None
    ambitions: int | None = None
    metric_chars: int | None = None


# From loosest to densest. The last level bounds every list, so the page fits by construction;
# ``fit_plan_page`` takes the loosest level (from the one the theme count calls for) that lays out
# on one page.
LEVELS = (
    Density(3, 8.3, None, 6),
    Density(3, 8.0, 240, 4),
    Density(4, 7.6, 150, 3),
    Density(5, 7.0, 100, 2, metric_chars=110),
    Density(5, 6.6, 70, 1, cards=20, ambitions=12, metric_chars=80),
    Density(6, 6.2, 50, 0, cards=18, ambitions=8, metric_chars=60),
)


def density_level(cards: int) -> int:
    """The level a number of theme cards starts at (the unthemed card counts as one)."""
    if cards <= 6:
        return 0
    if cards <= 9:
        return 1
    if cards <= 13:
        return 2
    return 3


def density(cards: int, max_schemes: int) -> Density:
    """The starting layout for a number of theme cards, listing at most ``max_schemes`` per theme."""
    level = LEVELS[density_level(cards)]
    return replace(level, schemes=min(max_schemes, level.schemes))


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
class PlanContent:
    """Everything the page could show, before a density level shortens it."""

    themes: list[PageTheme]  # full descriptions, every scheme
    unthemed: PageTheme | None
    ambitions: list[Ambition]
    max_schemes: int


@dataclass
class PlanPage:
    plan: Plan
    title: str
    vision: str
    themes: list[PageTheme]
    years: list[FinancialYear]
    funding: list[tuple[str, list[str], str]]
    funding_totals: list[str]
    funding_total: str
    funding_source: str
    ambitions: list[Ambition]
    ambitions_source: str
    generated: str
    style: HouseStyle
    density: Density
    content: PlanContent
    level: int = 0
    unthemed: PageTheme | None = None
    more_themes: list[str] = field(default_factory=list)
    more_ambitions: int = 0
    notes: list[str] = field(default_factory=list)


def _content(plan: Plan, max_schemes: int, goals: list[Ambition]) -> PlanContent:
    spend: dict[int | None, Decimal] = {}
    schemes: dict[int | None, list[tuple[str, str]]] = {}
    for scheme in plan.schemes.prefetch_related("finances").order_by("ref"):
        schemes.setdefault(scheme.priority_id, []).append((scheme.ref, scheme.name))
        total = sum((f.total for f in scheme.finances.all() if f.kind == "spend"), Decimal(0))
        spend[scheme.priority_id] = spend.get(scheme.priority_id, Decimal(0)) + total

    def theme(name: str, description: str, key: int | None) -> PageTheme:
        listed = schemes.get(key, [])
        return PageTheme(name, description, listed, 0, f"£{thousands(spend[key])}k" if key in spend else "")

    themes = [theme(p.name, p.description, p.id) for p in plan.priorities.order_by("code")]
    unthemed = theme("Schemes not linked to a theme", "", None) if schemes.get(None) else None
    return PlanContent(themes, unthemed, goals, max_schemes)


def lay_out(page: PlanPage, level: int) -> PlanPage:
    """``page`` set at density ``level`` (of ``LEVELS``): descriptions, scheme lists, theme cards,
    ambition rows and metric names shortened as that level says, what is left out counted."""
    content = page.content
    layout = replace(LEVELS[level], schemes=min(content.max_schemes, LEVELS[level].schemes))

    def fitted(theme: PageTheme) -> PageTheme:
        return PageTheme(
            theme.name,
            shorten(theme.description, layout.description_chars),
            theme.schemes[: layout.schemes],
            max(0, len(theme.schemes) - layout.schemes),
            theme.spend,
        )

    cards = content.themes + ([content.unthemed] if content.unthemed else [])
    shown = cards if layout.cards is None or len(cards) <= layout.cards else cards[: layout.cards - 1]
    themes = [fitted(t) for t in shown if t is not content.unthemed]
    unthemed = fitted(content.unthemed) if content.unthemed in shown else None
    rows = content.ambitions if layout.ambitions is None else content.ambitions[: layout.ambitions]
    goals = [replace(a, metric=shorten(a.metric, layout.metric_chars)) for a in rows]
    notes = []
    if any(t.description.endswith(" …") for t in themes) or any(a.metric.endswith(" …") for a in goals):
        notes.append("Text marked … is shortened to fit one page; the plan holds the full text.")
    return replace(
        page,
        themes=themes,
        unthemed=unthemed,
        more_themes=[t.name for t in cards[len(shown) :]],
        ambitions=goals,
        more_ambitions=len(content.ambitions) - len(goals),
        density=layout,
        level=level,
        notes=notes,
    )


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
    return isinstance(exact(period), FinancialYear)


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
                plain_source(target.source) or "not recorded",
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
    by_stream: dict[str, dict[FinancialYear, Decimal]] = {}
    for year in years:
        for stream, amount in stream_table(plan, year):
            by_stream.setdefault(stream, {})[year] = amount
    sources = list(plan.contributions.values_list("source", flat=True))
    goals = ambitions(plan)
    content = _content(plan, int(settings.get("max_schemes_per_theme") or 6), goals)
    page = PlanPage(
        plan=plan,
        title=fill(settings.get("title") or "{area} Better Care Fund plan on a page", values),
        vision=fill(settings.get("vision") or "", values),
        themes=[],
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
        funding_source=plain_source(sources_text(sources)),
        ambitions=[],
        ambitions_source=sources_text([a.source for a in goals]),  # already in words (_ambitions)
        generated=long_date(timezone.localdate()),
        style=style,
        density=LEVELS[0],
        content=content,
    )
    return lay_out(page, density_level(len(content.themes) + (1 if content.unthemed else 0)))


def on_one_page(document) -> bool:
    """Whether a laid-out document holds the plan on a page on a single page: its first element
    (``#plan-on-a-page``) and its footer (``#plan-on-a-page-end``) are on the same page."""
    starts = [i for i, page in enumerate(document.pages) if "plan-on-a-page" in page.anchors]
    ends = [i for i, page in enumerate(document.pages) if "plan-on-a-page-end" in page.anchors]
    return bool(starts and ends) and starts[0] == ends[-1]  # a split element anchors on every page


def fit_plan_page(page: PlanPage, html: Callable[[PlanPage], str] | None = None):
    """``page`` at the loosest level, from its own, whose plan on a page lays out on one A4 landscape
    page, with the laid-out WeasyPrint document of ``html(page)`` (default: the stand-alone page;
    the board paper passes its own, so the paper is laid out once when the page fits). The densest
    level bounds every list, so it is the last resort."""
    html = html or plan_page_html
    for level in range(page.level, len(LEVELS)):
        fitted = lay_out(page, level)
        document = render(html(fitted))
        if on_one_page(document):
            break
    return fitted, document


def fitted(page: PlanPage, html: Callable[[PlanPage], str]) -> PlanPage:
    """``page`` at the level ``fit_plan_page`` finds for ``html``, found once per content (``kept``)."""
    level = kept("plan-page-level", html(page), lambda: fit_plan_page(page, html)[0].level)
    return lay_out(page, level)


def plan_page_html(page: PlanPage) -> str:
    """The plan on a page as a stand-alone, accessible HTML document."""
    return render_to_string(
        "reports/plan_on_a_page.html",
        {"page": page, "style": page.style, "css": stylesheet("plan_on_a_page.css"), "today": date.today()},
    )


def plan_page_pdf(page: PlanPage) -> bytes:
    """The plan on a page as a one-page A4 landscape PDF (``fit_plan_page``), laid out once per
    content (``kept``)."""
    return kept("plan-page-pdf", plan_page_html(page), lambda: write(fit_plan_page(page)[1]))
