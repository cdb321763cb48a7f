"""The LGA peer-review pack (seed 002) was loaded as Norfolk's "2017-19 version 2 (Approved)" plan.
It is a KPI set with comparators, not a plan: this migration moves what that plan held into a
``KpiSet`` and removes the plan, so an existing database upgrades without losing anything.

- the plan's title, source document, scenario and notes become the set's;
- its local KPIs (area and scenario of the pack) are linked to the set;
- its priorities, risks and plan targets, which the pack reports but a KPI set has no place for,
  become notes of the set (with their sources), so nothing the document said is lost;
- metric actuals belong to the area, not to a plan, and are left as they are.

The plan is removed only when nothing else was built on it (a later version, a roll-forward, a
quarterly return, funding or schemes); otherwise it stays and its KPIs are still linked to the set."""

from django.db import migrations

PACK_SCENARIOS = ("norfolk-peer-review-2018",)
WRITTEN_ON = {"norfolk-peer-review-2018": "September 2018"}


def _figure(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _notes_from_plan(plan) -> list[dict]:
    notes = [dict(note) for note in plan.notes or [] if isinstance(note, dict)]
    for priority in plan.priorities.order_by("code"):
        text = f"Priority for change and transformation: {priority.name}."
        if priority.description:
            text += f" {priority.description}"
        notes.append({"text": text, "source": priority.source})
    for risk in plan.risks.order_by("ref"):
        text = f"Risk: {risk.title}" + (f" ({risk.rating})" if risk.rating else "") + "."
        notes.append({"text": text, "source": risk.source})
    for target in plan.metric_targets.select_related("metric").order_by("metric__code", "period"):
        figure = _figure(target.value) or _figure(target.numerator)
        text = f"{target.metric.title}: {target.label or target.kind} {figure} ({target.period})."
        if target.note:
            text += f" {target.note}"
        notes.append({"text": text, "source": target.source})
    return notes


def _built_upon(plan) -> bool:
    return (
        plan.later_versions.exists()
        or plan.rolled_into.exists()
        or plan.quarterly_returns.exists()
        or plan.contributions.exists()
        or plan.schemes.exists()
        or plan.finance_lines.exists()
    )


def forwards(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    KpiSet = apps.get_model("monitoring", "KpiSet")
    LocalKPI = apps.get_model("monitoring", "LocalKPI")
    for plan in Plan.objects.filter(scenario__in=PACK_SCENARIOS):
        kpi_set, _ = KpiSet.objects.get_or_create(
            area=plan.area,
            title=plan.title,
            defaults={
                "kind": "peer_review",
                "written_on": WRITTEN_ON.get(plan.scenario, ""),
                "document": plan.seed,
                "scenario": plan.scenario,
                "notes": _notes_from_plan(plan),
            },
        )
        LocalKPI.objects.filter(area=plan.area, scenario=plan.scenario, kpi_set=None).update(kpi_set=kpi_set)
        if not _built_upon(plan):
            plan.delete()


def backwards(apps, schema_editor):
    """Going back unlinks the KPIs and removes the sets; loading the demo scenarios with the older
    code makes the pack a plan again."""
    apps.get_model("monitoring", "LocalKPI").objects.update(kpi_set=None)
    apps.get_model("monitoring", "KpiSet").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0010_kpi_sets_documents_reporting_local_kpis"),
        ("plans", "0009_plan_assurance_outcomes"),
        ("delivery", "0004_refused_edit_moved_to_plans"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
