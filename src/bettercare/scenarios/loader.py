"""Write a scenario file into the database, all-or-nothing and idempotently.

Every row is matched on its natural key (FORMAT.md) and saved only when a value differs, so
loading twice changes nothing. An error names the file, section, entry number and field.

A plan's rows are written through the apps' plan-section declarations (``plan_sections.py``): the
loader only says where each section's rows are in the file (``section_rows``); which fields a row
has, how its codes are resolved and how its values are converted come from the declarations and
the model fields, as for a restored snapshot or an imported workbook (``planbook.restore``). The
area, its localities and populations, organisations, actual figures and local KPIs are not part
of a plan and are written here."""

from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from bettercare.indicators.periods import span
from bettercare.monitoring.models import KpiSet, LocalKPI, MetricActual
from bettercare.planbook.restore import References, UnknownCode, Written, field_value, remember, row_values
from bettercare.planbook.sections import model_of, plan_head, plan_sections
from bettercare.plans import models as pm
from bettercare.reference import models as rm
from bettercare.reference.mirror import sync_hicm, sync_reference_data
from bettercare.reference.models import HicmChange
from bettercare.upsert import upsert

from .files import SCENARIO_DIR, ScenarioError, read_scenario, scenario_ids

KPI_SET_REFUSES = ("priorities", "contributions", "contribution_totals", "scheme_totals", "schemes",
                   "contingency", "finance", "hicm", "actions", "risks")


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
        self.kpi_set = None

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

    def unknown(self, error: UnknownCode) -> str:
        """What an unknown code in a plan row should have been, in the file's own words."""
        listed = {rm.Organisation: "organisations", rm.Locality: "localities", pm.Scheme: "schemes",
                  pm.Priority: "priorities"}
        if error.target in listed:
            return f"{error.target._meta.verbose_name} {error.code!r} is not listed under {listed[error.target]}"
        if error.target is HicmChange:
            return f"HICM change {error.code!r} is not in model {self.period.hicm_model!r}"
        return f"{error.target._meta.verbose_name} {error.code!r} is not in the {self.period.code} catalogue"

    # -- sections ------------------------------------------------------------------------------
    def load(self) -> Counter[str]:
        try:
            with transaction.atomic():
                sync_reference_data()
                self.load_area()
                self.load_organisations()
                if "kpi_set" in self.data:
                    self.load_kpi_set()
                else:
                    self.load_plan()
                    self.load_plan_sections()
                self.load_metric_actuals()
                self.load_kpis()
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
        """The plan's own row: its declared fields (``plan_head``) from the file's plan entry."""
        plan = self.data["plan"]
        self.current = "plan"
        self.period = rm.PolicyPeriod.objects.filter(code=str(plan["period"])).first()
        if self.period is None:
            self.fail("plan.period", f"no catalogue for policy period {plan['period']!r}")
        if self.period.hicm_model:
            sync_hicm(self.period.hicm_model)
        given = {**plan, "title": plan.get("title") or self.data.get("title", ""), "seed": self.data["seed"],
                 "notes": self.data.get("notes") or []}
        values = {name: field_value(pm.Plan._meta.get_field(name), given.get(name)) for name in plan_head().fields}
        self.plan = self.put(
            pm.Plan,
            {"area": self.area, "period": self.period, "version": plan.get("version", 1)},
            {**values, "scenario": self.scenario_id},
        )

    def load_kpi_set(self) -> None:
        """A document that reports KPIs with comparators (a peer-review pack) instead of a plan: it has
        no plan sections, and its metric values can only be actuals (they belong to the area)."""
        self.current = "kpi_set"
        if "plan" in self.data:
            self.fail("kpi_set", "a scenario holds either a plan or a KPI set, not both")
        for section in KPI_SET_REFUSES:
            if self.data.get(section):
                self.fail(section, "a KPI set is not a plan and has no " + section.replace("_", " ")
                          + " (keep such facts in notes)")
        for where, row in self.rows("metric_values"):
            if row.get("kind") != "actual":
                self.fail(f"{where}.kind", "a KPI set holds no plan targets: give a target with its KPI under kpis")
        header = self.data["kpi_set"]
        self.period = rm.PolicyPeriod.objects.filter(code=str(header.get("catalogue"))).first()
        if self.period is None:
            self.fail("kpi_set.catalogue", f"no catalogue for policy period {header.get('catalogue')!r}")
        self.plan = None
        self.kpi_set = self.put(
            KpiSet,
            {"area": self.area, "title": header.get("title") or self.data.get("title", "")},
            {
                "kind": header.get("kind", "peer_review"),
                "written_on": str(header.get("written_on") or ""),
                "document": self.data["seed"],
                "scenario": self.scenario_id,
                "notes": self.data.get("notes") or [],
            },
        )

    def section_rows(self) -> dict[str, list[tuple[str, dict]]]:
        """The file's rows of each declared plan section, by the section's column names, each with
        where it is in the file (FORMAT.md: a scheme holds its spend, benefits and metric impacts;
        the plan entry its sign-offs and national conditions; a risk's stated score is ``score``)."""
        found: dict[str, list[tuple[str, dict]]] = {}

        def add(section: str, where: str, row: dict) -> None:
            found.setdefault(section, []).append((where, row))

        for where, row in self.rows("organisations"):
            add("organisations", where, {"organisation": row["code"], "roles": list(row.get("roles") or [])})
        plan = self.data["plan"]
        for key, section in (("signoffs", "signoffs"), ("national_conditions", "conditions")):
            for index, row in enumerate(plan.get(key) or [], start=1):
                add(section, f"plan.{key}[{index}]", row)
        for name in ("priorities", "contributions", "contingency", "hicm", "actions"):
            for where, row in self.rows(name):
                add(name, where, row)
        for name in ("scheme_totals", "contribution_totals"):
            for where, row in self.rows(name):
                add("stated_totals", where, row)
        for where, row in self.rows("schemes"):
            add("schemes", where, row)
            for kind, key in (("spend", "spend"), ("benefit", "benefits")):
                for line in row.get(key) or []:
                    add("scheme_finances", where, {**line, "scheme": row["ref"], "kind": kind})
            for impact in row.get("metric_impacts") or []:
                add("scheme_impacts", where, {**impact, "scheme": row["ref"]})
        for where, row in self.rows("risks"):
            add("risks", where, {**row, "stated_score": row.get("score")})
        for where, row in self.rows("finance"):
            add("finance_lines", where, row)
        for where, row in self.rows("metric_values"):
            if row.get("kind") != "actual":
                period = self.metric_period(row, where)
                add("metric_targets", where, {**row, **period, "kind": row.get("kind", "target")})
        return found

    def metric_period(self, row: dict, where: str) -> dict:
        """A metric value's period label and dates, and its value's decimal places as written."""
        try:
            label, start, end = span(row["period"])
        except ValueError as error:
            self.fail(f"{where}.period", str(error))
        return {"period": label, "period_start": start, "period_end": end, "value_decimals": decimals(row.get("value"))}

    def load_plan_sections(self) -> None:
        """Every declared plan section, in the declared order, matched on its natural keys."""
        refs = References(self.area, self.period)
        written: Written = {}
        rows = self.section_rows()
        for section in plan_sections():
            model = model_of(section)
            written.setdefault(model, {})
            for where, row in rows.get(section.name, []):
                self.current = where
                try:
                    values = row_values(section, row, refs, written)
                except UnknownCode as error:
                    self.fail(where, self.unknown(error))
                keys = {"plan": self.plan} if section.plan_lookup == "plan" else {}
                keys.update({name: values.pop(name) for name in section.keys})
                remember(section, self.put(model, keys, values), written)

    def load_metric_actuals(self) -> None:
        """Actual figures (``kind: actual``): they belong to the area and period, not to the plan."""
        for where, row in self.rows("metric_values"):
            if row.get("kind") != "actual":
                continue
            period = self.metric_period(row, where)
            self.put(
                MetricActual,
                {
                    "area": self.area,
                    "metric": self.metric(row["metric"], where),
                    "locality": self.locality(row.get("locality"), where),
                    "period": period["period"],
                    "component": row.get("component") or "",
                },
                {
                    "numerator": number(row.get("numerator")),
                    "denominator": number(row.get("denominator")),
                    "value": number(row.get("value")),
                    "value_decimals": period["value_decimals"],
                    "note": row.get("note") or "",
                    "period_start": period["period_start"],
                    "period_end": period["period_end"],
                    "source": row.get("source", ""),
                    "label": row.get("label") or "",
                    "origin": "scenario",
                    "as_at": row.get("as_at"),
                },
            )

    def load_kpis(self) -> None:
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
                    "kpi_set": self.kpi_set,
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


def load(scenario_ids_to_load: list[str] | None = None) -> dict[str, Counter[str]]:
    """Load the named scenarios (all when none), each in its own transaction."""
    results = {}
    for scenario_id in scenario_ids_to_load or scenario_ids():
        results[scenario_id] = ScenarioLoader(scenario_id).load()
    return results
