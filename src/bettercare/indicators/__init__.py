"""Pure statistics for bettercare: confidence intervals, comparisons with targets, RAG ratings,
direction of travel, SPC charts, funnel plots and year-end forecasts.

No Django here: usable from a notebook.

>>> from bettercare.indicators import rate, compare, Polarity
>>> forecast = rate(927, 1, multiplier=1)        # a count with Byar's 95% limits
>>> compare(forecast, 890, Polarity.LOWER).outcome.value
'similar'

Modules, one job each: :mod:`.ci` (proportions, counts, crude rates, means),
:mod:`.standardised` (DSR, ISR), :mod:`.period_rates` (per-day rates), :mod:`.periods`
(financial years, quarters, months), :mod:`.comparison` (better/similar/worse), :mod:`.rag`
(rating rules), :mod:`.trend` (direction of travel), :mod:`.spc` (XmR charts; their rules in
:mod:`.spc_rules`), :mod:`.funnel` (funnel plots) and :mod:`.forecast` (year-end forecasts). Every
formula and its source is in the docstring of the function that computes it.
"""

import importlib

_SOURCES = {  # public name: the module that defines it
    "byar": "ci",
    "exact_poisson": "ci",
    "mean": "ci",
    "proportion": "ci",
    "rate": "ci",
    "wilson": "ci",
    "Comparison": "comparison",
    "ComparisonResult": "comparison",
    "Polarity": "comparison",
    "compare": "comparison",
    "compare_many": "comparison",
    "compare_to_target": "comparison",
    "Estimate": "estimate",
    "EstimateArray": "estimate",
    "run_rate_forecast": "forecast",
    "seasonal_forecast": "forecast",
    "trajectory_forecast": "forecast",
    "FunnelTable": "funnel",
    "funnel_limits_proportion": "funnel",
    "funnel_limits_rate": "funnel",
    "funnel_limits_ratio": "funnel",
    "funnel_significance": "funnel",
    "funnel_significance_proportion": "funnel",
    "funnel_significance_rate": "funnel",
    "funnel_significance_ratio": "funnel",
    "poisson_funnel": "funnel",
    "proportion_funnel_limit": "funnel",
    "annualise": "period_rates",
    "days_in": "period_rates",
    "per_day_rate": "period_rates",
    "per_day_to_per_period": "period_rates",
    "per_period_to_per_day": "period_rates",
    "FinancialYear": "periods",
    "Month": "periods",
    "Period": "periods",
    "Quarter": "periods",
    "parse_period": "periods",
    "Rag": "rag",
    "RagResult": "rag",
    "RagRule": "rag",
    "SignificanceRule": "rag",
    "ThresholdRule": "rag",
    "ToleranceRule": "rag",
    "make_rag_rule": "rag",
    "Rebase": "spc",
    "XmrGroup": "spc",
    "XmrPoint": "spc",
    "XmrResult": "spc",
    "xmr": "spc",
    "ESP2013": "standardised",
    "ESP2013_AGE_BANDS": "standardised",
    "dsr": "standardised",
    "dsr_non_independent": "standardised",
    "israte": "standardised",
    "isratio": "standardised",
    "Direction": "trend",
    "DirectionOfTravel": "trend",
    "SignificanceTestResult": "trend",
    "chi_squared_trend_proportions": "trend",
    "chi_squared_trend_rates": "trend",
    "direction_of_travel": "trend",
    "poisson_rate_test": "trend",
    "two_proportion_z_test": "trend",
}


def __getattr__(name: str):
    """Import a public name's module on first use (PEP 562), so that ``indicators.periods`` alone does
    not load SciPy: a command that only parses periods starts in a fraction of the time."""
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SOURCES))


__all__ = [
    # estimates
    "Estimate",
    "EstimateArray",
    "wilson",
    "proportion",
    "byar",
    "exact_poisson",
    "rate",
    "mean",
    "dsr",
    "dsr_non_independent",
    "isratio",
    "israte",
    "ESP2013",
    "ESP2013_AGE_BANDS",
    "per_day_rate",
    "per_day_to_per_period",
    "per_period_to_per_day",
    "annualise",
    "days_in",
    # periods
    "Month",
    "Quarter",
    "FinancialYear",
    "Period",
    "parse_period",
    # comparison and RAG
    "Polarity",
    "Comparison",
    "ComparisonResult",
    "compare",
    "compare_to_target",
    "compare_many",
    "Rag",
    "RagResult",
    "RagRule",
    "SignificanceRule",
    "ToleranceRule",
    "ThresholdRule",
    "make_rag_rule",
    # direction of travel
    "Direction",
    "DirectionOfTravel",
    "SignificanceTestResult",
    "direction_of_travel",
    "two_proportion_z_test",
    "poisson_rate_test",
    "chi_squared_trend_proportions",
    "chi_squared_trend_rates",
    # SPC
    "xmr",
    "Rebase",
    "XmrResult",
    "XmrPoint",
    "XmrGroup",
    # funnels
    "FunnelTable",
    "funnel_limits_proportion",
    "funnel_limits_ratio",
    "funnel_limits_rate",
    "funnel_significance",
    "funnel_significance_proportion",
    "funnel_significance_ratio",
    "funnel_significance_rate",
    "proportion_funnel_limit",
    "poisson_funnel",
    # forecasts
    "trajectory_forecast",
    "run_rate_forecast",
    "seasonal_forecast",
]
