"""Validate a policy-period catalogue file and report *every* problem with file, line and field.

Rules (issue 19):
- the top-level keys of a period are present; the period code is ``YYYY-YY`` and its financial
  years are consecutive ``YYYY-YY`` years;
- ids are present and unique within funding streams, scheme types, national conditions and metrics
  (condition numbers too);
- every metric is complete: id, title, statistic, numerator, denominator, population base,
  multiplier, period, polarity, CI method, RAG rule and source; values come from the known sets;
  a denominator may be empty only for a count, a population base only for a statistic that is not
  population-based (count, proportion, mean);
- the RAG rule is one ``indicators.make_rag_rule`` accepts;
- references resolve: the HICM model to a file in ``catalogue/hicm``; the plan-check rules (inline
  ``plan_rules`` mapping, ``plan_rules: <period>`` naming a rules file, or else
  ``rules/plans/<period>.yaml``) exist, and every stream and scheme type they name is one of the
  period's own;
- ``confirmed`` is true or false;
- the optional ``quarterly_returns`` (when each quarter's return is due) holds a number of days
  and dates per quarter of the period's years, each after its quarter ends.
Pure Python: no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bettercare.indicators.rag import make_rag_rule

from .lined import LinedDict, LinedList, load_lined
from .returns_check import check_quarterly_returns

ROOT = Path(__file__).resolve().parent
PERIOD_KEYS = (
    "period",
    "title",
    "financial_years",
    "funding_streams",
    "scheme_types",
    "national_conditions",
    "metrics",
)
SECTIONS = ("funding_streams", "scheme_types", "national_conditions", "metrics")
METRIC_FIELDS = (
    "id",
    "title",
    "statistic",
    "numerator",
    "denominator",
    "population_base",
    "multiplier",
    "period",
    "polarity",
    "ci_method",
    "rag_rule",
    "source",
)
STATISTICS = {"count", "rate", "proportion", "dsr", "per_day_rate", "mean"}
NOT_POPULATION_BASED = {"count", "proportion", "mean"}
METRIC_PERIODS = {"month", "quarter", "half-year", "year"}
POLARITIES = {"lower", "higher", "neutral"}
CI_METHODS = {"proportion", "rate", "dsr", "mean"}
POPULATION_BASES = {"all", "18+", "65+"}
STREAM_KINDS = {"revenue", "capital"}
PERIOD_CODE = re.compile(r"^(\d{4})-(\d{2})$")
RULE_STREAM_LISTS = ("minimum_streams", "nhs_minimum_streams")
RULE_SCHEME_TYPE_LISTS = ("carers_reablement_scheme_types",)


@dataclass(frozen=True)
class Problem:
    """One broken rule, located by file, line and field (a path such as ``metrics[2].numerator``)."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, {self.field}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


class _Report:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int, field: str, message: str, file: str | None = None) -> None:
        self.problems.append(Problem(file or self.file, line, field, message))


def _line(container: Any, key: Any) -> int:
    if isinstance(container, (LinedDict, LinedList)):
        return container.line_of(key)
    return 1


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _years_ok(code: str) -> bool:
    """A financial year like 2026-27 (April to March)."""
    match = PERIOD_CODE.match(code)
    return bool(match) and (int(match[1]) + 1) % 100 == int(match[2]) % 100


def _period_ok(code: str) -> bool:
    """A policy period of one to three financial years, like 2026-27 or 2023-25."""
    match = PERIOD_CODE.match(code)
    return bool(match) and (int(match[2]) - int(match[1])) % 100 in (1, 2, 3)


def _check_entries(doc: LinedDict, section: str, report: _Report) -> dict[str, int]:
    """Ids unique within a section; returns id -> index."""
    entries = doc.get(section)
    ids: dict[str, int] = {}
    if not isinstance(entries, list):
        report.add(_line(doc, section), section, "must be a list of entries")
        return ids
    for index, entry in enumerate(entries):
        where = f"{section}[{index + 1}]"
        if not isinstance(entry, dict):
            report.add(_line(entries, index), where, "must be a mapping with an id and a title")
            continue
        entry_id = entry.get("id")
        if _blank(entry_id):
            report.add(_line(entry, "id"), f"{where}.id", "missing id")
        elif str(entry_id) in ids:
            first = _line(entries, ids[str(entry_id)])
            report.add(_line(entry, "id"), f"{where}.id", f"duplicate id {entry_id!r} (first used at line {first})")
        else:
            ids[str(entry_id)] = index
        if _blank(entry.get("title")):
            report.add(_line(entry, "title"), f"{where}.title", "missing title")
        if "confirmed" in entry and not isinstance(entry["confirmed"], bool):
            report.add(_line(entry, "confirmed"), f"{where}.confirmed", "must be true or false")
        formerly = entry.get("formerly")
        if formerly is not None and not (
            isinstance(formerly, list) and all(isinstance(item, str) and item for item in formerly)
        ):
            report.add(_line(entry, "formerly"), f"{where}.formerly", "must be a list of earlier ids")
    return ids


def _check_streams(doc: LinedDict, report: _Report) -> None:
    for index, entry in enumerate(doc.get("funding_streams") or []):
        if isinstance(entry, dict) and entry.get("kind", "revenue") not in STREAM_KINDS:
            report.add(
                _line(entry, "kind"),
                f"funding_streams[{index + 1}].kind",
                f"must be one of {sorted(STREAM_KINDS)}, not {entry.get('kind')!r}",
            )


def _check_conditions(doc: LinedDict, report: _Report) -> None:
    numbers: dict[int, int] = {}
    for index, entry in enumerate(doc.get("national_conditions") or []):
        if not isinstance(entry, dict):
            continue
        where = f"national_conditions[{index + 1}].number"
        number = entry.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            report.add(_line(entry, "number"), where, "must be a whole number from 1")
        elif number in numbers:
            report.add(_line(entry, "number"), where, f"number {number} repeats (first at line {numbers[number]})")
        else:
            numbers[number] = _line(entry, "number")


def _check_metric(entry: LinedDict, index: int, report: _Report) -> None:
    label = f"metrics[{index + 1}]" + (f" ({entry['id']})" if not _blank(entry.get("id")) else "")
    missing = [name for name in METRIC_FIELDS if name not in entry]
    for name in missing:
        if name not in ("id", "title"):  # reported with the ids
            report.add(entry.line, f"{label}.{name}", "missing field")
    statistic = entry.get("statistic")
    if "statistic" in entry and statistic not in STATISTICS:
        report.add(_line(entry, "statistic"), f"{label}.statistic", f"must be one of {sorted(STATISTICS)}")
    for name in ("numerator", "source"):
        if name in entry and _blank(entry[name]):
            report.add(_line(entry, name), f"{label}.{name}", "must not be empty")
    if "denominator" in entry and _blank(entry["denominator"]) and statistic != "count":
        report.add(_line(entry, "denominator"), f"{label}.denominator", "may be empty only for a count")
    if "population_base" in entry:
        base = entry["population_base"]
        if _blank(base):
            if statistic in STATISTICS - NOT_POPULATION_BASED:
                report.add(
                    _line(entry, "population_base"),
                    f"{label}.population_base",
                    f"a {statistic} needs a population base ({', '.join(sorted(POPULATION_BASES))})",
                )
        elif str(base) not in POPULATION_BASES:
            report.add(
                _line(entry, "population_base"),
                f"{label}.population_base",
                f"must be one of {sorted(POPULATION_BASES)} or empty",
            )
    multiplier = entry.get("multiplier")
    if "multiplier" in entry and (not isinstance(multiplier, int) or isinstance(multiplier, bool) or multiplier < 1):
        report.add(
            _line(entry, "multiplier"), f"{label}.multiplier", "must be a whole number from 1 (100000 for per 100,000)"
        )
    choices = {"period": METRIC_PERIODS, "polarity": POLARITIES, "ci_method": CI_METHODS}
    for name, allowed in choices.items():
        if name in entry and entry[name] not in allowed:
            report.add(_line(entry, name), f"{label}.{name}", f"must be one of {sorted(allowed)}, not {entry[name]!r}")
    if "rag_rule" in entry:
        try:
            make_rag_rule(entry["rag_rule"])
        except (ValueError, TypeError) as error:
            report.add(_line(entry, "rag_rule"), f"{label}.rag_rule", str(error))


def _check_rule_refs(
    rules: Any, streams: set[str], scheme_types: set[str], report: _Report, file: str, prefix: str
) -> None:
    """Every stream and scheme type the plan-check rules name is one of the period's."""
    if not isinstance(rules, dict):
        report.add(_line(rules, 0), prefix or "plan_rules", "must be a mapping of plan-check settings", file)
        return

    def refs(container: Any, key: Any, known: set[str], kind: str, field: str) -> None:
        values = container.get(key) if isinstance(container, dict) else None
        for position, value in enumerate(values or []):
            if str(value) not in known:
                line = _line(values, position) if isinstance(values, LinedList) else _line(container, key)
                report.add(
                    line,
                    f"{field}[{position + 1}]",
                    f"unknown {kind} {value!r} (not in funding_streams)"
                    if kind == "stream"
                    else f"unknown {kind} {value!r} (not in scheme_types)",
                    file,
                )

    for key in RULE_STREAM_LISTS:
        refs(rules, key, streams, "stream", f"{prefix}{key}")
    for key in RULE_SCHEME_TYPE_LISTS:
        refs(rules, key, scheme_types, "scheme type", f"{prefix}{key}")
    dfg = rules.get("dfg")
    if isinstance(dfg, dict):
        refs(dfg, "streams", streams, "stream", f"{prefix}dfg.streams")
        refs(dfg, "scheme_types", scheme_types, "scheme type", f"{prefix}dfg.scheme_types")
    groups = rules.get("stream_groups") or {}
    if isinstance(groups, dict):
        for income, group in groups.items():
            if str(income) not in streams:
                report.add(
                    _line(groups, income),
                    f"{prefix}stream_groups.{income}",
                    f"unknown stream {income!r} (not in funding_streams)",
                    file,
                )
            if isinstance(group, dict):
                refs(group, "spent_as", streams, "stream", f"{prefix}stream_groups.{income}.spent_as")


def rules_file(period: str) -> Path:
    return ROOT / "rules" / "plans" / f"{period}.yaml"


def _check_plan_rules(doc: LinedDict, code: str, streams: set[str], scheme_types: set[str], report: _Report) -> None:
    setting = doc.get("plan_rules")
    if isinstance(setting, dict):
        _check_rule_refs(setting, streams, scheme_types, report, report.file, "plan_rules.")
        return
    named = str(setting) if setting is not None else code
    path = rules_file(named)
    if not path.exists():
        where = _line(doc, "plan_rules") if setting is not None else 1
        known = ", ".join(sorted(p.stem for p in path.parent.glob("*.yaml")))
        report.add(
            where,
            "plan_rules",
            f"no plan-check rules: there is no rules file for {named!r}; give plan_rules as a mapping "
            f"or name a period whose rules apply (rules files: {known})",
        )
        return
    try:
        rules, _ = load_lined(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        report.add(
            getattr(getattr(error, "problem_mark", None), "line", 0) + 1, "plan_rules", f"not YAML: {error}", path.name
        )
        return
    _check_rule_refs(rules, streams, scheme_types, report, f"rules/plans/{path.name}", "")


def _known_hicm_models() -> set[str]:
    return {path.stem for path in (ROOT / "hicm").glob("*.yaml")}


def check_period_text(text: str, file: str = "period.yaml") -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse and check one period file. Returns the document (lined) and every problem found;
    the document is None when the text is not a YAML mapping at all."""
    report = _Report(file)
    try:
        doc, duplicate_keys = load_lined(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        report.add((mark.line + 1) if mark else 1, "(file)", f"not valid YAML: {getattr(error, 'problem', error)}")
        return None, report.problems
    if not isinstance(doc, LinedDict):
        report.add(1, "(file)", "must be a YAML mapping with the keys " + ", ".join(PERIOD_KEYS))
        return None, report.problems
    for line, key in duplicate_keys:
        report.add(line, str(key), "key given twice in the same mapping (the later one would silently win)")
    for key in PERIOD_KEYS:
        if key not in doc:
            report.add(1, key, "missing key")
    code = str(doc.get("period", ""))
    if "period" in doc and not _period_ok(code):
        report.add(_line(doc, "period"), "period", f"must be a policy period like 2026-27, not {doc['period']!r}")
    years = doc.get("financial_years")
    if "financial_years" in doc:
        if not isinstance(years, list) or not years:
            report.add(_line(doc, "financial_years"), "financial_years", "must list at least one year like 2026-27")
        else:
            for index, year in enumerate(years):
                if not _years_ok(str(year)):
                    report.add(
                        _line(years, index), f"financial_years[{index + 1}]", f"{year!r} is not a year like 2026-27"
                    )
                elif (
                    index
                    and _years_ok(str(years[index - 1]))
                    and int(str(year)[:4]) != int(str(years[index - 1])[:4]) + 1
                ):
                    report.add(_line(years, index), f"financial_years[{index + 1}]", "years must be consecutive")
            if _period_ok(code) and _years_ok(str(years[0])) and str(years[0])[:4] != code[:4]:
                report.add(_line(years, 0), "financial_years[1]", f"the first year must start in {code[:4]}")
    ids = {section: _check_entries(doc, section, report) for section in SECTIONS if section in doc}
    _check_streams(doc, report)
    _check_conditions(doc, report)
    for index, entry in enumerate(doc.get("metrics") or []):
        if isinstance(entry, LinedDict):
            _check_metric(entry, index, report)
    check_quarterly_returns(doc, years if isinstance(years, list) else [], report)
    hicm = doc.get("hicm_model")
    if hicm not in (None, "") and str(hicm) not in _known_hicm_models():
        report.add(
            _line(doc, "hicm_model"),
            "hicm_model",
            f"unknown HICM model {hicm!r} (known: {', '.join(sorted(_known_hicm_models()))})",
        )
    if _period_ok(code):
        _check_plan_rules(doc, code, set(ids.get("funding_streams", {})), set(ids.get("scheme_types", {})), report)
    report.problems.sort(key=lambda problem: (problem.file != file, problem.line))
    return doc, report.problems


def check_period_file(path: str | Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check a period file on disk (see :func:`check_period_text`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(path.name, 0, "(file)", f"no such file in {path.parent}")]
    except UnicodeDecodeError as error:
        return None, [Problem(path.name, 0, "(file)", f"not UTF-8 text ({error.reason} at byte {error.start})")]
    return check_period_text(text, path.name)
