"""Roll a plan forward to the next policy period: a draft for the new year built from last year's
plan through the plan's canonical dump (``snapshot.dump_plan``) and written back with
``restore.write_plan``, so it follows whatever sections a plan has.

Rules (issue 19):
- Carried: partners, priorities, schemes, risks; the income lines (contributions) and scheme
  spend and benefit lines of the old plan's *last* financial year, into every year of the new
  period; the metric ambitions (targets and trajectory points) dated in that last year, moved on
  by a year per year. Not carried: sign-offs (they approve the version they were given for),
  stated totals (printed in last year's document), contingency lines, quarterly condition
  confirmations, HICM assessments, actions and finance monitoring (they belong to the old year).
- Streams, scheme types and metrics are matched by id, or by an id the new period lists under
  ``formerly`` (e.g. ``nhs_minimum`` formerly ``ccg_minimum``), or by a mapping the user gives.
  A line whose stream or metric has no match is not written: it is listed as *unmapped* for the
  user to map (a scheme keeps its row, with the type or stream left empty and listed).
- Uplift: ``STREAM=PERCENT`` multiplies the stream's income and spend lines by
  ``1 + PERCENT/100`` per year (compounded for a second year). Rounding rule: each stream's total
  per year is rounded to the pound, half up; its lines are rounded down to the pound and the pounds
  left over are given to the lines with the largest remainders, so the lines add up exactly to
  the rounded stream total. Benefits (savings) and streams without an uplift keep their amounts.
  Arithmetic is Decimal throughout.

Why it is long: the rules above are one transformation of the plan dump (streams, years,
uplifts, ambitions, the account of every line) that reads best in one place."""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from simple_history.models import HistoricalRecords

from bettercare.accounts.access import require
from bettercare.catalogue import load_period
from bettercare.catalogue.glossary import term
from bettercare.indicators import FinancialYear
from bettercare.indicators.presentation import component_name
from bettercare.plans.models import Plan, RollForwardRecord
from bettercare.reference.mirror import sync_period
from bettercare.reference.models import Area, Metric, Organisation, PolicyPeriod

from .restore import next_version, write_plan
from .snapshot import dump_plan
from .uplift import ROUNDING_RULE, RollForwardError, apportion

CARRIED_SECTIONS = ("organisations", "priorities", "schemes", "risks")
NOT_CARRIED = {
    "signoffs": "a sign-off approves the version it was given for",
    "stated_totals": "totals printed in last year's document",
    "contingency": "payment for performance lines belong to their year",
    "conditions": "national conditions are confirmed afresh each quarter",
    "hicm": "HICM self-assessments are made afresh each quarter",
    "actions": "actions belong to last year's HICM and scheme plans",
    "finance_lines": "finance monitoring belongs to last year",
}


@dataclass
class Line:
    """One row of last year's plan and what became of it."""

    section: str
    key: str
    status: str  # carried | uplifted | unmapped | not carried
    old: str = ""
    new: str = ""
    note: str = ""
    missing_kind: str = ""  # stream | scheme_type | metric, for an unmapped line
    missing_id: str = ""


@dataclass
class RollForward:
    source: Plan
    plan: Plan | None
    from_year: str
    to_years: list[str]
    uplifts: dict[str, Decimal]
    lines: list[Line] = field(default_factory=list)
    stream_totals: list[dict[str, Any]] = field(default_factory=list)
    not_carried: dict[str, int] = field(default_factory=dict)
    rounding_rule: str = ROUNDING_RULE

    @property
    def unmapped(self) -> list[Line]:
        return [line for line in self.lines if line.status == "unmapped"]

    def unmatched(self) -> dict[tuple[str, str], list[Line]]:
        """The old ids without a match, (kind, id) -> the lines they hold back."""
        found: dict[tuple[str, str], list[Line]] = {}
        for line in self.unmapped:
            found.setdefault((line.missing_kind, line.missing_id), []).append(line)
        return found

    @property
    def carried(self) -> list[Line]:
        return [line for line in self.lines if line.status in ("carried", "uplifted")]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_plan": self.source.pk,
            "plan": self.plan.pk if self.plan else None,
            "area": self.source.area.name,
            "from": self.source.period.code,
            "to": self.plan.period.code if self.plan else None,
            "base_year": self.from_year,
            "years": self.to_years,
            "uplifts_percent": {stream: str(value) for stream, value in self.uplifts.items()},
            "rounding_rule": self.rounding_rule,
            "stream_totals": [{key: str(value) for key, value in row.items()} for row in self.stream_totals],
            "lines": [line.__dict__ for line in self.lines],
            "not_carried": [
                {"section": name, "rows": count, "reason": NOT_CARRIED[name]}
                for name, count in self.not_carried.items()
            ],
        }


class _Matcher:
    """Old id → new id for one kind of catalogue entry (same id, ``formerly``, or user mapping)."""

    def __init__(self, entries: list[dict[str, Any]], mapping: dict[str, str], extra: set[str] | None = None):
        self.ids = {str(entry["id"]) for entry in entries} | (extra or set())
        self.formerly = {str(old): str(entry["id"]) for entry in entries for old in entry.get("formerly") or []}
        self.mapping = {old: new for old, new in mapping.items() if new in self.ids}

    def __call__(self, old: str) -> str | None:
        if not old:
            return ""
        if old in self.mapping:
            return self.mapping[old]
        if old in self.ids:
            return old
        return self.formerly.get(old)


class _Names:
    """Names for the lines of the account (organisation names, stream and metric titles)."""

    def __init__(self, old: dict[str, Any], *catalogues: dict[str, Any]):
        codes = [row["organisation"] for row in old["organisations"]] + [
            row["organisation"] for row in old["contributions"]
        ]
        self.organisations = dict(Organisation.objects.filter(code__in=codes).values_list("code", "name"))
        self.streams = {str(e["id"]): str(e["title"]) for c in catalogues for e in c["funding_streams"]}
        self.metrics = {str(e["id"]): str(e["title"]) for c in catalogues for e in c["metrics"]}
        self.schemes = {row["ref"]: row["name"] for row in old["schemes"]}

    def organisation(self, code: str) -> str:
        return self.organisations.get(code, code)

    def stream(self, code: str) -> str:
        return self.streams.get(code, code)

    def metric(self, code: str) -> str:
        return self.metrics.get(code, code)


def _money(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _shift_label(label: str, start: date, end: date) -> str:
    """The label of a period moved on: financial year, quarter, month or a run of months."""
    if ".." in label:
        return f"{start:%Y-%m}..{end:%Y-%m}"
    if label.endswith(("-Q1", "-Q2", "-Q3", "-Q4")):
        return f"{FinancialYear.containing(start)}{label[-3:]}"
    if start.month == 4 and start.day == 1 and end == date(start.year + 1, 3, 31):
        return str(FinancialYear.containing(start))
    if start.day == 1 and (start.year, start.month) == (end.year, end.month):
        return f"{start:%Y-%m}"
    return f"{start.isoformat()}..{end.isoformat()}"


def _later(day: str, years: int) -> date:
    value = date.fromisoformat(day)
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def _ensure_local_metrics(area: Area, source: PolicyPeriod, target: PolicyPeriod) -> set[str]:
    """Copy the HWB's own (local) metrics to the new period; they are the HWB's, not the catalogue's."""
    codes = set()
    for metric in Metric.objects.filter(period=source, area=area):
        Metric.objects.get_or_create(
            period=target,
            code=metric.code,
            area=area,
            defaults={
                name: getattr(metric, name)
                for name in (
                    "title",
                    "polarity",
                    "multiplier",
                    "unit",
                    "population_base",
                    "frequency",
                    "ci_method",
                    "is_local",
                    "definition",
                )
            },
        )
        codes.add(metric.code)
    return codes


def plan_rollover(
    source: Plan, to_code: str, uplifts: dict[str, Decimal], mapping: dict[str, str], local_metrics: set[str]
) -> tuple[dict[str, Any], RollForward]:
    """The new plan's dump and the line-by-line account, without writing anything."""
    old_catalogue, new_catalogue = load_period(source.period.code), load_period(to_code)
    streams = _Matcher(new_catalogue["funding_streams"], mapping)
    scheme_types = _Matcher(new_catalogue["scheme_types"], mapping)
    metrics = _Matcher(new_catalogue["metrics"], mapping, extra=local_metrics)
    old_streams = {str(s["id"]) for s in old_catalogue["funding_streams"]}
    for stream in uplifts:
        if stream not in streams.ids and stream not in old_streams:
            raise RollForwardError(
                f"--uplift {stream}: no such funding stream in {source.period.code} or {to_code} "
                f"(streams of {to_code}: {', '.join(sorted(streams.ids))})"
            )
    for old, new in mapping.items():
        if new not in streams.ids | scheme_types.ids | metrics.ids:
            raise RollForwardError(f"--map {old}={new}: {new!r} is not a stream, scheme type or metric of {to_code}")
    base_year = str(source.period.financial_years[-1])
    years = [str(year) for year in new_catalogue["financial_years"]]
    report = RollForward(source=source, plan=None, from_year=base_year, to_years=years, uplifts=uplifts)
    old = dump_plan(source)
    names = _Names(old, old_catalogue, new_catalogue)
    new: dict[str, Any] = {"plan": dict(old["plan"])}
    new["plan"].update(
        title=f"{source.area.name} Better Care Fund plan {to_code} (rolled forward from {source.period.code})",
        status="draft",
        submitted_on=None,
        approved_on=None,
        assured_on=None,
        seed="",
        notes=[
            {
                "text": f"Draft rolled forward from the {source.period.code} plan (version {source.version}); "
                f"lines of {base_year} carried to {', '.join(years)}.",
                "source": "bettercare roll-forward",
            }
        ]
        + [
            {
                "text": f"Uplift: {names.stream(streams(stream) or stream)} {value}% a year.",
                "source": "bettercare roll-forward",
            }
            for stream, value in uplifts.items()
        ]
        + [{"text": f"Rounding: {ROUNDING_RULE}", "source": "bettercare roll-forward"}],
    )
    for name in CARRIED_SECTIONS:
        new[name] = [dict(row) for row in old[name]]
    for name in NOT_CARRIED:
        new[name] = []
        if old.get(name):
            report.not_carried[name] = len(old[name])

    by_new_stream = {(streams(stream) or stream): percent for stream, percent in uplifts.items()}

    def factor(stream_new: str, step: int) -> Decimal | None:
        percent = by_new_stream.get(stream_new)
        return None if percent is None else (1 + percent / 100) ** step

    for row in new["schemes"]:
        label = f"{row['ref']} {row['name']}"
        for column, matcher in (("scheme_type", scheme_types), ("funding_stream", streams)):
            mapped = matcher(row[column])
            if mapped is None:
                kind = "stream" if column == "funding_stream" else "scheme_type"
                report.lines.append(
                    Line(
                        "schemes",
                        label,
                        "unmapped",
                        term(row[column]),
                        "",
                        f"{column.replace('_', ' ')} no longer exists",
                        kind,
                        row[column],
                    )
                )
                row[column] = ""
            else:
                row[column] = mapped
        report.lines.append(Line("schemes", label, "carried"))
    scheme_stream = {row["ref"]: row["funding_stream"] for row in old["schemes"]}

    # Income and spend of the base year, grouped by (new stream, year) for the uplift.
    contributions, finances = [], []
    for row in old["contributions"]:
        if row["financial_year"] != base_year:
            continue
        mapped = streams(row["stream"])
        stream_name = names.stream(mapped) if mapped else names.stream(row["stream"])
        if mapped and names.stream(row["stream"]) != stream_name:
            stream_name += f" (was {names.stream(row['stream'])})"
        key = f"{names.organisation(row['organisation'])}: {stream_name}" + (
            f", {row['locality']}" if row["locality"] else ""
        )
        if not mapped:
            report.lines.append(
                Line(
                    "contributions",
                    key,
                    "unmapped",
                    str(row["amount"]),
                    "",
                    f"stream {term(row['stream'])!r} no longer exists",
                    "stream",
                    row["stream"],
                )
            )
            continue
        contributions.append((row, mapped, key))
    for row in old["scheme_finances"]:
        if row["financial_year"] != base_year:
            continue
        stream_old = row["funding_stream"] or scheme_stream.get(row["scheme"], "")
        mapped = streams(row["funding_stream"]) if row["funding_stream"] else ""
        key = f"{row['scheme']} {names.schemes.get(row['scheme'], '')}: {row['kind']}"
        if mapped is None:
            report.lines.append(
                Line(
                    "scheme_finances",
                    key,
                    "unmapped",
                    "",
                    "",
                    f"stream {term(row['funding_stream'])!r} no longer exists",
                    "stream",
                    row["funding_stream"],
                )
            )
            mapped = ""
        finances.append((row, mapped, stream_old, key))

    new["contributions"], new["scheme_finances"] = [], []
    totals: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: {"old": Decimal(0), "new": Decimal(0)})
    for step, year in enumerate(years, start=1):
        groups: dict[str, list[tuple[dict, str]]] = defaultdict(list)
        for row, mapped, key in contributions:
            groups[mapped].append((row, key))
        for stream_new, rows in groups.items():
            amounts = [_money(row["amount"]) for row, _ in rows]
            multiply = factor(stream_new, step)
            results = apportion(amounts, multiply) if multiply is not None else amounts
            for (row, key), before, after in zip(rows, amounts, results, strict=True):
                new["contributions"].append(
                    {**row, "stream": stream_new, "financial_year": year, "amount": str(after), "actual_amount": None}
                )
                report.lines.append(
                    Line(
                        "contributions",
                        f"{key} {year}",
                        "uplifted" if multiply is not None else "carried",
                        str(before),
                        str(after),
                        f"× {multiply.normalize():f}" if multiply is not None else "",
                    )
                )
                totals[(stream_new, year)]["old"] += before
                totals[(stream_new, year)]["new"] += after
        # Spend is uplifted with the stream that funds it (the line's, else its scheme's);
        # benefits (savings) are carried unchanged.
        finance_groups: dict[str, list[tuple[dict, str, str]]] = defaultdict(list)
        for row, mapped, stream_old, key in finances:
            funding = (streams(stream_old) or "") if row["kind"] == "spend" else ""
            finance_groups[funding].append((row, mapped, key))
        for funding, rows in finance_groups.items():
            multiply = factor(funding, step) if funding else None
            parts = {}
            for part in ("recurrent", "non_recurrent"):
                amounts = [_money(row[part]) for row, _, _ in rows]
                parts[part] = apportion(amounts, multiply) if multiply is not None else amounts
            for index, (row, mapped, key) in enumerate(rows):
                recurrent, non_recurrent = parts["recurrent"][index], parts["non_recurrent"][index]
                new["scheme_finances"].append(
                    {
                        **row,
                        "recurrent": str(recurrent),
                        "non_recurrent": str(non_recurrent),
                        "financial_year": year,
                        "funding_stream": mapped,
                    }
                )
                report.lines.append(
                    Line(
                        "scheme_finances",
                        f"{key} {year}",
                        "uplifted" if multiply is not None else "carried",
                        str(_money(row["recurrent"]) + _money(row["non_recurrent"])),
                        str(recurrent + non_recurrent),
                        f"× {multiply.normalize():f}" if multiply is not None else "",
                    )
                )
    stream_titles = {str(entry["id"]): str(entry["title"]) for entry in new_catalogue["funding_streams"]}
    report.stream_totals = [
        {
            "stream": stream,
            "title": stream_titles.get(stream, stream),
            "financial_year": year,
            "old": amounts["old"],
            "uplift_percent": by_new_stream.get(stream, Decimal(0)),
            "new": amounts["new"],
        }
        for (stream, year), amounts in sorted(totals.items())
    ]

    new["scheme_impacts"] = []
    for row in old["scheme_impacts"]:
        mapped = metrics(row["metric"])
        key = f"{row['scheme']} {names.schemes.get(row['scheme'], '')}: {names.metric(row['metric'])}"
        if not mapped:
            report.lines.append(
                Line(
                    "scheme_impacts",
                    key,
                    "unmapped",
                    "",
                    "",
                    f"metric {term(row['metric'])!r} no longer exists",
                    "metric",
                    row["metric"],
                )
            )
            continue
        new["scheme_impacts"].append({**row, "metric": mapped})
        report.lines.append(Line("scheme_impacts", key, "carried", str(row["score"] or ""), str(row["score"] or "")))

    new["metric_targets"] = []
    base = FinancialYear.parse(base_year)
    for row in old["metric_targets"]:
        if (
            row["kind"] not in ("target", "trajectory")
            or FinancialYear.containing(date.fromisoformat(row["period_start"])) != base
        ):
            continue
        key = f"{names.metric(row['metric'])}: {row['kind']} {row['period']}" + (
            f" ({component_name(row['component'])})" if row["component"] else ""
        )
        mapped = metrics(row["metric"])
        if not mapped:
            report.lines.append(
                Line(
                    "metric_targets",
                    key,
                    "unmapped",
                    str(row["value"] or ""),
                    "",
                    f"metric {term(row['metric'])!r} no longer exists",
                    "metric",
                    row["metric"],
                )
            )
            continue
        for step, _year in enumerate(years, start=1):
            start, end = _later(row["period_start"], step), _later(row["period_end"], step)
            label = _shift_label(row["period"], start, end)
            new["metric_targets"].append(
                {
                    **row,
                    "metric": mapped,
                    "label": row["label"].replace(row["period"], label),  # "Ambition 2025-26" moves on too
                    "period": label,
                    "period_start": start.isoformat(),
                    "period_end": end.isoformat(),
                    "replaces": None,
                    "note": (row["note"] + " " if row["note"] else "") + f"Carried from {row['period']}.",
                }
            )
            report.lines.append(
                Line("metric_targets", f"{key} → {label}", "carried", str(row["value"] or ""), str(row["value"] or ""))
            )
    for row in new["organisations"]:
        report.lines.append(Line("organisations", names.organisation(row["organisation"]), "carried"))
    for row in new["priorities"]:
        report.lines.append(Line("priorities", row["name"], "carried"))
    for row in new["risks"]:
        report.lines.append(Line("risks", f"{row['ref']} {row['title']}", "carried"))
    return new, report


@transaction.atomic
def roll_forward(
    user,
    source: Plan,
    to_code: str,
    uplifts: dict[str, Decimal] | None = None,
    mapping: dict[str, str] | None = None,
) -> RollForward:
    """Write a draft plan for ``to_code`` rolled forward from ``source`` (see the module rules).
    All or nothing; the author is ``user`` (who must be an editor of the HWB)."""
    require(user, "edit", source)
    if to_code == source.period.code:
        raise RollForwardError(f"{source.period.code} is the plan's own period: roll forward to a later one")
    try:
        load_period(to_code)
    except ValueError as error:
        raise RollForwardError(str(error)) from None
    target = sync_period(to_code)
    if (
        target.financial_years
        and source.period.financial_years
        and str(target.financial_years[0]) <= str(source.period.financial_years[-1])
    ):
        raise RollForwardError(f"{to_code} does not come after {source.period.code}")
    local = _ensure_local_metrics(source.area, source.period, target)
    data, report = plan_rollover(source, to_code, uplifts or {}, mapping or {}, local)
    with _acting_as(user):
        report.plan = write_plan(data, source.area, target, next_version(source.area, target), based_on=source)
    RollForwardRecord.objects.create(
        plan=report.plan,
        source=source,
        uplifts={stream: str(value) for stream, value in (uplifts or {}).items()},
        mapping=mapping or {},
        report=report.to_dict(),
        author=user if getattr(user, "pk", None) else None,
    )
    return report


@contextmanager
def _acting_as(user):
    """Record ``user`` as the author of every history row written inside (as the web middleware
    does for a request), so the rows of a plan rolled forward from the command line have one."""
    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = previous


def preview(
    source: Plan, to_code: str, uplifts: dict[str, Decimal] | None = None, mapping: dict[str, str] | None = None
) -> RollForward:
    """What rolling forward would do, without writing anything (the page shows it before the user
    confirms, with the unmatched ids to map)."""
    local = set(Metric.objects.filter(period=source.period, area=source.area).values_list("code", flat=True))
    return plan_rollover(source, to_code, uplifts or {}, mapping or {}, local)[1]


def later_periods(source: Plan) -> list[str]:
    """Policy periods that start after the plan's last financial year, nearest first."""
    from bettercare.catalogue import list_periods

    last = str(source.period.financial_years[-1]) if source.period.financial_years else source.period.code
    later = []
    for code in list_periods():
        years = load_period(code)["financial_years"]
        if years and str(years[0]) > last:
            later.append(code)
    return later
