"""A year-to-date figure pooled from the months, when the source states none.

Record-level extracts (the engine) and monthly returns give one figure per month. A year's ambition
is read against the year so far, so the months of a financial year are pooled into one figure from
April to the latest month, provided every month is there with its counts and no figure for that span
was stated (a stated one is the source's word and is kept):
- counts add: the numerator, and the count of each DSR age band;
- a rate's denominator is a population, the same one in each month of the year, so the months'
  mean is taken (a rate per month then divides it by the months: ``figures.time_units``);
- a proportion's and a mean's denominators are counts of people or discharges, so they add, as does
  a mean's sum of squares.
The pooled figure says so in its source, and its label gives its months, so a reader can tell it
from a stated one.
"""

from __future__ import annotations

from decimal import Decimal

from bettercare.indicators import FinancialYear

from .figures import Figure
from .statistic_parts import BAND_PREFIX

ADDING_DENOMINATORS = ("proportion", "mean")
SOURCE = "pooled from the monthly figures"


def pooled_year_to_date(months: list[Figure], year: FinancialYear) -> Figure | None:
    """The figure from April to the latest month of ``year``, pooled from one-month figures (module
    docstring); None when a month is missing, a count is missing, or there is only one month."""
    own = sorted((f for f in months if f.months == 1 and not f.component and year.start <= f.start <= year.end),
                 key=lambda f: f.start)
    if len(own) < 2 or any(f.numerator is None for f in own):
        return None
    expected = year.months[: len(own)]
    if [f.start for f in own] != [m.start for m in expected]:
        return None
    first, last = own[0], own[-1]
    adds = first.metric.ci_method in ADDING_DENOMINATORS
    return Figure(
        metric=first.metric,
        kind="actual",
        label=f"{len(own)} months",
        period=f"{first.period}..{last.period}",
        start=first.start,
        end=last.end,
        locality_id=first.locality_id,
        locality_name=first.locality_name,
        component="",
        numerator=sum((f.numerator for f in own), Decimal(0)),
        denominator=_pooled([f.denominator for f in own], adds),
        stated=None,
        source=SOURCE,
        as_at=max((f.as_at for f in own if f.as_at), default=None),
        origin=last.origin,
        parts=_pooled_parts(own, adds),
    )


def _pooled(values: list[Decimal | None], adds: bool) -> Decimal | None:
    """The sum of ``values`` when they add, else their mean; None when any is missing."""
    if any(v is None for v in values):
        return None
    total = sum(values, Decimal(0))
    return total if adds else total / len(values)


def _pooled_parts(figures: list[Figure], adds: bool) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """Each part (a DSR age band, a mean's sum of squares) pooled like its figure: counts add, a
    band's population is the months' mean. A part missing from any month is left out."""
    names = set.intersection(*(set(f.parts) for f in figures)) if figures else set()
    pooled = {}
    for name in sorted(names):
        band = name.startswith(BAND_PREFIX)
        pooled[name] = (_pooled([f.parts[name][0] for f in figures], True),
                        _pooled([f.parts[name][1] for f in figures], adds or not band))
    return pooled

