"""`bettercare delivery ...` commands."""

import json
import sys
from typing import Annotated

import typer

from bettercare.cli_support import fail, find_area, setup_django

app = typer.Typer(help="Delivery: HICM, actions, risks, quarterly returns.", no_args_is_help=True)
return_app = typer.Typer(help="Quarterly returns.", no_args_is_help=True)
risk_app = typer.Typer(help="Risk registers.", no_args_is_help=True)
app.add_typer(return_app, name="return")
app.add_typer(risk_app, name="risks")


def _print_return(figures: dict) -> None:
    print(f"{figures['area']['name']} quarterly return, {figures['quarter_label']}: {figures['status']}"
          f" (version {figures['revision']})")
    for row in figures["national_conditions"]:
        print(f"  Condition {row['number']}: {row['answer']}")
    for row in figures["metrics"]:
        note = f" (proposed {row['proposed_status']}; reason: {row['override_reason']})" if row["override"] else ""
        print(f"  {row['code']}: {row['status']}{note}")
    if figures["hicm"]:
        print(f"  HICM: {figures['hicm']['summary']['text']}")
    finance = figures["finance"]
    print(f"  Income {finance['financial_year']}: £{float(finance['income']['total']):,.2f}")
    for row in finance["expenditure"]["rows"]:
        print(f"  {row['line']}: budget {row['budget']}, forecast outturn {row['forecast_outturn']}")


@return_app.command("show")
def return_show(
    area: Annotated[str, typer.Option("--area", help="HWB name or ONS GSS code")],
    quarter: Annotated[str, typer.Option("--quarter", help="Quarter, e.g. 2018-19-Q1")],
    revision: Annotated[int | None, typer.Option("--revision", help="Version (default: the latest)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Show an HWB's quarterly return: the stored snapshot once approved or submitted, otherwise the
    figures as they stand (a preview when no return has been started)."""
    setup_django()
    from django.core.exceptions import ValidationError

    from bettercare.delivery.assembly import assemble
    from bettercare.delivery.models import QuarterlyReturn
    from bettercare.delivery.workflow import plan_for
    from bettercare.reference.fields import parse_quarter

    try:
        parsed = parse_quarter(quarter)
    except ValidationError as error:
        fail(f"--quarter {quarter!r}: {' '.join(error.messages)}")
    hwb = find_area(area)
    returns = QuarterlyReturn.objects.filter(area=hwb, quarter=parsed.code).order_by("-revision")
    if revision is not None:
        returns = returns.filter(revision=revision)
    ret = returns.first()
    if ret is None and revision is not None:
        fail(f"{hwb.name} has no version {revision} of the {parsed.code} return")
    if ret is None:
        try:
            ret = QuarterlyReturn(area=hwb, plan=plan_for(hwb, parsed), quarter=parsed.code)
        except ValidationError as error:
            fail(" ".join(error.messages))
        figures = assemble(ret) | {"status": "not started", "return_id": None}
        print(f"{hwb.name} has no {parsed.code} return yet: showing the figures as they stand.", file=sys.stderr)
    elif ret.snapshot is not None and ret.status in ("approved", "submitted"):
        figures = ret.snapshot | {"status": ret.status, "return_id": ret.id}
    else:
        figures = assemble(ret) | {"status": ret.status, "return_id": ret.id}
    if as_json:
        print(json.dumps(figures, indent=2))
    else:
        _print_return(figures)


@risk_app.command("top")
def risks_top(
    area: Annotated[str, typer.Option("--area", help="HWB name or ONS GSS code")],
    n: Annotated[int, typer.Option("--n", help="How many risks", min=1)] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """The top N risks by score (likelihood x impact) of each of an HWB's plans, for the board paper."""
    setup_django()
    from bettercare.delivery.risks import rating, top_risks

    hwb = find_area(area)
    rows = []
    for plan in hwb.plans.select_related("period").order_by("period__code", "version"):
        for risk in top_risks(plan, n):
            band = rating(risk)
            rows.append({"plan": f"{plan.period.code} v{plan.version}", "ref": risk.ref, "title": risk.title,
                         "likelihood": risk.likelihood, "impact": risk.impact, "score": risk.score,
                         "rating": band.title if band else None, "source": risk.source})
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        print(f"{row['plan']:<12} {row['ref']:<6} {row['score']:>3} {row['rating']:<7} {row['title'][:80]}")
