"""The plan checks against the seed documents' own numbers: Norfolk 2014-16 (seed 001) has its
two GBP 1,000 slips and metric rows that disagree with their numerators and denominators;
Leicestershire (seed 004) and North East Lincolnshire (seed 003) check clean but for real slips."""

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from bettercare.catalogue import load_period
from bettercare.cli import app
from bettercare.planbook.checks import RULES, run_checks
from bettercare.plans.models import Contribution, MetricTarget, Plan, SchemeFinance
from bettercare.scenarios import read_scenario

pytestmark = pytest.mark.django_db


def plan(scenario: str) -> Plan:
    return Plan.objects.get(scenario=scenario)


@pytest.fixture(scope="module")
def norfolk_findings(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return run_checks(Plan.objects.get(scenario="norfolk-2014-16"))


def test_rule_ids_are_stable_and_each_rule_has_a_severity_and_title():
    expected = {f"FUND-{n:03d}" for n in range(1, 11)} | {f"METRIC-{n:03d}" for n in range(1, 6)}
    expected |= {"RISK-001", "ACTION-001", "COND-001"}
    assert set(RULES) == expected
    for rule in RULES.values():
        assert rule.severity in ("error", "warning") and rule.title


def test_norfolk_west_norfolk_schemes_exceed_the_ccg_contribution_by_1000(norfolk_findings):
    west = [f for f in norfolk_findings.for_rule("FUND-003") if f.where.get("locality") == "07J"]
    assert len(west) == 1
    assert (west[0].expected, west[0].found) == ("11443000", "11444000")
    assert west[0].where["financial_year"] == "2015-16"
    assert "West Norfolk" in west[0].message and "£1,000" in west[0].message


def test_norfolk_countywide_capital_falls_1000_short_of_the_council_contribution(norfolk_findings):
    countywide = [f for f in norfolk_findings.for_rule("FUND-003") if f.where.get("locality") == ""]
    assert len(countywide) == 1
    assert (countywide[0].expected, countywide[0].found) == ("6080000", "6079000")
    # the council's minimum (stream la_minimum) is spent as DFG + social care capital (CAP1, CAP2)
    by_stream = {f.where["stream"]: f for f in norfolk_findings.for_rule("FUND-002")}
    assert set(by_stream) == {"ccg_minimum", "la_minimum"}
    assert (by_stream["la_minimum"].expected, by_stream["la_minimum"].found) == ("6080000", "6079000")
    assert (by_stream["ccg_minimum"].expected, by_stream["ccg_minimum"].found) == ("56381000", "56382000")


def test_norfolk_money_has_no_other_mismatch(norfolk_findings):
    """Only the two GBP 1,000 slips (per locality and per stream) and the two GBP 1 benefit subtotals."""
    money = [f for f in norfolk_findings.findings if f.rule.startswith("FUND")]
    assert sorted(f.rule for f in money) == ["FUND-002", "FUND-002", "FUND-003", "FUND-003", "FUND-004", "FUND-004"]
    subtotals = {(f.where["locality"], f.expected, f.found) for f in norfolk_findings.for_rule("FUND-004")}
    assert subtotals == {("06V", "1154139", "1154140"), ("", "4534139", "4534140")}
    # 2014-15 is funded countywide by the council, so it is not judged per locality
    assert any(n.rule == "FUND-003" and "2014-15" in n.location for n in norfolk_findings.not_assessed)


def _independently_inconsistent_rows(scenario: str, whole_numbers: bool = False) -> set[tuple]:
    """Read the scenario file (values keep their printed decimals) and recompute every stated value
    with plain float arithmetic: inconsistent when off by more than half a unit in the last place.
    ``whole_numbers`` selects instead the rows whose printed decimals are all zero and whose value is
    the recomputed one rounded to a whole number (METRIC-005)."""
    data = read_scenario(scenario)
    multipliers = {m["id"]: m["multiplier"] for m in load_period(str(data["plan"]["period"]))["metrics"]}
    flagged = set()
    for row in data["metric_values"]:
        if row["kind"] == "actual" or None in (row.get("numerator"), row.get("denominator"), row.get("value")):
            continue
        stated = Decimal(str(row["value"]))
        places = max(0, -stated.as_tuple().exponent)
        computed = float(row["numerator"]) / float(row["denominator"]) * multipliers[row["metric"]]
        if abs(float(stated) - computed) > 0.5 * 10**-places + 1e-9:
            whole = places > 0 and stated == stated.to_integral_value() and abs(float(stated) - computed) <= 0.5
            if whole == whole_numbers:
                flagged.add((row["metric"], row.get("locality") or "", row["kind"], row.get("label") or ""))
    return flagged


def test_norfolk_metric_rows_flagged_are_exactly_those_that_disagree(norfolk_findings):
    found = {
        (f.where["metric"], f.where["locality"], f.where["kind"], f.where["label"])
        for f in norfolk_findings.for_rule("METRIC-001")
    }
    expected = _independently_inconsistent_rows("norfolk-2014-16")
    assert found == expected
    assert len(found) >= 15
    # seed 001 slips named by the transcribers
    assert ("emergency-admissions-composite", "07J", "target", "Performance underpinning April 2015 payment") in found
    assert ("perm-admissions-65", "06Y", "baseline", "Current Baseline (as at)") in found
    printed = {
        (f.where["metric"], f.where["locality"], f.where["kind"], f.where["label"])
        for f in norfolk_findings.for_rule("METRIC-005")
    }
    assert printed == _independently_inconsistent_rows("norfolk-2014-16", whole_numbers=True)
    # 130 / 145 = 89.66% printed "90.00"; 2,348 / 97,424 x 100,000 = 2,410.08 printed "2410.0"
    assert ("reablement-91", "06V", "target", "Performance underpinning October 2015 payment") in printed
    assert ("emergency-admissions-composite", "06M", "baseline", "Current Baseline (as at)") in printed


@pytest.mark.parametrize(
    "metric,locality,kind,value",
    [
        ("perm-admissions-65", "06M", "target", "702.5"),  # 151 / 21,495 x 100,000 = 702.49
        ("perm-admissions-65", "06M", "baseline", "739.8"),  # 159 / 21,491 x 100,000 = 739.84
        ("reablement-91", "06M", "target", "90.10"),  # 91 / 101 = 90.099%
        ("perm-admissions-65", "07J", "baseline", "757.3"),  # 316 / 41,729 x 100,000 = 757.27
        ("reablement-91", "07J", "baseline", "86.44"),  # 102 / 118 = 86.44%
    ],
)
def test_consistent_metric_rows_raise_no_alarm(norfolk_findings, metric, locality, kind, value):
    row = MetricTarget.objects.get(
        plan__scenario="norfolk-2014-16", metric__code=metric, locality__code=locality, kind=kind
    )
    assert row.value == Decimal(value)
    flagged = {
        (f.where["metric"], f.where["locality"], f.where["kind"]) for f in norfolk_findings.for_rule("METRIC-001")
    }
    assert (metric, locality, kind) not in flagged


def test_norfolk_unanswered_national_conditions_are_named(norfolk_findings):
    assert {f.where["condition"] for f in norfolk_findings.for_rule("COND-001")} == {"joint_assessment", "acute_impact"}


def test_leicestershire_checks_clean():
    report = run_checks(plan("leicestershire-2018-19"))
    assert report.findings == []
    reasons = " ".join(n.reason for n in report.not_assessed)
    assert "no scheme spend" in reasons.lower()
    # its budget line (GBP 55,993,000) was compared with the contributions and agreed
    assert not any(n.rule == "FUND-001" for n in report.not_assessed)


def test_nel_checks_clean_but_for_actions_overdue_at_sign_off():
    """Seed 003 was signed off on 11 September 2017 with four August 2017 actions not marked done."""
    report = run_checks(plan("nel-2017-19"))
    assert report.as_at.isoformat() == "2017-09-11"
    assert {f.rule for f in report.findings} == {"ACTION-001"}
    assert sorted(f.where["ref"] for f in report.findings) == ["C4-14", "C4-2", "C4-3", "C4-5"]
    # NEL's minimum required contribution (GBP 17.9m / 19.8m, seed 003) is configured and met
    assert not any(n.rule == "FUND-005" for n in report.not_assessed)


def test_minimum_contribution_below_the_configured_amount_is_an_error():
    nel = plan("nel-2017-19")
    Contribution.objects.filter(plan=nel, stream__code="ibcf", financial_year="2018-19").update(
        amount=Decimal("5500000")
    )
    findings = run_checks(nel, only=["FUND-005"]).findings
    assert [(f.where["financial_year"], f.expected, f.found) for f in findings] == [("2018-19", "19800000", "19700000")]


def test_amounts_not_configured_are_reported_not_assessed_never_invented():
    report = run_checks(plan("norfolk-2014-16"), only=["FUND-006", "FUND-007", "FUND-008"])
    assert report.findings == []
    assert len(report.not_assessed) == 6
    assert all("not assessed (amount not configured)" in n.reason for n in report.not_assessed)


def test_risk_score_must_equal_likelihood_times_impact():
    from bettercare.delivery.models import Risk

    nel = plan("nel-2017-19")
    assert run_checks(nel, only=["RISK-001"]).findings == []
    Risk.objects.filter(plan=nel, ref="R1a").update(stated_score=10)
    [finding] = run_checks(nel, only=["RISK-001"]).findings
    assert (finding.where["ref"], finding.expected, finding.found) == ("R1a", "12", "10")


def test_trajectory_must_add_up_to_the_annual_target():
    leics = plan("leicestershire-2018-19")
    target = MetricTarget.objects.get(plan=leics, metric__code="nea", label__startswith="Adjusted")
    for quarter, admissions in (
        ("2018-19-Q1", 17000),
        ("2018-19-Q2", 18000),
        ("2018-19-Q3", 18000),
        ("2018-19-Q4", 17000),
    ):
        from bettercare.indicators.periods import span

        _, start, end = span(quarter)
        MetricTarget.objects.create(
            plan=leics,
            metric=target.metric,
            kind="trajectory",
            period=quarter,
            period_start=start,
            period_end=end,
            numerator=admissions,
        )
    [finding] = run_checks(leics, only=["METRIC-002"]).findings
    assert (finding.expected, finding.found) == ("70569", "70000")


def test_dfg_spent_on_a_scheme_that_is_not_a_dfg_scheme_is_named():
    norfolk = plan("norfolk-2014-16")
    SchemeFinance.objects.filter(scheme__plan=norfolk, scheme__ref="NN2", financial_year="2015-16").update(
        funding_stream=norfolk.period.funding_streams.get(code="dfg")
    )
    refs = [f.where.get("scheme") for f in run_checks(norfolk, only=["FUND-009"]).findings]
    assert refs == ["NN2"]


def test_cli_check_prints_stable_json_for_the_norfolk_scenario():
    result = CliRunner().invoke(app, ["plan", "check", "--scenario", "norfolk-2014-16", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["plan", "as_at", "rules", "summary", "findings", "not_assessed"]
    assert data["plan"]["scenario"] == "norfolk-2014-16"
    for finding in data["findings"]:
        assert list(finding) == ["rule", "severity", "location", "message", "expected", "found", "where", "key"]
    west = [f for f in data["findings"] if f["rule"] == "FUND-003" and f["where"]["locality"] == "07J"]
    assert west and west[0]["expected"] == "11443000" and west[0]["found"] == "11444000"
    assert data["summary"]["errors"] == sum(1 for f in data["findings"] if f["severity"] == "error")


def test_cli_check_refuses_bad_input_with_exit_code_2():
    runner = CliRunner()
    for args in (
        ["plan", "check", "--scenario", "nowhere"],
        ["plan", "check"],
        ["plan", "check", "--plan", "999999"],
        ["plan", "check", "--scenario", "nel-2017-19", "--as-at", "yesterday"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
