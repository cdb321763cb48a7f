"""`bettercare plan ...` commands: check a plan, export it to a planning workbook, import one back,
and compare two versions. JSON goes to stdout with ``--json``; messages go to stderr; bad input
exits with code 2 and a one-line message."""

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from bettercare.cli_support import fail, find_area, migrate, record_command_actor, setup_django

app = typer.Typer(help="Plans: editor, checks, versions, Excel in and out.", no_args_is_help=True)

ScenarioOption = Annotated[str | None, typer.Option("--scenario", help="Demo scenario id, e.g. norfolk-2014-16")]
PlanOption = Annotated[int | None, typer.Option("--plan", help="Plan id (as in the web address /plans/ID/)")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON")]


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _setup():
    setup_django()
    migrate()


def _find_plan(scenario: str | None, plan_id: int | None):
    """The plan named by --scenario (loading the scenario first if it is not in the database yet)
    or --plan."""
    from bettercare.plans.models import Plan
    from bettercare.scenarios import ScenarioError, plan_scenario_ids, scenario_ids

    if (scenario is None) == (plan_id is None):
        fail("name exactly one plan: --scenario ID or --plan PK")
    if plan_id is not None:
        plan = Plan.objects.select_related("area", "period").filter(pk=plan_id).first()
        if plan is None:
            fail(f"there is no plan {plan_id}")
        return plan
    if scenario not in scenario_ids():
        fail(f"no scenario {scenario!r}; known scenarios: {', '.join(scenario_ids())}")
    if scenario not in plan_scenario_ids():
        fail(f"scenario {scenario!r} is a KPI set, not a plan; plans: {', '.join(plan_scenario_ids())}")
    plan = Plan.objects.select_related("area", "period").filter(scenario=scenario).order_by("version").first()
    if plan is None:
        from bettercare.scenarios.loader import ScenarioLoader

        _say(f"Loading scenario {scenario} (not in the database yet)")
        record_command_actor()
        try:
            ScenarioLoader(scenario).load()
        except ScenarioError as error:
            fail(str(error))
        plan = Plan.objects.select_related("area", "period").get(scenario=scenario)
    return plan


def _refused(error) -> None:
    for problem in error.problems:
        _say(str(problem))
    count = len(error.problems)
    fail(f"the workbook was refused ({count} problem{'s' if count != 1 else ''}); nothing was imported")


def _print_report(report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    plan = report.plan
    print(f"{plan.area.name} {plan.period.code} version {plan.version} ({plan.status}), as at {report.as_at}")
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings, {len(report.not_assessed)} not assessed")
    for finding in report.findings:
        print(f"{finding.rule:<11} {finding.severity:<8} {finding.location}\n            {finding.message}")
    for skipped in report.not_assessed:
        print(f"{skipped.rule:<11} {'n/a':<8} {skipped.location}: {skipped.reason}")


@app.command("check")
def check(
    workbook: Annotated[Path | None, typer.Argument(help="A planning workbook (.xlsx) to check instead")] = None,
    scenario: ScenarioOption = None,
    plan_id: PlanOption = None,
    as_json: JsonOption = False,
    as_at: Annotated[str | None, typer.Option("--as-at", help="Judge deadlines at this date (YYYY-MM-DD)")] = None,
) -> None:
    """Run the plan checks on a plan (--scenario or --plan) or on a workbook, without changing anything."""
    try:
        when = date.fromisoformat(as_at) if as_at else None
    except ValueError:
        fail(f"--as-at {as_at!r} is not a date like 2018-09-27")
    if workbook is not None and (scenario or plan_id):
        fail("give either a workbook or --scenario / --plan, not both")
    _setup()
    from django.db import transaction

    from bettercare.planbook.checks import run_checks
    from bettercare.planbook.workbook import WorkbookRefused, import_workbook

    if workbook is None:
        _print_report(run_checks(_find_plan(scenario, plan_id), as_at=when), as_json)
        return
    if not workbook.exists():
        fail(f"{workbook}: no such file")
    try:
        with transaction.atomic():
            plan = import_workbook(workbook)
            _print_report(run_checks(plan, as_at=when), as_json)
            transaction.set_rollback(True)
    except WorkbookRefused as error:
        _refused(error)


@app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx)")],
    scenario: ScenarioOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Export a plan to a planning workbook (cover, income, expenditure, metrics, HICM, conditions, checklist)."""
    if out.suffix.lower() != ".xlsx":
        fail(f"--out {out}: the workbook must end in .xlsx")
    if not out.parent.exists():
        fail(f"--out {out}: the folder {out.parent} does not exist")
    _setup()
    from bettercare.planbook.workbook import export_plan

    plan = _find_plan(scenario, plan_id)
    export_plan(plan, out)
    _say(f"Wrote {out}: {plan.area.name} {plan.period.code} version {plan.version}")


@app.command("import")
def import_(
    workbook: Annotated[Path, typer.Argument(help="A planning workbook (.xlsx)")],
    as_json: JsonOption = False,
) -> None:
    """Import a planning workbook as a new plan version, all or nothing."""
    if not workbook.exists():
        fail(f"{workbook}: no such file")
    _setup()
    record_command_actor()
    from bettercare.planbook.workbook import IdenticalWorkbook, WorkbookRefused, import_workbook

    try:
        plan = import_workbook(workbook, workbook.name, refuse_identical=True)
    except WorkbookRefused as error:
        _refused(error)
    except IdenticalWorkbook as error:
        fail(str(error))
    summary = {
        "plan": plan.pk,
        "area": plan.area.name,
        "period": plan.period.code,
        "version": plan.version,
        "status": plan.status,
    }
    if as_json:
        print(json.dumps(summary, indent=2))
    _say(f"Imported {workbook.name} as plan {plan.pk}: {plan.area.name} {plan.period.code} version {plan.version}")


@app.command("diff")
def diff(
    old: Annotated[int, typer.Argument(help="Plan id of the earlier version")],
    new: Annotated[int, typer.Argument(help="Plan id of the later version")],
    as_json: JsonOption = False,
) -> None:
    """Show what changed between two versions of a plan (money, schemes, targets, every row)."""
    _setup()
    from bettercare.planbook.versions import compare
    from bettercare.plans.models import Plan

    plans = {plan.pk: plan for plan in Plan.objects.filter(pk__in=[old, new]).select_related("area", "period")}
    for pk in (old, new):
        if pk not in plans:
            fail(f"there is no plan {pk}")
    if (plans[old].area_id, plans[old].period_id) != (plans[new].area_id, plans[new].period_id):
        fail(f"plans {old} and {new} are not versions of the same HWB's plan for the same period")
    result = compare(plans[old], plans[new])
    payload = {
        "old": old,
        "new": new,
        "identical": result["identical"],
        "plan": result["plan"],
        "money": [{key: str(value) for key, value in row.items()} for row in result["money"]],
        "sections": [
            {key: section[key] for key in ("name", "added", "removed", "changed")} for section in result["sections"]
        ],
    }
    if as_json:
        print(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
        return
    print("No differences." if result["identical"] else f"Differences between plan {old} and plan {new}:")
    for change in result["plan"]:
        print(f"  plan {change['field']}: {change['old']!r} -> {change['new']!r}")
    for section in result["sections"]:
        print(
            f"  {section['title']}: {len(section['added'])} added, {len(section['removed'])} removed, "
            f"{len(section['changed'])} changed"
        )


def _print_rollover(report) -> None:
    plan = report.plan
    print(
        f"{plan.area.name}: draft plan {plan.period.code} version {plan.version} (plan {plan.pk}) rolled forward "
        f"from {report.source.period.code} version {report.source.version} (plan {report.source.pk})"
    )
    print(f"Rounding: {report.rounding_rule}")
    print("Stream totals:")
    for row in report.stream_totals:
        print(
            f"  {row['stream']:<16} {row['financial_year']}  £{row['old']:>14,.0f} -> £{row['new']:>14,.0f}"
            f"  (uplift {row['uplift_percent']}%)"
        )
    counts: dict[str, int] = {}
    for line in report.lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    print("Lines: " + ", ".join(f"{count} {status}" for status, count in sorted(counts.items())))
    for line in report.lines:
        detail = f"{line.old} -> {line.new}" if line.old or line.new else ""
        print(f"  {line.status:<9} {line.section:<16} {line.key}  {detail}  {line.note}".rstrip())
    for name, count in report.not_carried.items():
        print(f"  not carried: {count} {name.replace('_', ' ')} rows")
    if report.unmapped:
        print(f"{len(report.unmapped)} line(s) could not be mapped: map them with --map OLD=NEW or in the plan editor.")


@app.command("roll-forward")
def roll_forward_command(
    area: Annotated[str, typer.Option("--area", help="HWB name or GSS code, e.g. Norfolk")],
    from_period: Annotated[str, typer.Option("--from", help="Policy period of last year's plan, e.g. 2025-26")],
    to_period: Annotated[str, typer.Option("--to", help="Policy period of the new plan, e.g. 2026-27")],
    as_user: Annotated[str, typer.Option("--as", help="The user rolling forward (an editor of the HWB)")],
    uplift: Annotated[
        list[str] | None, typer.Option("--uplift", help="STREAM=PERCENT, e.g. nhs_minimum=5.66; repeat")
    ] = None,
    mapping: Annotated[
        list[str] | None, typer.Option("--map", help="OLD=NEW id for a stream, scheme type or metric; repeat")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Start next year's plan from last year's: a draft with schemes, funding lines, risks and
    ambitions carried over, uplifts applied (to the pound, half up), unmapped lines listed, and a
    line-by-line diff against last year's plan."""
    from bettercare.planbook.uplift import RollForwardError, parse_mapping, parse_uplifts

    try:
        uplifts, mapped = parse_uplifts(uplift or []), parse_mapping(mapping or [])
    except RollForwardError as error:
        fail(str(error))
    _setup()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from bettercare.planbook.rollforward import roll_forward
    from bettercare.plans.models import Plan

    user = get_user_model().objects.filter(username=as_user).first()
    if user is None:
        fail(f"--as {as_user}: there is no such user")
    hwb = find_area(area)
    source = Plan.objects.filter(area=hwb, period__code=from_period).order_by("-version").first()
    if source is None:
        fail(f"{hwb.name} has no plan for {from_period}")
    try:
        report = roll_forward(user, source, to_period, uplifts, mapped)
    except PermissionDenied as error:
        fail(str(error))
    except RollForwardError as error:
        fail(str(error))
    if as_json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_rollover(report)
