"""`bettercare catalogue list/check/add`: a new policy year is data. Adding is all or nothing,
versioned and recorded with its author; the period is usable at once (plans, targets, import);
a later version corrects a period without rewriting what was computed with the earlier one."""

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from bettercare.catalogue import list_periods, load_period
from bettercare.catalogue.loader import ROOT
from bettercare.cli import app
from bettercare.monitoring.importer import import_file
from bettercare.monitoring.models import MetricActual
from bettercare.monitoring.results import metric_results
from bettercare.planbook.rollforward import roll_forward
from bettercare.plans.models import MetricTarget, Plan
from bettercare.plans.ruledata import load_rules
from bettercare.reference.models import CatalogueVersion, Metric, MetricDefinition, PolicyPeriod

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str):
    return CliRunner().invoke(app, ["catalogue", *args])


def period_file(tmp_path, code="2027-28", replace=()):
    """The shipped 2026-27 file re-dated as another year (what an administrator would upload)."""
    start = code[:4]
    text = (ROOT / "periods" / "2026-27.yaml").read_text(encoding="utf-8")
    text = text.replace("period: 2026-27", f"period: {code}").replace("- 2026-27\nsource", f"- {code}\nsource")
    text = text.replace("title: Better Care Fund 2026-27", f"title: Better Care Fund {code}")
    assert start in text
    for old, new in replace:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / f"{code}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_list_json_includes_2026_27_with_metrics_and_unconfirmed_entries():
    result = run("list", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["period"]: row for row in json.loads(result.stdout)}
    assert list(rows) == sorted(rows) and "2026-27" in rows
    current = rows["2026-27"]
    assert [m["id"] for m in current["metrics"]] == [
        "emergency-admissions-65", "discharge-delay-average", "perm-admissions-65"]
    assert all(m["confirmed"] is False for m in current["metrics"])
    assert {m["statistic"] for m in current["metrics"]} == {"rate", "mean"}
    unconfirmed = {(row["section"], row["id"]) for row in current["unconfirmed"]}
    assert ("metrics", "perm-admissions-65") in unconfirmed
    assert ("national_conditions", "oversight_and_support") in unconfirmed
    assert all(row["reason"] for row in current["unconfirmed"])
    assert current["version"] == 1 and current["added_by"].startswith("bettercare release")
    assert [s["id"] for s in current["funding_streams"]][:3] == ["nhs_minimum", "nhs_additional", "la_bcf_grant"]


def test_check_reports_all_three_problems_with_lines_and_loads_nothing():
    before = (CatalogueVersion.objects.count(), PolicyPeriod.objects.count())
    result = run("check", str(FIXTURES / "2027-28-broken.yaml"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4 and "Traceback" not in result.output
    assert lines[0].startswith("2027-28-broken.yaml, line 50, scheme_types[5].id: duplicate id 'carers_services'")
    assert lines[1].startswith("2027-28-broken.yaml, line 115, metrics[3] (perm-admissions-65).denominator: missing")
    assert lines[2].startswith("2027-28-broken.yaml, line 137, plan_rules.minimum_streams[1]: unknown stream")
    assert lines[3] == "Error: 2027-28-broken.yaml: 3 problems; nothing was loaded"
    assert (CatalogueVersion.objects.count(), PolicyPeriod.objects.count()) == before
    as_json = run("check", str(FIXTURES / "2027-28-broken.yaml"), "--json")
    assert [p["line"] for p in json.loads(as_json.stdout)["problems"]] == [50, 115, 137]


def test_add_refuses_a_broken_file_whole(tmp_path):
    result = run("add", str(FIXTURES / "2027-28-broken.yaml"), "--as", "national")
    assert result.exit_code == 1
    assert "refused (3 problems); nothing was loaded" in result.stderr
    assert not CatalogueVersion.objects.filter(period_code="2027-28").exists()
    assert not PolicyPeriod.objects.filter(code="2027-28").exists()


def test_add_needs_a_national_administrator(tmp_path):
    result = run("add", str(period_file(tmp_path)), "--as", "norfolk.editor")
    assert result.exit_code == 2
    assert "only national administrators" in result.stderr
    assert not CatalogueVersion.objects.filter(period_code="2027-28").exists()


def test_an_added_period_is_usable_at_once_for_plans_targets_and_import(tmp_path, catalogue_db_source):
    result = run("add", str(period_file(tmp_path)), "--as", "national", "--note", "framework 2027-28")
    assert result.exit_code == 0, result.output
    version = CatalogueVersion.objects.get(period_code="2027-28")
    assert (version.version, version.author.username, version.origin, version.note) == (
        1, "national", "cli", "framework 2027-28")
    assert "2027-28" in list_periods() and load_period("2027-28")["financial_years"] == ["2027-28"]
    period = PolicyPeriod.objects.get(code="2027-28")
    assert period.funding_streams.count() == 5 and period.metrics.filter(area=None).count() == 3
    assert load_rules("2027-28").list("minimum_streams") == ["nhs_minimum"]  # inline plan rules in force

    # Plans: roll the illustrative Norfolk plan on twice, 2025-26 -> 2026-27 -> 2027-28.
    from bettercare.scenarios.current_year import ILLUSTRATIVE_DIR
    from bettercare.scenarios.loader import ScenarioLoader

    ScenarioLoader("norfolk-2025-26", directory=ILLUSTRATIVE_DIR).load()
    editor = User.objects.get(username="norfolk.editor")
    first = roll_forward(editor, Plan.objects.get(scenario="norfolk-2025-26"), "2026-27").plan
    second = roll_forward(editor, first, "2027-28")
    assert second.plan.period == period and second.unmapped == []
    # Targets: the ambitions carried into the new year.
    target = MetricTarget.objects.get(plan=second.plan, metric__code="perm-admissions-65")
    assert (target.period, str(target.period_start), target.value) == ("2027-28", "2027-04-01", Decimal("520"))
    # Import: actuals for the new year are accepted and assessed against the target.
    path = tmp_path / "actuals.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["area", "locality", "metric", "period", "numerator", "denominator", "value", "source"])
        writer.writerow(["Norfolk", "", "perm-admissions-65", "2027-28", "1000", "250000", "", "SALT test"])
    report = import_file(path)
    assert report.created == 1
    actual = MetricActual.objects.get(metric__period=period, metric__code="perm-admissions-65")
    assert actual.definition.catalogue_version == version
    results = {r.metric.code: r for r in metric_results(second.plan.area, "2027-28") if not r.locality}
    assessed = results["perm-admissions-65"]
    assert [t.value for t in assessed.targets] == [Decimal("520")]
    assert assessed.rag == "green"  # 400 per 100,000 (CI about 376-425) against 520, lower is better


def test_a_correction_is_a_new_version_and_figures_keep_their_definition(tmp_path, catalogue_db_source):
    assert run("add", str(period_file(tmp_path)), "--as", "national").exit_code == 0
    metric = Metric.objects.get(period__code="2027-28", code="perm-admissions-65", area=None)
    path = tmp_path / "actuals.csv"
    path.write_text("area,metric,period,numerator,denominator,source\nNorfolk,perm-admissions-65,2027-28,900,250000,x\n")
    import_file(path)
    before = MetricActual.objects.get(metric=metric)
    first_definition = before.definition
    assert first_definition.definition["numerator"].startswith("Permanent admissions")

    corrected = period_file(tmp_path, replace=[(
        "numerator: Permanent admissions of people aged 65+ to residential and nursing care",
        "numerator: Long-term admissions of people aged 65+ to residential and nursing care (confirmed)",
    )])
    result = run("add", str(corrected), "--as", "national", "--note", "definition confirmed")
    assert result.exit_code == 0, result.output
    assert "catalogue version 2" in result.stderr
    assert list(CatalogueVersion.objects.filter(period_code="2027-28").values_list("version", flat=True)) == [1, 2]
    metric.refresh_from_db()
    assert metric.definition["numerator"].endswith("(confirmed)")  # the definition in force
    assert load_period("2027-28")["metrics"][2]["numerator"].endswith("(confirmed)")
    before.refresh_from_db()
    assert before.definition == first_definition  # the figure keeps the definition it was computed with
    assert before.definition.definition["numerator"].startswith("Permanent admissions")
    assert MetricDefinition.objects.filter(metric=metric).count() == 2
    # Adding the same text again changes nothing.
    again = run("add", str(corrected), "--as", "national")
    assert again.exit_code == 0 and "nothing changed" in again.stderr
    assert CatalogueVersion.objects.filter(period_code="2027-28").count() == 2
