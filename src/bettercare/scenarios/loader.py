"""Write a scenario file into the database, all-or-nothing and idempotently.

Every row is matched on its natural key (FORMAT.md) and saved only when a value differs, so
loading twice changes nothing. An error names the file, section, entry number and field.

Why it is long: one method per section of the scenario format (FORMAT.md), all writing through one
transaction and one error context."""

from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from bettercare.delivery.models import Action, ConditionConfirmation, HicmAssessment, Risk
from bettercare.indicators.periods import span
from bettercare.monitoring.models import FinanceLine, LocalKPI, MetricActual
from bettercare.plans import models as pm
from bettercare.reference import models as rm
from bettercare.reference.mirror import sync_hicm, sync_reference_data
from bettercare.reference.models import HicmChange
from bettercare.upsert import upsert

from .files import SCENARIO_DIR, ScenarioError, read_scenario, scenario_ids


def money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def number(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def decimals(value) -> int | None:
    """Decimal places of a number as written in the file (90.00 -> 2, 89 -> 0)."""
    if value is None or value == "":
        return None
    exponent = Decimal(str(value)).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else None


class ScenarioLoader:
    """Loads one scenario; ``counts`` tallies created / updated / unchanged rows."""

    def __init__(self, scenario_id: str, directory: Path = SCENARIO_DIR):
        self.scenario_id = scenario_id
        self.data = read_scenario(scenario_id, Path(directory))
        self.file = f"{scenario_id}.yaml"
        self.counts: Counter[str] = Counter()
        self.current = "top level"

    # -- helpers -------------------------------------------------------------------------------
    def fail(self, where: str, message: str) -> None:
        raise ScenarioError(f"{self.file}: {where}: {message}")

    def put(self, model, keys: dict, values: dict, fill_only: bool = False):
        obj, outcome = upsert(model, keys, values, fill_only)
        self.counts[outcome] += 1
        return obj

    def rows(self, section: str):
        for index, row in enumerate(self.data.get(section) or [], start=1):
            self.current = f"{section}[{index}]"
            yield self.current, row

    def locality(self, code, where: str):
        if code in (None, ""):
            return None
        found = self.localities.get(str(code))
        if found is None:
            self.fail(where, f"locality {code!r} is not listed under localities")
        return found

    def organisation(self, code, where: str):
        if code in (None, ""):
            return None
        found = rm.Organisation.objects.filter(code=str(code)).first()
        if found is None:
            self.fail(where, f"organisation {code!r} is not listed under organisations")
        return found

    def lookup(self, model, code, where: str, label: str, **filters):
        if code in (None, ""):
            return None
        found = model.objects.filter(code=str(code), **filters).first()
        if found is None:
            self.fail(where, f"{label} {code!r} is not in the {self.period.code} catalogue")
        return found

    def metric(self, code, where: str):
        if code in (None, ""):
            return None
        found = (
            rm.Metric.objects.filter(period=self.period, code=code, area=self.area).first()
            or rm.Metric.objects.filter(period=self.period, code=code, area=None).first()
        )
        if found is None:
            self.fail(where, f"metric {code!r} is not in the {self.period.code} catalogue")
        return found

    def scheme(self, ref, where: str):
        if ref in (None, ""):
            return None
        found = pm.Scheme.objects.filter(plan=self.plan, ref=str(ref)).first()
        if found is None:
            self.fail(where, f"scheme {ref!r} is not listed under schemes")
        return found

    def priority(self, code, where: str):
        if code in (None, ""):
            return None
        found = pm.Priority.objects.filter(plan=self.plan, code=str(code)).first()
        if found is None:
            self.fail(where, f"priority {code!r} is not listed under priorities")
        return found

    # -- sections ------------------------------------------------------------------------------
    def load(self) -> Counter[str]:
        try:
            with transaction.atomic():
                sync_reference_data()
                self.load_area()
                self.load_organisations()
                self.load_plan()
                self.load_funding()
                self.load_schemes()
                self.load_metric_values()
                self.load_plan_metrics()
                self.load_monitoring()
                self.load_delivery()
        except ScenarioError:
            raise
        except KeyError as error:
            self.fail(self.current, f"required field {error} is missing")
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
            else:
                details = " ".join(error.messages)
            self.fail(self.current, details)
        except (ValueError, TypeError, ArithmeticError) as error:
            self.fail(self.current, str(error))
        return self.counts

    def load_area(self) -> None:
        area = self.data["area"]
        self.area = self.put(
            rm.Area,
            {"gss_code": area["gss_code"]},
            {"name": area["name"], "kind": area.get("kind", "county")},
            fill_only=True,
        )
        self.localities = {}
        for _where, row in self.rows("localities"):
            self.localities[str(row["code"])] = self.put(
                rm.Locality,
                {"area": self.area, "code": str(row["code"])},
                {
                    "name": row["name"],
                    "short_name": row.get("short_name") or "",
                    "kind": row.get("kind", "ccg"),
                    "source": row.get("source", ""),
                },
                fill_only=True,
            )
        for where, row in self.rows("populations"):
            self.put(
                rm.Population,
                {
                    "area": self.area,
                    "locality": self.locality(row.get("locality"), where),
                    "financial_year": str(row.get("financial_year") or ""),
                    "age_band": row["age_band"],
                },
                {"population": int(row["population"]), "note": row.get("note") or "", "source": row.get("source", "")},
            )

    def load_organisations(self) -> None:
        for _where, row in self.rows("organisations"):
            self.put(
                rm.Organisation,
                {"code": str(row["code"])},
                {
                    "name": row["name"],
                    "kind": row.get("kind", "other"),
                    "code_confirmed": row.get("code_confirmed", True),
                    "source": row.get("source", ""),
                },
                fill_only=True,
            )

    def load_plan(self) -> None:
        plan = self.data["plan"]
        self.period = rm.PolicyPeriod.objects.filter(code=str(plan["period"])).first()
        if self.period is None:
            self.fail("plan.period", f"no catalogue for policy period {plan['period']!r}")
        if self.period.hicm_model:
            sync_hicm(self.period.hicm_model)
        self.plan = self.put(
            pm.Plan,
            {"area": self.area, "period": self.period, "version": plan.get("version", 1)},
            {
                "title": plan.get("title") or self.data.get("title", ""),
                "status": plan.get("status", "draft"),
                "submitted_on": plan.get("submitted_on"),
                "approved_on": plan.get("approved_on"),
                "assured_on": plan.get("assured_on"),
                "scenario": self.scenario_id,
                "seed": self.data["seed"],
                "notes": self.data.get("notes") or [],
            },
        )
        for where, row in self.rows("organisations"):
            self.put(
                pm.PlanOrganisation,
                {"plan": self.plan, "organisation": self.organisation(row["code"], where)},
                {"roles": list(row.get("roles") or [])},
            )
        for index, row in enumerate(plan.get("signoffs") or [], start=1):
            where = self.current = f"plan.signoffs[{index}]"
            self.put(
                pm.SignOff,
                {
                    "plan": self.plan,
                    "organisation": self.organisation(row.get("organisation"), where),
                    "role": row.get("role", ""),
                },
                {
                    "signatory": row.get("signatory") or "",
                    "signed_on": row.get("signed_on"),
                    "source": row.get("source", ""),
                },
            )
        for index, row in enumerate(plan.get("national_conditions") or [], start=1):
            where = self.current = f"plan.national_conditions[{index}]"
            condition = self.lookup(
                rm.NationalCondition, row["condition"], where, "national condition", period=self.period
            )
            self.put(
                ConditionConfirmation,
                {"plan": self.plan, "condition": condition, "quarter": row.get("quarter") or ""},
                {
                    "confirmed": row.get("confirmed"),
                    "narrative": row.get("narrative") or "",
                    "source": row.get("source", ""),
                },
            )
        for _where, row in self.rows("priorities"):
            self.put(
                pm.Priority,
                {"plan": self.plan, "code": str(row["code"])},
                {"name": row["name"], "description": row.get("description") or "", "source": row.get("source", "")},
            )

    def load_funding(self) -> None:
        for where, row in self.rows("contributions"):
            stream = self.lookup(rm.FundingStream, row["stream"], where, "funding stream", period=self.period)
            self.put(
                pm.Contribution,
                {
                    "plan": self.plan,
                    "organisation": self.organisation(row["organisation"], where),
                    "stream": stream,
                    "financial_year": str(row["financial_year"]),
                    "locality": self.locality(row.get("locality"), where),
                },
                {
                    "amount": money(row["amount"]),
                    "actual_amount": money(row.get("actual_amount")),
                    "note": row.get("note") or "",
                    "source": row.get("source", ""),
                },
            )
        for section in ("scheme_totals", "contribution_totals"):
            for where, row in self.rows(section):
                self.put(
                    pm.StatedTotal,
                    {
                        "plan": self.plan,
                        "locality": self.locality(row.get("locality"), where),
                        "financial_year": str(row.get("financial_year") or ""),
                        "kind": row["kind"],
                        "label": row.get("label") or "",
                    },
                    {"amount": money(row["amount"]), "note": row.get("note") or "", "source": row.get("source", "")},
                )

    def load_schemes(self) -> None:
        for where, row in self.rows("schemes"):
            scheme = self.put(
                pm.Scheme,
                {"plan": self.plan, "ref": str(row["ref"])},
                {
                    "name": row["name"],
                    "locality": self.locality(row.get("locality"), where),
                    "priority": self.priority(row.get("priority"), where),
                    "scheme_type": self.lookup(
                        rm.SchemeType, row.get("scheme_type"), where, "scheme type", period=self.period
                    ),
                    "area_of_spend": row.get("area_of_spend") or "",
                    "lead_provider": row.get("lead_provider") or "",
                    "commissioner": str(row.get("commissioner") or ""),
                    "funding_stream": self.lookup(
                        rm.FundingStream, row.get("funding_stream"), where, "funding stream", period=self.period
                    ),
                    "new_or_existing": row.get("new_or_existing") or "",
                    "description": row.get("description") or "",
                    "source": row.get("source", ""),
                },
            )
            for kind, section in (("spend", "spend"), ("benefit", "benefits")):
                for line in row.get(section) or []:
                    self.put(
                        pm.SchemeFinance,
                        {"scheme": scheme, "kind": kind, "financial_year": str(line["financial_year"])},
                        {
                            "recurrent": money(line.get("recurrent") or 0),
                            "non_recurrent": money(line.get("non_recurrent") or 0),
                            "funding_stream": self.lookup(
                                rm.FundingStream,
                                line.get("funding_stream"),
                                where,
                                "funding stream",
                                period=self.period,
                            ),
                        },
                    )
            for impact in row.get("metric_impacts") or []:
                self.put(
                    pm.SchemeMetricImpact,
                    {"scheme": scheme, "metric": self.metric(impact["metric"], where)},
                    {
                        "score": None if impact.get("score") is None else int(impact["score"]),
                        "score_text": str(impact.get("score_text") or ""),
                        "rationale": impact.get("rationale") or "",
                    },
                )
        for where, row in self.rows("contingency"):
            self.put(
                pm.ContingencyLine,
                {
                    "plan": self.plan,
                    "locality": self.locality(row.get("locality"), where),
                    "outcome": row["outcome"],
                    "financial_year": str(row.get("financial_year") or ""),
                    "label": row.get("label") or "",
                },
                {
                    "metric": self.metric(row.get("metric"), where),
                    "planned_savings": money(row.get("planned_savings")),
                    "maximum_support": money(row.get("maximum_support")),
                    "note": row.get("note") or "",
                    "source": row.get("source", ""),
                },
            )

    def load_metric_values(self) -> None:
        for where, row in self.rows("metric_values"):
            try:
                label, start, end = span(row["period"])
            except ValueError as error:
                self.fail(f"{where}.period", str(error))
            common = {
                "numerator": number(row.get("numerator")),
                "denominator": number(row.get("denominator")),
                "value": number(row.get("value")),
                "value_decimals": decimals(row.get("value")),
                "note": row.get("note") or "",
                "period_start": start,
                "period_end": end,
                "source": row.get("source", ""),
            }
            keys = {
                "metric": self.metric(row["metric"], where),
                "locality": self.locality(row.get("locality"), where),
                "period": label,
                "component": row.get("component") or "",
            }
            if row.get("kind") == "actual":  # one per area, locality, metric, period: the label is a value
                self.put(
                    MetricActual,
                    {"area": self.area, **keys},
                    {**common, "label": row.get("label") or "", "origin": "scenario", "as_at": row.get("as_at")},
                )
            else:
                self.put(
                    pm.MetricTarget,
                    {"plan": self.plan, "kind": row.get("kind", "target"), "label": row.get("label") or "", **keys},
                    {**common, "replaces": number(row.get("replaces"))},
                )

    def load_plan_metrics(self) -> None:
        """The plan's metrics in its order, each with the RAG rule the HWB rates it by (``metrics:``)."""
        for where, row in self.rows("metrics"):
            rule = row.get("rag_rule") or ""
            if rule not in {code for code, _ in pm.PlanMetric.RULES}:
                self.fail(f"{where}.rag_rule", f"{rule!r} is not one of significance, tolerance, threshold")
            self.put(
                pm.PlanMetric,
                {"plan": self.plan, "metric": self.metric(row["metric"], where)},
                {"number": int(row["number"]), "rag_rule": rule, "rag_band": number(row.get("rag_band")),
                 "note": row.get("note") or "", "source": row.get("source", "")},
            )

    def load_monitoring(self) -> None:
        for where, row in self.rows("finance"):
            self.put(
                FinanceLine,
                {
                    "plan": self.plan,
                    "quarter": str(row["quarter"]),
                    "organisation": self.organisation(row.get("organisation"), where),
                    "stream": self.lookup(
                        rm.FundingStream, row.get("stream"), where, "funding stream", period=self.period
                    ),
                    "scheme": self.scheme(row.get("scheme"), where),
                    "line": row.get("line") or "",
                },
                {
                    "budget": money(row.get("budget")),
                    "actual_to_date": money(row.get("actual_to_date")),
                    "forecast_outturn": money(row.get("forecast_outturn")),
                    "carry_forward": money(row.get("carry_forward")),
                    "note": row.get("note") or "",
                    "source": row.get("source", ""),
                },
            )
        for where, row in self.rows("kpis"):
            value = row.get("value")
            numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
            self.put(
                LocalKPI,
                {
                    "area": self.area,
                    "locality": self.locality(row.get("locality"), where),
                    "name": row["name"],
                    "period": span(row["period"])[0] if row.get("period") else "",
                    "scenario": self.scenario_id,
                },
                {
                    "unit": row.get("unit") or "",
                    "polarity": row.get("polarity") or "",
                    "value": number(value) if numeric else None,
                    "value_text": "" if numeric or value is None else str(value),
                    "target": number(row.get("target")),
                    "comparator_label": row.get("comparator_label") or "",
                    "comparator_value": number(row.get("comparator_value")),
                    "source": row.get("source", ""),
                },
            )

    def load_delivery(self) -> None:
        model = self.period.hicm_model
        for where, row in self.rows("hicm"):
            change = HicmChange.objects.filter(model__code=model, number=row["change"]).first()
            if change is None:
                self.fail(where, f"HICM change {row['change']!r} is not in model {model!r}")
            self.put(
                HicmAssessment,
                {"plan": self.plan, "change": change, "quarter": str(row.get("quarter") or "")},
                {
                    "maturity": row.get("maturity") or "",
                    "planned_maturity": row.get("planned_maturity") or "",
                    "rag": row.get("rag") or "",
                    "narrative": row.get("narrative") or "",
                    "source": row.get("source", ""),
                },
            )
        for where, row in self.rows("actions"):
            change = None
            if row.get("change") is not None:
                change = HicmChange.objects.filter(model__code=model, number=row["change"]).first()
                if change is None:
                    self.fail(where, f"HICM change {row['change']!r} is not in model {model!r}")
            self.put(
                Action,
                {"plan": self.plan, "ref": str(row["ref"])},
                {
                    "change": change,
                    "scheme": self.scheme(row.get("scheme"), where),
                    "priority": self.priority(row.get("priority"), where),
                    "action": row["action"],
                    "owner": row.get("owner") or "",
                    "deadline_text": str(row.get("deadline_text") or ""),
                    "deadline_start": row.get("deadline_start"),
                    "deadline_end": row.get("deadline_end"),
                    "status": row.get("status") or "",
                    "completed_on": row.get("completed_on"),
                    "source": row.get("source", ""),
                },
            )
        for where, row in self.rows("risks"):
            self.put(
                Risk,
                {"plan": self.plan, "ref": str(row["ref"])},
                {
                    "scheme": self.scheme(row.get("scheme"), where),
                    "title": row["title"],
                    "likelihood": row.get("likelihood"),
                    "impact": row.get("impact"),
                    "stated_score": row.get("score"),
                    "rating": row.get("rating") or "",
                    "mitigation": row.get("mitigation") or "",
                    "owner": row.get("owner") or "",
                    "review_date": row.get("review_date"),
                    "source": row.get("source", ""),
                },
            )


def load(scenario_ids_to_load: list[str] | None = None) -> dict[str, Counter[str]]:
    """Load the named scenarios (all when none), each in its own transaction."""
    results = {}
    for scenario_id in scenario_ids_to_load or scenario_ids():
        results[scenario_id] = ScenarioLoader(scenario_id).load()
    return results
