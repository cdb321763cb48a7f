"""Rolling a plan forward: a draft for the new year with schemes, funding lines, risks and
ambitions carried, uplifts applied in Decimal to the pound (half up), unmatched lines listed for
the user to map, and a line-by-line account against last year's plan."""

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.delivery.models import Risk
from bettercare.planbook.rollforward import RollForwardError, preview, roll_forward
from bettercare.planbook.uplift import apportion, parse_uplifts, round_pounds
from bettercare.plans.models import Contribution, MetricTarget, Plan, RollForwardRecord, Scheme, SchemeFinance
from bettercare.scenarios.current_year import ILLUSTRATIVE_DIR
from bettercare.scenarios.loader import ScenarioLoader

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_2025_26():
    ScenarioLoader("norfolk-2025-26", directory=ILLUSTRATIVE_DIR).load()
    return Plan.objects.select_related("area", "period").get(scenario="norfolk-2025-26")


@pytest.fixture
def editor():
    return User.objects.get(username="norfolk.editor")


def stream_totals(plan, year):
    rows = Contribution.objects.filter(plan=plan, financial_year=year).values("stream__code").annotate(t=Sum("amount"))
    return {row["stream__code"]: row["t"] for row in rows}


def test_round_pounds_is_half_up_and_apportion_adds_up_to_the_rounded_total():
    assert round_pounds(Decimal("2.5")) == 3 and round_pounds(Decimal("-2.5")) == -3
    assert round_pounds(Decimal("2.49")) == 2
    lines = [Decimal("100.50"), Decimal("100.50"), Decimal("100.50")]
    assert apportion(lines, Decimal(1)) == [101, 101, 100]  # 301.50 -> 302; pounds to the largest remainders
    amounts = [Decimal("333333"), Decimal("333333"), Decimal("333334")]
    uplifted = apportion(amounts, Decimal("1.0566"))
    assert sum(uplifted) == round_pounds(Decimal("1000000") * Decimal("1.0566")) == 1056600
    assert parse_uplifts(["nhs_minimum=5.66", "dfg=2%"]) == {"nhs_minimum": Decimal("5.66"), "dfg": Decimal("2")}
    for bad in ("nhs_minimum", "nhs_minimum=five", "=3", "x=-100"):
        with pytest.raises(RollForwardError):
            parse_uplifts([bad])


def test_uplift_5_66_gives_last_years_stream_totals_times_1_0566_to_the_pound(plan_2025_26, editor):
    report = roll_forward(editor, plan_2025_26, "2026-27", {"nhs_minimum": Decimal("5.66")})
    new = report.plan
    assert (new.period.code, new.status, new.version, new.based_on) == ("2026-27", "draft", 1, plan_2025_26)
    old = stream_totals(plan_2025_26, "2025-26")
    totals = stream_totals(new, "2026-27")
    # Streams renamed in 2026-27 are matched through `formerly`.
    expected = {
        "nhs_minimum": (old["ccg_minimum"] * Decimal("1.0566")).quantize(Decimal(1), rounding=ROUND_HALF_UP),
        "nhs_additional": old["ccg_additional"],
        "la_bcf_grant": old["ibcf"],
        "dfg": old["dfg"],
        "la_additional": old["la_additional"],
    }
    assert totals == expected
    assert totals["nhs_minimum"] == Decimal("82897443")  # 78,456,789 x 1.0566 = 82,897,443.2574
    # Spend funded by the uplifted stream is uplifted the same way, so income still equals spend.
    spend = SchemeFinance.objects.filter(scheme__plan=new, kind="spend", funding_stream=None)
    by_stream = {}
    for line in spend.select_related("scheme__funding_stream"):
        by_stream[line.scheme.funding_stream.code] = by_stream.get(line.scheme.funding_stream.code, 0) + line.total
    assert by_stream == totals
    assert all(line.recurrent == line.recurrent.to_integral_value() for line in spend)
    # Carried: schemes, risks, ambitions (moved on a year), partners; nothing unmapped.
    assert sorted(Scheme.objects.filter(plan=new).values_list("ref", flat=True)) == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert Scheme.objects.get(plan=new, ref="S3").funding_stream.code == "la_bcf_grant"
    assert Risk.objects.filter(plan=new).count() == 3
    targets = {t.metric.code: (t.label, t.period, str(t.period_start), str(t.period_end), t.value)
               for t in MetricTarget.objects.filter(plan=new)}
    assert targets["emergency-admissions-65"] == ("Ambition 2026-27", "2026-27", "2026-04-01", "2027-03-31",
                                                  Decimal("2000"))
    assert report.unmapped == []
    row = {r["stream"]: r for r in report.stream_totals}["nhs_minimum"]
    expected_row = (Decimal("78456789"), Decimal("82897443"), Decimal("5.66"))
    assert (row["old"], row["new"], row["uplift_percent"]) == expected_row
    assert "half up" in report.rounding_rule
    # The account is kept with its author, and the old plan is unchanged.
    record = RollForwardRecord.objects.get(plan=new)
    assert (record.source, record.author, record.uplifts) == (plan_2025_26, editor, {"nhs_minimum": "5.66"})
    assert new.history.first().history_user == editor
    assert stream_totals(plan_2025_26, "2025-26") == old


def test_the_diff_lists_every_carried_and_unmapped_line(plan_2025_26, editor, monkeypatch):
    """A new year without the iBCF stream and without the discharge delay metric: their lines are
    listed as unmapped (not written), everything else as carried or uplifted."""
    from bettercare.planbook import rollforward

    real = rollforward.load_period

    def without(code):
        data = real(code)
        if code != "2026-27":
            return data
        data = json.loads(json.dumps(data))
        data["funding_streams"] = [s for s in data["funding_streams"] if s["id"] != "la_bcf_grant"]
        data["metrics"] = [m for m in data["metrics"] if m["id"] != "discharge-delay-average"]
        return data

    monkeypatch.setattr(rollforward, "load_period", without)
    report = roll_forward(editor, plan_2025_26, "2026-27", {"ccg_minimum": Decimal("5.66")})
    unmapped = {(line.section, line.missing_kind, line.missing_id) for line in report.unmapped}
    assert unmapped == {
        ("schemes", "stream", "ibcf"),
        ("contributions", "stream", "ibcf"),
        ("scheme_impacts", "metric", "discharge-delay-average"),
        ("metric_targets", "metric", "discharge-delay-average"),
    }
    new = report.plan
    assert "ibcf" not in stream_totals(new, "2026-27") and "la_bcf_grant" not in stream_totals(new, "2026-27")
    assert Scheme.objects.get(plan=new, ref="S3").funding_stream is None  # kept, its stream left to map
    assert not MetricTarget.objects.filter(plan=new, metric__code="discharge-delay-average").exists()
    # Every row of last year's plan appears in the account once.
    sections = {}
    for line in report.lines:
        sections.setdefault(line.section, []).append(line)
    assert len(sections["contributions"]) == 5 and len(sections["scheme_finances"]) == 7
    assert len(sections["metric_targets"]) == 3 and len(sections["risks"]) == 3 and len(sections["schemes"]) == 7
    assert [line.status for line in sections["contributions"]].count("uplifted") == 1  # the uplift named the old id


def test_a_user_mapping_carries_what_no_longer_exists(plan_2025_26, editor, monkeypatch):
    from bettercare.planbook import rollforward

    real = rollforward.load_period

    def without(code):
        data = json.loads(json.dumps(real(code)))
        if code == "2026-27":
            data["funding_streams"] = [s for s in data["funding_streams"] if s["id"] != "la_bcf_grant"]
        return data

    monkeypatch.setattr(rollforward, "load_period", without)
    assert {key for key in preview(plan_2025_26, "2026-27").unmatched()} == {("stream", "ibcf")}
    report = roll_forward(editor, plan_2025_26, "2026-27", mapping={"ibcf": "la_additional"})
    assert report.unmapped == []
    assert stream_totals(report.plan, "2026-27")["la_additional"] == Decimal("1500000") + Decimal("39874321")


def test_only_an_editor_may_roll_forward_and_bad_input_writes_nothing(plan_2025_26):
    viewer = User.objects.get(username="nel.viewer")
    with pytest.raises(PermissionDenied):
        roll_forward(viewer, plan_2025_26, "2026-27")
    editor = User.objects.get(username="norfolk.editor")
    for to, uplifts, message in [
        ("2025-26", {}, "the plan's own period"),
        ("2023-25", {}, "does not come after"),
        ("2026-27", {"winter_fund": Decimal(1)}, "no such funding stream"),
        ("2031-32", {}, "no catalogue for period"),
    ]:
        with pytest.raises(RollForwardError, match=message):
            roll_forward(editor, plan_2025_26, to, uplifts)
    assert not Plan.objects.filter(area=plan_2025_26.area, period__code="2026-27").exists()


def run(*args):
    return CliRunner().invoke(app, ["plan", "roll-forward", *args])


def test_cli_roll_forward_prints_totals_and_every_line(plan_2025_26):
    result = run("--area", "Norfolk", "--from", "2025-26", "--to", "2026-27", "--uplift", "nhs_minimum=5.66",
                 "--as", "norfolk.editor", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    totals = {row["stream"]: row for row in report["stream_totals"]}
    assert (totals["nhs_minimum"]["old"], totals["nhs_minimum"]["new"]) == ("78456789", "82897443")
    assert report["uplifts_percent"] == {"nhs_minimum": "5.66"} and "half up" in report["rounding_rule"]
    assert {line["status"] for line in report["lines"]} == {"carried", "uplifted"}
    text = run("--area", "E10000020", "--from", "2025-26", "--to", "2026-27", "--as", "norfolk.editor")
    assert text.exit_code == 0 and "version 2" in text.stdout and "NHS minimum" not in text.stderr


@pytest.mark.parametrize("args,message", [
    (["--area", "Atlantis"], "no HWB called or coded 'Atlantis'"),
    (["--area", "Norfolk", "--uplift", "nhs_minimum=lots"], "give STREAM=PERCENT"),
    (["--area", "Norfolk", "--as", "nobody"], "--as nobody: there is no such user"),
    (["--area", "Leicestershire"], "Leicestershire has no plan for 2025-26"),
])
def test_cli_bad_input_is_one_line_and_exit_2(plan_2025_26, args, message):
    base = {"--from": "2025-26", "--to": "2026-27", "--as": "norfolk.editor"}
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    flat = [part for pair in base.items() for part in pair]
    result = run(*flat)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_the_draft_goes_through_the_planning_workbook_and_back(plan_2025_26, editor, tmp_path):
    from bettercare.planbook.checks import run_checks
    from bettercare.planbook.workbook import export_plan, import_workbook

    new = roll_forward(editor, plan_2025_26, "2026-27", {"nhs_minimum": Decimal("5.66")}).plan
    assert {"text": "Uplift: NHS minimum contribution 5.66% a year.", "source": "bettercare roll-forward"} in new.notes
    path = tmp_path / "draft.xlsx"
    export_plan(new, path)
    imported = import_workbook(path)
    assert (imported.period.code, imported.version) == ("2026-27", 2)
    assert stream_totals(imported, "2026-27") == stream_totals(new, "2026-27")
    report = run_checks(new)
    assert not [f for f in report.errors if f.rule.startswith("FUND")]  # income and spend still agree
