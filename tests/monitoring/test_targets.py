"""Re-basing keeps history; apportionment gives each HWB its resident share of CCG plans."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.monitoring.targets import apportion, rebase_target
from bettercare.plans.models import MetricTarget


def test_a_ccg_straddling_two_hwbs_contributes_its_resident_share_to_each():
    figures = {"06M": Decimal(30000), "06V": Decimal(20000)}
    weights = {("06M", "Norfolk"): Decimal("0.55"), ("06M", "Suffolk"): Decimal("0.45"), ("06V", "Norfolk"): Decimal(1)}
    results, warnings = apportion(figures, weights)
    assert warnings == []
    assert results["Norfolk"].value == Decimal(30000) * Decimal("0.55") + Decimal(20000)
    assert results["Suffolk"].value == Decimal(13500)
    assert sum(r.value for r in results.values()) == sum(figures.values())


def test_weightings_that_do_not_sum_to_one_are_reported():
    _, warnings = apportion({"06M": Decimal(100)}, {("06M", "Norfolk"): Decimal("0.5")})
    assert warnings == ["weightings of 06M sum to 0.5, not 1"]


def test_cli_apportion(tmp_path):
    (tmp_path / "plans.csv").write_text("ccg,value\n06M,30000\n06V,20000\n")
    (tmp_path / "w.csv").write_text("ccg,hwb,weighting\n06M,Norfolk,0.55\n06M,Suffolk,0.45\n06V,Norfolk,1\n")
    result = CliRunner().invoke(
        app,
        [
            "metrics",
            "apportion",
            "--ccg-plans",
            str(tmp_path / "plans.csv"),
            "--weightings",
            str(tmp_path / "w.csv"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert {row["hwb"]: row["value"] for row in json.loads(result.stdout)} == {"Norfolk": 36500.0, "Suffolk": 13500.0}
    (tmp_path / "bad.csv").write_text("ccg,value\n06M,lots\n")
    result = CliRunner().invoke(
        app, ["metrics", "apportion", "--ccg-plans", str(tmp_path / "bad.csv"), "--weightings", str(tmp_path / "w.csv")]
    )
    assert result.exit_code == 2 and "bad.csv, row 2, column value: 'lots' is not a number" in result.output


@pytest.mark.django_db
def test_rebasing_keeps_the_old_figure_reason_and_history():
    editor = get_user_model().objects.create_user("nel.editor", password="a-long-password")
    target = MetricTarget.objects.filter(plan__scenario="nel-2017-19", kind="target").first()
    editor.memberships.create(area=target.plan.area, role="editor")
    target.plan.status = "draft"
    target.plan.save()
    before = target.history.count()
    rebase_target(editor, target, None, Decimal("90.1"), "CCG plan refreshed", date(2018, 8, 30))
    target.refresh_from_db()
    assert target.value == Decimal("90.1") and "Re-based on 2018-08-30" in target.note
    assert target.history.count() == before + 1
    viewer = get_user_model().objects.get(username="nel.viewer")
    with pytest.raises(PermissionDenied):
        rebase_target(viewer, target, None, Decimal(1), "x", date(2018, 9, 1))
