"""The ``bettercare`` command line: one root that loads each app's command group only when it is
used (``GROUPS``), so ``bettercare --help`` and every command import just what they need. The root's
own commands set up the demo, load scenarios and serve the app; helpers the groups share are in
``bettercare.cli_support``."""

import gc
import importlib
import json
import logging
import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from bettercare.cli_support import (
    console,
    fail,
    migrate,
    record_command_actor,
    request_actor,
    say_error,
    setup_django,
    stop_recording_changes,
)

# name -> (module holding a ``typer.Typer`` called ``app``, one-line help shown by ``--help``)
GROUPS = {
    "plan": ("bettercare.plans.cli", "Plans: editor, checks, versions, Excel in and out."),
    "metrics": ("bettercare.monitoring.cli", "Metrics: import actuals and populations, show results."),
    "delivery": ("bettercare.delivery.cli", "Delivery: HICM, actions, risks, quarterly returns."),
    "report": ("bettercare.reports.cli", "Reports: board paper, return workbook, plan on a page."),
    "engine": ("bettercare.engine.cli", "Record-level engine: synthetic extracts, ingest, compute."),
    "catalogue": ("bettercare.catalogue.cli", "Policy periods as data: list, check and add catalogue files."),
}


class LazyGroups(TyperGroup):
    """The root group: the command groups of ``GROUPS`` are imported on first use; listing them in
    ``--help`` uses their one-line help and imports nothing."""

    _listing = False

    def list_commands(self, ctx) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in GROUPS if name not in self.commands)]

    def get_command(self, ctx, cmd_name: str):
        if cmd_name in self.commands or cmd_name not in GROUPS:
            return super().get_command(ctx, cmd_name)
        module, help_text = GROUPS[cmd_name]
        if self._listing:
            return TyperGroup(name=cmd_name, help=help_text)
        group = typer.main.get_command(importlib.import_module(module).app)
        group.name = cmd_name
        self.commands[cmd_name] = group
        return group

    def format_help(self, ctx, formatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(cls=LazyGroups, help="Plan, monitor and report the Better Care Fund.", no_args_is_help=True)
scenario_app = typer.Typer(help="Demo HWBs transcribed from the seed documents.", no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")


@app.callback()
def root(
    ctx: typer.Context,
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="USER",
            help="Record changes as this user (default: $BETTERCARE_USER, else the system user "
            "'cli-<your login>')",
        ),
    ] = None,
) -> None:
    """Plan, monitor and report the Better Care Fund."""
    request_actor(as_user)
    ctx.call_on_close(stop_recording_changes)

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
    record_command_actor()
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


@app.command()
def demo(
    serve: Annotated[bool, typer.Option(help="Serve the web app afterwards")] = False,
    port: int = 8000,
    computed: Annotated[
        bool, typer.Option(help="Add the national register and 2023-25 actuals of every HWB computed by the engine "
                                "from a synthetic extract")
    ] = True,
) -> None:
    """Migrate the database, load every scenario and computed actuals, create demo users, and (with
    --serve) serve the app with the development server and settings (a demo on this machine, not production)."""
    from bettercare.web.server import DEVELOPMENT_SETTINGS

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEVELOPMENT_SETTINGS)
    setup_django()
    with console.status("Migrating the database"):
        migrate()
    record_command_actor()
    from bettercare.scenarios import ScenarioError
    from bettercare.scenarios.loader import load
    from bettercare.scenarios.users import DEMO_PASSWORD, create_demo_users

    try:
        with console.status("Loading the demo HWBs"):
            results = load()
    except ScenarioError as error:
        fail(str(error))
    create_demo_users()
    for scenario_id, counts in results.items():
        console.print(f"  {scenario_id}: {sum(counts.values())} rows ({counts['created']} new)")
    if computed:
        from bettercare.scenarios.national import load_national_demo

        with console.status("Computing 2023-25 actuals for every HWB from a national synthetic extract (DuckDB)"):
            national = load_national_demo()
        console.print(
            f"  national register: {national.register.registrations} HWB areas, {national.register.changes} boundary "
            f"changes, {national.register.icb_links} HWB-ICB links added"
        )
        console.print(
            f"  computed actuals 2023-25 for {national.areas} HWBs: {national.demo_rows} rows for the demo HWBs "
            f"(with localities), {national.created} for the others; Northamptonshire across April 2021: "
            f"{national.northamptonshire} rows"
        )
        from bettercare.scenarios.comparator_groups import load_demo_groups
        from bettercare.scenarios.national_targets import load_national_targets

        with console.status("Deriving every HWB's 2023-25 targets from its baseline; comparator groups"):
            targets = load_national_targets()
            versions, family = load_demo_groups()
        console.print(
            f"  2023-25 targets: {targets.plans} plans of metric ambitions, {targets.targets} targets "
            f"({targets.kept} kept); comparator groups: {versions} versions from the register"
            f"{', Norfolk family group' if family else ''}"
        )
        from bettercare.scenarios.current_year import load_current_year

        with console.status("The current year: rolling the illustrative 2025-26 plan forward to 2026-27"):
            current = load_current_year()
        console.print(
            f"  {current.plan.area.name} {current.plan.period.code}: draft rolled forward from the illustrative "
            f"{current.source.period.code} plan; {current.actuals} computed actuals over {current.months} months"
        )
    from bettercare.scenarios.warm import warm_demo

    with console.status("Computing the national comparisons and the demo HWBs' pages ahead"):
        pages = warm_demo()
    console.print(f"  {pages} pages computed ahead (kept until the data change)")
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


SCHEMA_ERRORS = {("django.db.utils", "OperationalError"), ("django.db.utils", "ProgrammingError")}
SCHEMA_WORDS = ("no such table", "no such column", "does not exist")


def finish(code: object) -> None:
    """End the process with ``code`` (as ``sys.exit`` reads it) once output and logs are flushed,
    without the interpreter's teardown: freeing every object of Django, Altair and NumPy one by one
    takes about half a second, for nothing, as the process ends. Database work is committed as it
    goes (autocommit), and no command leaves a thread that must finish."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


# The cyclic garbage collector's thresholds for a command, mypy's choice for the same reason
# (mypy/build.py): the heap is large and long-lived (Django, Altair, WeasyPrint), and with Python's
# (700, 10, 10) full passes over it took 0.6 s of the board paper's command (measured with
# gc.callbacks: 0.8-0.85 s of collection in all, 0.25 s with these; before reports.pdf held the
# collector off during layout). The web server sets Python's back (web.server).
COMMAND_COLLECTOR_THRESHOLDS = (200_000, 30, 30)


def main() -> None:
    gc.set_threshold(*COMMAND_COLLECTOR_THRESHOLDS)
    try:
        app()
    except SystemExit as done:
        finish(done.code)
    except Exception as error:  # noqa: BLE001 - only a database behind this version is reworded
        if (type(error).__module__, type(error).__name__) in SCHEMA_ERRORS and any(
                words in str(error) for words in SCHEMA_WORDS):
            say_error(f"the database is not up to date with this version of bettercare ({str(error).strip()}). "
                      "Run `bettercare manage migrate` to bring it up to date (nothing in it is lost), then try again.")
            sys.exit(2)
        raise


if __name__ == "__main__":
    sys.exit(main())
