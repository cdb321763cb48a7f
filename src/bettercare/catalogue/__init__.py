"""Reference data as files: metric definitions, funding streams, scheme types and national
conditions per BCF policy period (``periods/<period>.yaml``), and HICM model versions
(``hicm/<model>.yaml``). ``check`` validates a period file and names every problem by file, line
and field. Pure Python: no Django imports."""

from .check import Problem, check_period_file, check_period_text
from .loader import (
    CatalogueError,
    list_hicm_models,
    list_periods,
    load_hicm,
    load_period,
    period_digest,
    unconfirmed,
    use_source,
)

__all__ = [
    "CatalogueError",
    "Problem",
    "check_period_file",
    "check_period_text",
    "list_hicm_models",
    "list_periods",
    "load_hicm",
    "load_period",
    "period_digest",
    "unconfirmed",
    "use_source",
]
