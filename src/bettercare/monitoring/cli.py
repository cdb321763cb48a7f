"""`bettercare metrics ...`: import actuals and populations, and show results."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="Metrics: import actuals and populations, show results.", no_args_is_help=True)
console = Console(stderr=True)


def _fail(message: str) -> None:
    console.print(f"[red]Error:[/red] {message}", highlight=False)
    raise typer.Exit(code=2)


@app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="CSV or Excel files of actuals, populations or engine output")],
    area: Annotated[list[str] | None, typer.Option(help="Keep only these HWBs' rows (name or GSS code)")] = None,
) -> None:
    """Import files all-or-nothing; each problem is reported with file, sheet, row, column and rule."""
    from bettercare.cli import migrate, setup_django

    setup_django()
    migrate()
    from .importer import ImportRefused, import_file

    for path in files:
        try:
            with console.status(f"Importing {path.name}"):
                report = import_file(path, area)
        except ImportRefused as error:
            _fail(str(error))
        console.print(
            f"{report.file} ({report.layout}): {report.rows} rows — {report.created} new, "
            f"{report.updated} changed (previous values kept in history), {report.unchanged} unchanged"
        )
        for flag in report.flagged:
            console.print(f"[yellow]Flagged:[/yellow] {flag}", highlight=False)


@app.command("show")
def show_command(
    area: Annotated[str, typer.Option(help="HWB name or GSS code")],
    period: Annotated[str, typer.Option(help="Financial year (2018-19) or policy period (2017-19)")],
    metric: Annotated[list[str] | None, typer.Option(help="Metric id(s) from the catalogue")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    targets: Annotated[bool, typer.Option(help="Include baseline and target rows")] = True,
) -> None:
    """Show each metric's figures with intervals, targets, RAG (and the rule), direction and forecast."""
    from bettercare.cli import setup_django

    setup_django()
    from django.db.models import Q

    from bettercare.plans.models import Area

    from .results import metric_results
    from .serialise import result_rows

    found = Area.objects.filter(Q(name__iexact=area) | Q(gss_code__iexact=area)).first()
    if found is None:
        _fail(f"no HWB called {area!r}; known: {', '.join(Area.objects.values_list('name', flat=True)) or 'none'}")
    try:
        rows = result_rows(metric_results(found, period, metric), include_targets=targets)
    except ValueError as error:
        _fail(str(error))
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        value = "–" if row["value"] is None else f"{row['value']:,.2f}"
        target = "" if row["target"] is None else f" vs {row['target']:,.2f}"
        where = row["locality"] or found.name
        print(
            f"{row['metric']:<32} {where:<32} {row['kind']:<9} {row['period']:<18} {value}{target} "
            f"{row['rag']} ({row['comparison']})"
        )
