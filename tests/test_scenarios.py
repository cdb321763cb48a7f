"""The seed documents load faithfully, idempotently and all-or-nothing."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.db.models import Sum
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.delivery.models import Risk
from bettercare.plans.models import Contribution, MetricTarget, Plan, Scheme
from bettercare.scenarios import ScenarioError, scenario_ids
from bettercare.scenarios.loader import ScenarioLoader, load
from shared_dir import SEEDS, needs_seeds

EXPECTED_IDS = {
    "norfolk-2014-16",
    "norfolk-2017-19",
    "norfolk-peer-review-2018",
    "nel-2017-19",
    "leicestershire-2018-19",
}
pytestmark = pytest.mark.django_db


def plan(scenario_id: str) -> Plan:
    return Plan.objects.get(scenario=scenario_id)


def test_all_five_scenarios_exist():
    assert set(scenario_ids()) == EXPECTED_IDS


def test_norfolk_2015_16_contributions_by_partner_sum_to_62_461_000():
    rows = (
        Contribution.objects.filter(plan=plan("norfolk-2014-16"), financial_year="2015-16")
        .exclude(stream__code="bcf_2014_15")
        .values("organisation__name")
        .annotate(total=Sum("amount"))
    )
    assert len(rows) == 6
    assert sum(row["total"] for row in rows) == Decimal("62461000")


def test_leicestershire_income_is_55_993_000_across_five_streams():
    contributions = Contribution.objects.filter(plan=plan("leicestershire-2018-19"), financial_year="2018-19")
    assert contributions.aggregate(total=Sum("amount"))["total"] == Decimal("55993000")
    assert contributions.values("stream").distinct().count() == 5


def test_nel_risk_scores_include_12_and_9_and_equal_likelihood_times_impact():
    risks = Risk.objects.filter(plan=plan("nel-2017-19"), likelihood__isnull=False)
    scores = [risk.score for risk in risks]
    assert 12 in scores and 9 in scores
    for risk in risks:
        assert risk.stated_score is None or risk.stated_score == risk.score


def seed_numbers(seed: str, label: str) -> list[int]:
    """Every whole number printed after a 'Numerator' / 'Denominator' label in a seed's tables."""
    numbers = []
    for line in (SEEDS / seed).read_text(encoding="utf-8").splitlines():
        if re.search(rf"\t{label}\t", line):
            cells = line.split(f"{label}\t", 1)[1]
            numbers += [int(n) for n in re.findall(r"(?<![\d.])\d+(?![\d.])", cells)]
    return numbers


@pytest.mark.parametrize("label,field", [("Numerator", "numerator"), ("Denominator", "denominator")])
@needs_seeds
def test_norfolk_2014_metrics_tables_carry_every_numerator_and_denominator(label, field):
    """Read the seed text independently of the scenario file: every number in a Numerator or
    Denominator row of Norfolk's outcome tables is a numerator/denominator in the database."""
    expected = seed_numbers("001_caec44cb1e4c3a56.txt", label)
    assert len(expected) > 40
    stored = {
        int(v)
        for v in MetricTarget.objects.filter(plan=plan("norfolk-2014-16"))
        .exclude(**{f"{field}__isnull": True})
        .values_list(field, flat=True)
    }
    missing = sorted(set(expected) - stored - {2012, 2013, 2014, 2015})
    assert missing == []


def test_west_norfolk_scheme_slip_is_kept_as_stated():
    """Seed 001: West Norfolk's 2015/16 schemes add to 11,444,000 against an 11,443,000 contribution."""
    p = plan("norfolk-2014-16")
    spend = Scheme.objects.filter(
        plan=p, locality__code="07J", finances__kind="spend", finances__financial_year="2015-16"
    ).aggregate(total=Sum("finances__recurrent") + Sum("finances__non_recurrent"))["total"]
    contribution = Contribution.objects.filter(
        plan=p, locality__code="07J", financial_year="2015-16", stream__code="ccg_minimum"
    ).aggregate(total=Sum("amount"))["total"]
    assert spend == Decimal("11444000")
    assert contribution == Decimal("11443000")


def table_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"plans", "monitoring", "delivery"}
    }


def test_loading_twice_changes_nothing():
    before = table_counts()
    results = load()
    assert all(counts["created"] == 0 and counts["updated"] == 0 for counts in results.values())
    assert table_counts() == before  # history tables included: no new versions


def test_a_broken_file_names_file_section_and_field_and_applies_nothing(tmp_path):
    data = yaml.safe_load((Path(__file__).parents[1] / "src/bettercare/scenarios/nel-2017-19.yaml").read_text())
    data["id"] = "broken"
    data["area"] = {"name": "Brokenshire", "gss_code": "E99999999", "kind": "unitary"}
    data["risks"][0]["likelihood"] = 9
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError, match=r"broken.yaml: risks\[1\]: likelihood: .*less than or equal to 5"):
        ScenarioLoader("broken", tmp_path).load()
    assert not Plan.objects.filter(area__gss_code="E99999999").exists()


def test_unknown_metric_is_refused_with_a_clear_message(tmp_path):
    data = yaml.safe_load(
        (Path(__file__).parents[1] / "src/bettercare/scenarios/leicestershire-2018-19.yaml").read_text()
    )
    data["id"] = "unknown-metric"
    data["metric_values"][0]["metric"] = "no-such-metric"
    (tmp_path / "unknown-metric.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError, match=r"metric_values\[1\]: metric 'no-such-metric' is not in the 2017-19"):
        ScenarioLoader("unknown-metric", tmp_path).load()


def test_cli_scenario_list_json_gives_funding_per_year():
    result = CliRunner().invoke(app, ["scenario", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) == EXPECTED_IDS
    assert rows["leicestershire-2018-19"]["funding_total_per_year"] == {"2018-19": "55993000"}
    assert rows["leicestershire-2018-19"]["hwb"] == "Leicestershire"
    assert rows["nel-2017-19"]["seed_file"] == "003_ec9791be00b75e97.txt"


def test_cli_scenario_load_is_idempotent():
    result = CliRunner().invoke(app, ["scenario", "load", "nel-2017-19"])
    assert result.exit_code == 0, result.output
    assert re.search(r"nel-2017-19: 0 created, 0 updated, \d+ unchanged", result.output)
