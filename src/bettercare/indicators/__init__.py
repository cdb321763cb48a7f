"""Pure statistics for bettercare: confidence intervals, comparisons with targets, RAG ratings,
direction of travel, SPC charts, funnel plots and year-end forecasts.

No Django here: usable from a notebook.

>>> from bettercare.indicators import rate, compare, Polarity
>>> forecast = rate(927, 1, multiplier=1)        # a count with Byar's 95% limits
>>> compare(forecast, 890, Polarity.LOWER).outcome.value
'similar'

Modules, one job each: :mod:`.ci` (proportions, counts, crude rates, means),
:mod:`.standardised` (DSR, ISR), :mod:`.period_rates` (per-day rates), :mod:`.periods`
(financial years, quarters, months), :mod:`.compare` (better/similar/worse), :mod:`.rag`
(rating rules), :mod:`.trend` (direction of travel), :mod:`.spc` (XmR charts; their rules in
:mod:`.spc_rules`), :mod:`.funnel` (funnel plots) and :mod:`.forecast` (year-end forecasts). Every
formula and its source is in the docstring of the function that computes it.
"""

from .ci import byar, exact_poisson, mean, mean_from_sums, proportion, rate, wilson
from .compare import Comparison, ComparisonResult, Polarity, compare, compare_many, compare_to_target
from .estimate import Estimate, EstimateArray
from .forecast import run_rate_forecast, seasonal_forecast, trajectory_forecast
from .funnel import (
    FunnelTable,
    funnel_limits_proportion,
    funnel_limits_rate,
    funnel_limits_ratio,
    funnel_significance,
    funnel_significance_proportion,
    funnel_significance_rate,
    funnel_significance_ratio,
    poisson_funnel,
    proportion_funnel_limit,
)
from .period_rates import annualise, days_in, per_day_rate, per_day_to_per_period, per_period_to_per_day
from .periods import FinancialYear, Month, Period, Quarter, parse_period
from .rag import (
    Rag,
    RagResult,
    RagRule,
    SignificanceRule,
    ThresholdRule,
    ToleranceRule,
    make_rag_rule,
)
from .spc import Rebase, XmrGroup, XmrPoint, XmrResult, xmr
from .standardised import ESP2013, ESP2013_AGE_BANDS, dsr, dsr_non_independent, israte, isratio
from .trend import (
    Direction,
    DirectionOfTravel,
    SignificanceTestResult,
    chi_squared_trend_proportions,
    chi_squared_trend_rates,
    direction_of_travel,
    poisson_rate_test,
    two_proportion_z_test,
)

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
    "mean_from_sums",
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
