"""Metric rules, written once as Ibis expressions (run unchanged on DuckDB and PySpark).

A rule turns one ingested extract into per-record contributions: for each component of a metric
(``"total"``, or e.g. ``"nhs"`` for DToC attributed to the NHS), a numerator value per record and, for proportions
and means, a denominator value per record. The engine sums them per HWB, locality and month of the
rule's date column. When a rule gives no record denominator, the denominator is the population of
the metric's ``population_base`` (ONS mid-year estimate) from the populations extract; a metric
with ``standard_population`` also gets one component per standard age band (for DSRs).

Rules are keyed by the catalogue's ``engine_rule`` names; code sets and thresholds come from
``data/code_sets.yaml`` and ``data/rule_parameters.yaml``. A rule sees the extract's columns plus the
extract's derived columns (``@derive``: values several rules share, computed once per record).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby

import ibis
import ibis.expr.types as ir

from .reference import CodeEntry, Reference
from .schemas import OPEN_AGE
from .specs import AgeRange, MetricSpec

TOTAL = "total"
SUM_OF_SQUARES = "sum_of_squares"  # a mean's Σx², for its t interval


@dataclass(frozen=True)
class Measure:
    """Per-record numerator and (optional) denominator contributions for one component."""

    numerator: ir.IntegerColumn
    denominator: ir.IntegerColumn | None = None


Builder = Callable[[ir.Table, MetricSpec, Reference], dict[str, Measure]]


@dataclass(frozen=True)
class Rule:
    name: str
    source: str  # extract name
    date_column: str  # its month is the period
    age_column: str | None  # for standard-population age bands
    build: Builder
    doc: str


RULES: dict[str, Rule] = {}
DERIVED: dict[str, Callable[[ir.Table, Reference], dict[str, ir.Value]]] = {}


def rule(name: str, *, source: str, date: str, age: str | None = "age") -> Callable[[Builder], Builder]:
    """Register a rule under its catalogue ``engine_rule`` name."""

    def register(build: Builder) -> Builder:
        RULES[name] = Rule(name, source, date, age, build, inspect.getdoc(build) or "")
        return build

    return register


def derive(source: str) -> Callable:
    """Register the derived columns of an extract: per-record values several rules share, computed once."""

    def register(build: Callable[[ir.Table, Reference], dict[str, ir.Value]]) -> Callable:
        DERIVED[source] = build
        return build

    return register


def with_derived(t: ir.Table, source: str, ref: Reference) -> ir.Table:
    """The extract's records with its derived columns (rules may use both)."""
    build = DERIVED.get(source)
    return t.mutate(**build(t, ref)) if build else t


# -- helpers -----------------------------------------------------------------------------------------


def count_if(condition: ir.BooleanValue) -> ir.IntegerColumn:
    """1 for records meeting the condition, else 0 (a null condition counts as not met)."""
    return ibis.ifelse(condition, 1, 0).cast("int64")


def sum_if(condition: ir.BooleanValue, value: ir.IntegerValue) -> ir.IntegerColumn:
    return ibis.ifelse(condition, value, 0).cast("int64")


def in_ages(age: ir.IntegerValue, ages: AgeRange | None) -> ir.BooleanValue:
    """True when ``age`` lies in the inclusive range (OPEN_AGE means no upper limit)."""
    if ages is None:
        return ibis.literal(True)
    low, high = ages
    condition = age >= low
    return condition if high >= OPEN_AGE else condition & (age <= high)


def icd_in(code3: ir.StringValue, code4: ir.StringValue, entries: Sequence[CodeEntry],
           age: ir.IntegerValue) -> ir.BooleanValue:
    """The ICD-10 code (its first 3 and 4 characters) starts with one of the prefixes, within each prefix's ages."""

    def limits(entry: CodeEntry) -> tuple[int, int]:
        return (entry.min_age or 0, OPEN_AGE if entry.max_age is None else entry.max_age)

    clauses = []
    for (low, high), group in groupby(sorted(entries, key=limits), key=limits):
        prefixes = [e.prefix for e in group]
        by_length = [start.isin(sorted({p for p in prefixes if len(p) == n}))
                     for n, start in ((3, code3), (4, code4)) if any(len(p) == n for p in prefixes)]
        match = by_length[0] if len(by_length) == 1 else by_length[0] | by_length[1]
        clauses.append(match if (low, high) == (0, OPEN_AGE) else match & in_ages(age, (low, high)))
    result = clauses[0]
    for clause in clauses[1:]:
        result = result | clause
    return result


def is_emergency(t: ir.Table, ref: Reference) -> ir.BooleanValue:
    """Admission method 21-25, 2A-2D or 28 (NHS Data Dictionary: emergency admission)."""
    return t.admission_method.isin(ref.codes("admission_method", "emergency"))


def days_between(later: ir.DateValue, earlier: ir.DateValue) -> ir.IntegerValue:
    return later.delta(earlier, unit="day")


@derive("admissions")
def admission_columns(t: ir.Table, ref: Reference) -> dict[str, ir.Value]:
    """``emergency`` (method 21-25, 2A-2D, 28); ``dx3`` / ``dx4``: first 3 / 4 characters of the primary
    diagnosis; ``cause3``: of the external cause; ``stay_days``: discharge date - admission date."""
    return {
        "emergency": is_emergency(t, ref),
        "dx3": t.primary_diagnosis.substr(0, 3),
        "dx4": t.primary_diagnosis.substr(0, 4),
        "cause3": t.external_cause.substr(0, 3),
        "stay_days": days_between(t.discharge_date, t.admission_date),
    }


# -- hospital admissions (SUS APC) ---------------------------------------------------------------------


@rule("non_elective_admissions", source="admissions", date="admission_date")
def non_elective_admissions(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Non-elective general & acute admissions (BCF 2017-19 NEA).

    Numerator: spells of residents of the metric's population base admitted with method 21-25,
    2A-2D, 28 (emergency) or 81 (non-emergency transfer); maternity (31-32) and babies (82-83) are
    not general & acute. Month of admission. Denominator: population (all ages).
    """
    methods = ref.codes("admission_method", "non_elective_general_acute")
    return {TOTAL: Measure(count_if(t.admission_method.isin(methods) & in_ages(t.age, spec.population_base)))}


@rule("emergency_admissions_65", source="admissions", date="admission_date")
def emergency_admissions_65(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Emergency admissions of people aged 65+ (BCF 2025-26).

    Numerator: emergency spells (method 21-25, 2A-2D, 28) of residents aged 65+ at admission, month
    of admission. Denominator: population aged 65+.
    """
    return {TOTAL: Measure(count_if(t.emergency & in_ages(t.age, spec.population_base)))}


@rule("falls_65", source="admissions", date="admission_date")
def falls_65(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Emergency admissions due to falls, 65+ (OHID Fingertips 22401; DSR with ESP2013).

    Numerator: emergency spells of residents aged 65+ with a primary diagnosis of injury (ICD-10
    S00-T98) and an external cause of a fall (W00-W19). Month of admission. Denominator: population
    65+, and per ESP2013 5-year band (65-69 ... 90+) for the directly standardised rate.
    """
    fall = t.cause3.isin(ref.icd("fall")) & t.dx3.isin(ref.icd("injury"))
    return {TOTAL: Measure(count_if(t.emergency & fall & in_ages(t.age, spec.population_base)))}


@rule("avoidable_admissions", source="admissions", date="admission_date")
def avoidable_admissions(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Avoidable emergency admissions: ambulatory-care-sensitive (ACS) conditions.

    Numerator: emergency spells whose primary diagnosis is on the metric's ACS code lists
    (``rule_parameters.yaml``: NHS OF 2.3i chronic ACS by default; the 2014-16 composite adds
    2.3ii, 3a and 3b), within each code's ages. Month of admission. Denominator: population of the
    base (all ages). Crude rate: the national indicator's indirect standardisation is not applied.
    """
    params = ref.rule("avoidable_admissions")
    lists = tuple(params.get("by_metric", {}).get(spec.metric, params["default_code_lists"]))
    acs = icd_in(t.dx3, t.dx4, ref.code_lists(lists), t.age)
    return {TOTAL: Measure(count_if(t.emergency & acs & in_ages(t.age, spec.population_base)))}


def _length_of_stay(t: ir.Table, min_days: int) -> dict[str, Measure]:
    discharged = t.discharge_date.notnull()
    long_stay = discharged & (t.stay_days >= min_days)
    return {TOTAL: Measure(count_if(long_stay), count_if(discharged))}


@rule("length_of_stay_14", source="admissions", date="discharge_date")
def length_of_stay_14(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Share of inpatients with a length of stay of 14+ days (BCF 2021-22).

    Denominator: spells discharged in the month (all admission methods and ages). Numerator: those
    with discharge date minus admission date >= 14 days. Discharge-based, not a bed-day snapshot.
    """
    return _length_of_stay(t, int(ref.rule("length_of_stay_14")["min_days"]))


@rule("length_of_stay_21", source="admissions", date="discharge_date")
def length_of_stay_21(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Share of inpatients with a length of stay of 21+ days (BCF 2021-22); as length_of_stay_14 with 21."""
    return _length_of_stay(t, int(ref.rule("length_of_stay_21")["min_days"]))


@rule("discharge_usual_residence", source="admissions", date="discharge_date")
def discharge_usual_residence(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Share of discharges to the usual place of residence (BCF 2021-25).

    Denominator: spells discharged in the month with a known destination that is not death (79) or
    not applicable / not known (98, 99). Numerator: destination 19 (usual place of residence), or a
    care home (54, 65, 85) for people admitted from a care home (their usual residence).
    """
    destination = t.discharge_destination
    excluded = (*ref.codes("discharge_destination", "died"),
                *ref.codes("discharge_destination", "not_applicable_or_known"))
    eligible = t.discharge_date.notnull() & destination.notnull() & ~destination.isin(excluded)
    care_home_return = (t.admission_source.isin(ref.codes("admission_source", "care_home"))
                        & destination.isin(ref.codes("discharge_destination", "care_home")))
    usual = destination.isin(ref.codes("discharge_destination", "usual_residence")) | care_home_return
    return {TOTAL: Measure(count_if(eligible & usual), count_if(eligible))}


# -- adult social care -----------------------------------------------------------------------------------


@rule("permanent_admissions_65", source="social_care_events", date="event_date")
def permanent_admissions_65(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Permanent admissions of people aged 65+ to residential and nursing care (ASCOF 2A(2)).

    Numerator: events ``permanent_residential`` or ``permanent_nursing`` of people aged 65+, month of
    admission (the extract is taken to hold council-supported admissions, as SALT does).
    Denominator: population aged 65+.
    """
    types = tuple(ref.rule("permanent_admissions_65")["event_types"])
    return {TOTAL: Measure(count_if(t.event_type.isin(types) & in_ages(t.age, spec.population_base)))}


@rule("reablement_91", source="social_care_events", date="event_date")
def reablement_91(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Older people (65+) still at home 91 days after discharge from hospital into reablement (ASCOF 2B(1)).

    Denominator: ``reablement_start`` events with ``from_hospital`` = Y of people aged 65+ whose
    status at 91 days is known (at_home, not_at_home or died: deaths stay in the denominator).
    Numerator: those at home. Month of the reablement start; ASCOF takes the October-December
    starts, which the monitoring layer selects from the months.
    """
    params = ref.rule("reablement_91")
    cohort = (t.event_type == "reablement_start") & t.from_hospital.fill_null(False) & (t.age >= params["min_age"])
    return {TOTAL: Measure(count_if(cohort & t.status_91.isin(params["numerator_status"])),
                           count_if(cohort & t.status_91.isin(params["denominator_status"])))}


# -- delayed transfers and discharge delays --------------------------------------------------------------


@rule("delayed_days", source="delayed_days", date="month", age=None)
def delayed_days(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Delayed transfers of care: delayed days (DToC monthly sitrep, patients 18+).

    Numerator: delayed days in the month for the responsible LA, all attributions, and one
    component per catalogue ``components`` entry (``nhs``, ``social_care``, ``both``: the extract's
    attribution). Denominator: population 18+ (for a ``per_day`` metric the monitoring layer divides
    by the days in the period: average delayed days per day per 100,000 18+).
    """
    measures = {TOTAL: Measure(t.delayed_days.cast("int64"))}
    for component in spec.components:
        measures[component] = Measure(sum_if(t.attribution == component, t.delayed_days))
    return measures


@rule("discharge_delay", source="discharge_ready", date="discharge_date")
def discharge_delay(t: ir.Table, spec: MetricSpec, ref: Reference) -> dict[str, Measure]:
    """Average length of discharge delay for adult acute patients, in days (BCF 2025-26).

    Denominator: discharges in the month of patients aged 18+ (including those with no delay).
    Numerator: the sum over them of max(0, discharge date - discharge ready date). The catalogue
    marks the formula as to be confirmed; this is its note's reading (mean over all discharges).
    Component ``sum_of_squares``: the sum of the squared delays over the same discharges, so that the
    monitoring layer can give the mean a Student's t interval.
    """
    adult = t.age >= int(ref.rule("discharge_delay")["min_age"])
    delay = ibis.greatest(days_between(t.discharge_date, t.discharge_ready_date), 0)
    return {TOTAL: Measure(sum_if(adult, delay), count_if(adult)),
            SUM_OF_SQUARES: Measure(sum_if(adult, delay * delay), count_if(adult))}
