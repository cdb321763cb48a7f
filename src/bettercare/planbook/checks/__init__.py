"""Plan checks: a registry of small rules (``FUND-001`` ...), each naming the inconsistency it
finds, where, and what was expected and found. Thresholds and amounts per period are data in
``catalogue/rules/plans/<period>.yaml``. ``run_checks(plan)`` runs them all."""

from . import delivery, funding, metrics, minimums  # noqa: F401  (registers the rules)
from .registry import RULES, Finding, NotAssessed
from .runner import Report, run_checks

__all__ = ["RULES", "Finding", "NotAssessed", "Report", "run_checks"]
