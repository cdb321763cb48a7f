"""Run every registered plan check and gather a report (stable JSON for the CLI and pages)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bettercare.plans.models import Plan

from .context import CheckContext
from .registry import Finding, NotAssessed, Reporter, ordered_rules

SEVERITY_ORDER = {"error": 0, "warning": 1}


@dataclass
class Report:
    plan: Plan
    as_at: date
    findings: list[Finding] = field(default_factory=list)
    not_assessed: list[NotAssessed] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def clean(self) -> bool:
        return not self.findings

    def for_rule(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule_id]

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "plan": {
                "id": plan.pk,
                "area": plan.area.name,
                "gss_code": plan.area.gss_code,
                "period": plan.period.code,
                "version": plan.version,
                "status": plan.status,
                "scenario": plan.scenario,
            },
            "as_at": self.as_at.isoformat(),
            "rules": [{"id": r.id, "severity": r.severity, "title": r.title} for r in ordered_rules()],
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "not_assessed": len(self.not_assessed),
            },
            "findings": [f.to_dict() for f in self.findings],
            "not_assessed": [n.to_dict() for n in self.not_assessed],
        }


def run_checks(plan: Plan, as_at: date | None = None, only: list[str] | None = None) -> Report:
    """Every rule (or those named in ``only``) against one plan, findings ordered by severity, rule
    and location."""
    context = CheckContext(plan, as_at)
    report = Report(plan=plan, as_at=context.as_at)
    for rule in ordered_rules():
        if only and rule.id not in only:
            continue
        reporter = Reporter(rule)
        rule.check(context, reporter)
        report.findings += reporter.findings
        report.not_assessed += reporter.skipped
    order = {rule.id: index for index, rule in enumerate(ordered_rules())}
    report.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], order[f.rule]))
    return report
