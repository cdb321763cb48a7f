"""Upgrading a database where the LGA peer-review pack was stored as Norfolk's "2017-19 version 2
(Approved)" plan (monitoring 0010): the plan becomes a KPI set, its KPIs are linked to the set, its
priorities, risk and plan targets are kept as the set's notes, and loading the scenario afterwards
updates the same set and KPIs instead of adding copies.

Runs in a child process on its own SQLite file, because it migrates backwards and forwards."""

import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json
    from datetime import date
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("migrate", "monitoring", "0009", verbosity=0)  # the layout before KPI sets
    old = MigrationExecutor(connection).loader.project_state(
        ("monitoring", "0008_one_actual_per_area_metric_period")).apps
    from bettercare.reference.mirror import sync_reference_data
    from bettercare.reference.models import Area, Metric, PolicyPeriod
    from bettercare.plans.models import MetricTarget, Plan, Priority
    from bettercare.delivery.models import Risk

    sync_reference_data()
    norfolk = Area.objects.create(gss_code="E10000020", name="Norfolk", kind="county")
    period = PolicyPeriod.objects.get(code="2017-19")
    pack = Plan.objects.create(area=norfolk, period=period, version=2, status="approved",
                               title="Norfolk health and social care system summary and context for the LGA "
                                     "Peer Review, 18-21 September 2018",
                               scenario="norfolk-peer-review-2018", seed="002_b5a596e42c6ef703.txt",
                               notes=[{"text": "Norfolk's population is around 892,900.", "source": "002 Demand"}])
    Priority.objects.create(plan=pack, code="T5", name="Housing", description="2800 Extra Care units.",
                            source="002 Overall vision and strategy")
    Risk.objects.create(plan=pack, ref="R1", title="2018/19 savings at high risk", rating="high risk",
                        source="002 Financial context")
    MetricTarget.objects.create(plan=pack, metric=Metric.objects.get(period=period, code="perm-admissions-65",
                                area=None), kind="target", label="Promoting Independence target",
                                period="2018-19", period_start=date(2018, 4, 1), period_end=date(2019, 3, 31),
                                value="594.3", source="002 Promoting Independence indicators")
    OldKPI = old.get_model("monitoring", "LocalKPI")
    for name, period_label, value in [
        ("Adults (18+) receiving direct payments", "2017-18", "28.8"),
        ("Adults (18+) receiving direct payments", "2016-17", "30.5"),
    ]:
        OldKPI.objects.create(area_id=norfolk.pk, name=name, period=period_label, value=value, unit="%",
                              scenario="norfolk-peer-review-2018", source="002 KPI table line 8")

    call_command("migrate", "monitoring", verbosity=0)
    from bettercare.monitoring.models import KpiSet, LocalKPI
    from bettercare.scenarios.loader import load

    [kpi_set] = KpiSet.objects.all()
    out = {
        "plans": Plan.objects.filter(scenario="norfolk-peer-review-2018").count(),
        "kind": kpi_set.kind,
        "title": kpi_set.title,
        "linked": kpi_set.kpis.count(),
        "notes": [note["text"] for note in kpi_set.notes],
        "priorities_left": Priority.objects.filter(code="T5").count(),
    }
    load(["norfolk-peer-review-2018"])
    out["sets_after_load"] = KpiSet.objects.count()
    out["same_set"] = KpiSet.objects.get().pk == kpi_set.pk
    out["direct_payments_rows"] = LocalKPI.objects.filter(name="Adults (18+) receiving direct payments").count()
    out["unlinked"] = LocalKPI.objects.filter(scenario="norfolk-peer-review-2018", kpi_set=None).count()
    out["kpis_after_load"] = KpiSet.objects.get().kpis.count()
    out["plans_after_load"] = Plan.objects.filter(scenario="norfolk-peer-review-2018").count()
    print("RESULT " + json.dumps(out))
    """
)


def test_the_pack_stored_as_a_plan_becomes_a_kpi_set(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bettercare.web.dev_settings",
        "BETTERCARE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
    }
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    [line] = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    result = json.loads(line[len("RESULT "):])
    assert result["plans"] == 0 and result["priorities_left"] == 0, "the pack is no longer a plan"
    assert result["kind"] == "peer_review" and "LGA Peer Review" in result["title"]
    assert result["linked"] == 2
    notes = result["notes"]
    assert "Norfolk's population is around 892,900." in notes
    assert "Priority for change and transformation: Housing. 2800 Extra Care units." in notes
    assert any(note.startswith("Risk: 2018/19 savings at high risk") for note in notes)
    assert any("Promoting Independence target 594.3 (2018-19)" in note for note in notes), notes
    # loading the scenario after the upgrade fills the same set; the two migrated rows are not copied
    assert result["sets_after_load"] == 1 and result["same_set"]
    assert result["direct_payments_rows"] == 2 and result["unlinked"] == 0
    assert result["kpis_after_load"] == 90 and result["plans_after_load"] == 0
