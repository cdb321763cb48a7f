"""Catalogue files are checked whole: every problem named by file, line and field; the shipped
files (2014-16 to 2026-27) pass; 2026-27 carries 2025-26's definitions marked unconfirmed."""

from pathlib import Path

import pytest

from bettercare.catalogue import check_period_file, check_period_text, list_periods, load_period, unconfirmed
from bettercare.catalogue.lined import load_lined, plain
from bettercare.catalogue.loader import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = ROOT / "periods" / "2026-27.yaml"


@pytest.mark.parametrize("path", sorted((ROOT / "periods").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_period_file_passes_the_check(path):
    doc, problems = check_period_file(path)
    assert problems == []
    assert str(doc["period"]) == path.stem


def test_2026_27_is_in_the_catalogue_with_its_streams_conditions_and_metrics():
    assert "2026-27" in list_periods()
    data = load_period("2026-27")
    assert data["financial_years"] == ["2026-27"]
    streams = {s["id"]: s for s in data["funding_streams"]}
    assert set(streams) == {"nhs_minimum", "nhs_additional", "la_bcf_grant", "dfg", "la_additional"}
    assert "formerly iBCF" in streams["la_bcf_grant"]["title"] and streams["la_bcf_grant"]["formerly"] == ["ibcf"]
    assert streams["nhs_minimum"]["formerly"] == ["ccg_minimum"]
    assert [c["number"] for c in data["national_conditions"]] == [1, 2, 3, 4]
    assert [m["id"] for m in data["metrics"]] == [m["id"] for m in load_period("2025-26")["metrics"]]
    # What the public framework page does not give is carried from 2025-26, unconfirmed, with a reason.
    flagged = {(row["section"], row["id"]): row["reason"] for row in unconfirmed(data)}
    for metric in data["metrics"]:
        assert ("metrics", metric["id"]) in flagged and "2025-26" in flagged[("metrics", metric["id"])]
    assert all(reason for reason in flagged.values())


def test_2026_27_metric_definitions_equal_2025_26_apart_from_the_confirmation():
    """Carried forward, not re-typed: every defining field is the same as in 2025-26."""
    old = {m["id"]: m for m in load_period("2025-26")["metrics"]}
    for metric in load_period("2026-27")["metrics"]:
        for field in ("statistic", "numerator", "denominator", "population_base", "multiplier", "period",
                      "polarity", "ci_method", "rag_rule", "engine_rule"):
            assert metric[field] == old[metric["id"]][field], (metric["id"], field)


def test_a_missing_field_a_duplicate_id_and_a_dangling_stream_are_all_reported_with_lines():
    path = FIXTURES / "2027-28-broken.yaml"
    _, problems = check_period_file(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(problems) == 3, [str(p) for p in problems]
    duplicate = next(p for p in problems if "duplicate id" in p.message)
    missing = next(p for p in problems if p.message == "missing field")
    dangling = next(p for p in problems if "unknown stream" in p.message)
    # Each line number points at the offending text in the file (found independently here).
    assert "id: carers_services" in lines[duplicate.line - 1] and duplicate.field == "scheme_types[5].id"
    assert "first used at line" in duplicate.message and "id: carers_services" in lines[int(
        duplicate.message.rsplit(" ", 1)[1].rstrip(")")) - 1]
    assert missing.field == "metrics[3] (perm-admissions-65).denominator"
    assert "id: perm-admissions-65" in lines[missing.line - 1]
    assert "nhs_minimun" in lines[dangling.line - 1] and dangling.field == "plan_rules.minimum_streams[1]"
    assert all(p.file == "2027-28-broken.yaml" for p in problems)
    assert str(dangling).startswith(f"2027-28-broken.yaml, line {dangling.line}, plan_rules.minimum_streams[1]:")


def test_every_metric_field_is_required():
    text = SHIPPED.read_text(encoding="utf-8")
    for field in ("statistic", "numerator", "population_base", "multiplier", "polarity", "ci_method", "rag_rule",
                  "source"):
        head, metrics = text.split("\nmetrics:", 1)
        broken = head + "\nmetrics:" + metrics.replace(f"  {field}:", f"  x_{field}:", 1)
        _, problems = check_period_text(broken, "x.yaml")
        assert any(p.field.endswith(f".{field}") and p.message == "missing field" for p in problems), field


@pytest.mark.parametrize("old,new,field,message", [
    ("  statistic: rate\n", "  statistic: ratio\n", "statistic", "must be one of"),
    ("  ci_method: mean\n", "  ci_method: bootstrap\n", "ci_method", "must be one of"),
    ("  polarity: lower\n", "  polarity: down\n", "polarity", "must be one of"),
    ("  multiplier: 100000\n", "  multiplier: -5\n", "multiplier", "whole number"),
    ("  rag_rule: {rule: significance, confidence: 0.95}\n", "  rag_rule: {rule: vibes}\n", "rag_rule",
     "unknown RAG rule"),
    ("hicm_model: 2015-2020", "hicm_model: 2031", "hicm_model", "unknown HICM model"),
    ("  dfg:\n    streams: [dfg]", "  dfg:\n    streams: [dfgx]", "plan_rules.dfg.streams[1]", "unknown stream"),
    ("  carers_reablement_scheme_types: [carers_services, intermediate_care]",
     "  carers_reablement_scheme_types: [carers, intermediate_care]", "plan_rules.carers_reablement_scheme_types[1]",
     "unknown scheme type"),
])
def test_values_and_references_are_checked(old, new, field, message):
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    _, problems = check_period_text(text.replace(old, new, 1), "2026-27.yaml")
    assert any(p.field.endswith(field) and message in p.message for p in problems), [str(p) for p in problems]


def test_a_key_given_twice_is_reported_not_silently_overwritten():
    text = SHIPPED.read_text(encoding="utf-8").replace("title: Better Care Fund 2026-27\n",
                                                       "title: Better Care Fund 2026-27\ntitle: Other\n", 1)
    _, problems = check_period_text(text, "2026-27.yaml")
    assert [(p.line, p.field) for p in problems if "given twice" in p.message] == [(12, "title")]


def test_not_yaml_names_the_line():
    _, problems = check_period_text("period: 2026-27\nmetrics: [a\n", "bad.yaml")
    assert len(problems) == 1 and problems[0].field == "(file)" and problems[0].line >= 2


def test_a_period_without_plan_rules_is_refused():
    text = SHIPPED.read_text(encoding="utf-8").replace("period: 2026-27", "period: 2030-31").replace(
        "- 2026-27\nsource", "- 2030-31\nsource")
    text = text[: text.index("plan_rules:")]
    _, problems = check_period_text(text, "2030-31.yaml")
    assert [p.field for p in problems] == ["plan_rules"]
    named = text + "plan_rules: 2025-26\n"
    _, problems = check_period_text(named, "2030-31.yaml")
    assert any("unknown stream 'ccg_minimum'" in p.message and p.file == "rules/plans/2025-26.yaml" for p in problems)


def test_lined_reader_keeps_lines_and_plain_values():
    doc, duplicates = load_lined("a: 1\nb:\n  - x\n  - {c: 2}\n")
    assert doc.line_of("b") == 2 and doc["b"].line_of(1) == 4 and duplicates == []
    assert plain(doc) == {"a": 1, "b": ["x", {"c": 2}]} and type(plain(doc)) is dict
