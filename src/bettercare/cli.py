"""The ``bettercare`` command line: demo set-up, scenarios, and (later) metrics, plans, reports."""

import json
import os
import sys
from typing import Annotated

import typer
from rich.console import Console

from bettercare.delivery.cli import app as delivery_app
from bettercare.engine.cli import app as engine_app
from bettercare.monitoring.cli import app as metrics_app
from bettercare.plans.cli import app as plan_app
from bettercare.reports.cli import app as report_app

app = typer.Typer(help="Plan, monitor and report the Better Care Fund.", no_args_is_help=True)
scenario_app = typer.Typer(help="Demo HWBs transcribed from the seed documents.", no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")
app.add_typer(plan_app, name="plan")
app.add_typer(metrics_app, name="metrics")
app.add_typer(delivery_app, name="delivery")
app.add_typer(report_app, name="report")
app.add_typer(engine_app, name="engine")
console = Console(stderr=True)

DEMO_PASSWORD = "bettercare-demo"
DEMO_USERS = [  # username, role, scenario whose HWB the user belongs to (None = national team)
    ("national", "national", None),
    ("norfolk.editor", "editor", "norfolk-2014-16"),
    ("leicestershire.approver", "approver", "leicestershire-2018-19"),
    ("nel.viewer", "viewer", "nel-2017-19"),
]


def setup_django() -> None:
    """Configure Django for commands that use the database (no web server needed)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bettercare.web.settings")
    import django
    from django.conf import settings

    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def fail(message: str) -> None:
    console.print(f"[red]Error:[/red] {message}")
    raise typer.Exit(code=2)


@scenario_app.command("list")
def scenario_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """List the demo scenarios: id, HWB, period, seed file and funding total per year."""
    from bettercare.scenarios import ScenarioError, list_scenarios

    try:
        rows = list_scenarios()
    except ScenarioError as error:
        fail(str(error))
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        totals = ", ".join(f"{year}: £{float(total):,.0f}" for year, total in row["funding_total_per_year"].items())
        print(f"{row['id']:<26} {row['hwb']:<28} {row['period']:<8} {row['seed_file']}  {totals}")


@scenario_app.command("load")
def scenario_load(
    ids: Annotated[list[str] | None, typer.Argument(help="Scenario ids (all when none)")] = None,
) -> None:
    """Load scenarios into the configured database (migrating it first). Loading twice changes nothing."""
    setup_django()
    migrate()
    from bettercare.scenarios import ScenarioError, scenario_ids
    from bettercare.scenarios.loader import ScenarioLoader

    chosen = ids or scenario_ids()
    try:
        for scenario_id in chosen:
            with console.status(f"Loading {scenario_id}"):
                counts = ScenarioLoader(scenario_id).load()
            console.print(
                f"{scenario_id}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
    except ScenarioError as error:
        fail(str(error))


def create_demo_users() -> None:
    from django.contrib.auth import get_user_model

    from bettercare.accounts.models import Membership
    from bettercare.plans.models import Plan

    user_model = get_user_model()
    for username, role, scenario_id in DEMO_USERS:
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        area = None
        if scenario_id:
            plan = Plan.objects.filter(scenario=scenario_id).first()
            area = plan.area if plan else None
            if area is None:
                continue
        Membership.objects.get_or_create(user=user, area=area, defaults={"role": role})


@app.command()
def demo(
    serve: Annotated[bool, typer.Option(help="Serve the web app afterwards")] = False,
    port: int = 8000,
    computed: Annotated[
        bool, typer.Option(help="Add 2023-25 actuals computed by the engine from a synthetic extract")
    ] = True,
) -> None:
    """Migrate the database, load every scenario and computed actuals, create demo users, and (with
    --serve) serve the app with the development server and settings (a demo on this machine, not production)."""
    from bettercare.web.server import DEVELOPMENT_SETTINGS

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEVELOPMENT_SETTINGS)
    setup_django()
    with console.status("Migrating the database"):
        migrate()
    from bettercare.scenarios import ScenarioError
    from bettercare.scenarios.loader import load

    try:
        with console.status("Loading the demo HWBs"):
            results = load()
    except ScenarioError as error:
        fail(str(error))
    create_demo_users()
    for scenario_id, counts in results.items():
        console.print(f"  {scenario_id}: {sum(counts.values())} rows ({counts['created']} new)")
    if computed:
        from bettercare.monitoring.computed import load_computed_demo

        with console.status("Computing 2023-25 actuals from a synthetic record-level extract (engine, DuckDB)"):
            report = load_computed_demo()
        console.print(f"  computed actuals 2023-25: {report.rows} rows ({report.created} new), labelled computed")
    console.print(f"\nbettercare is at [bold]http://127.0.0.1:{port}/[/bold]")
    console.print(
        f"Sign in as [bold]national[/bold] (reads every HWB), [bold]norfolk.editor[/bold], "
        f"[bold]leicestershire.approver[/bold] or [bold]nel.viewer[/bold]; password "
        f"[bold]{DEMO_PASSWORD}[/bold]\n"
    )
    if serve:
        from bettercare.web.server import run_development_server

        run_development_server("127.0.0.1", port)


@app.command()
def serve(
    port: int = 8000,
    host: str = "127.0.0.1",
    workers: Annotated[int, typer.Option(help="gunicorn worker processes")] = 2,
    dev: Annotated[bool, typer.Option("--dev", help="Django's development server and settings instead")] = False,
) -> None:
    """Serve the web app: gunicorn with the production settings (BETTERCARE_SECRET_KEY required; see the
    README), or with --dev the development server on this machine."""
    from bettercare.web import server

    server.choose_settings(dev)
    if not dev:
        try:
            server.check_production_environment()
        except server.ServerRefused as error:
            fail(str(error))
    setup_django()
    migrate()
    if dev:
        server.run_development_server(host, port)
    else:
        server.run_production_server(host, port, workers)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. ``bettercare manage createsuperuser``."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["bettercare manage", *ctx.args])


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
