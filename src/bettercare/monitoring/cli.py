"""`bettercare metrics ...`: import actuals and populations, and show results."""

import json
from pathlib import Path
from typing import Annotated

import typer

from bettercare.cli_support import console, fail, find_area, migrate, record_command_actor, setup_django

app = typer.Typer(help="Metrics: import actuals and populations, show results.", no_args_is_help=True)


@app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="CSV or Excel files of actuals, populations or engine output")],
    area: Annotated[list[str] | None, typer.Option(help="Keep only these HWBs' rows (name or GSS code)")] = None,
) -> None:
    """Import files all-or-nothing; each problem is reported with file, sheet, row, column and rule."""
    setup_django()
    migrate()
    record_command_actor()
    from .importer import ImportRefused, import_file

    for path in files:
        try:
            with console.status(f"Importing {path.name}"):
                report = import_file(path, area)
        except ImportRefused as error:
            fail(str(error))
        console.print(
            f"{report.file} ({report.layout}): {report.rows} rows — {report.created} new, "
            f"{report.updated} changed (previous values kept in history), {report.unchanged} unchanged"
        )
        for flag in report.flagged:
            console.print(f"[yellow]Flagged:[/yellow] {flag}", highlight=False)


@app.command("show")
def show_command(
    period: Annotated[str, typer.Option(help="Financial year (2018-19) or policy period (2017-19)")],
    area: Annotated[str | None, typer.Option(help="HWB name or GSS code")] = None,
    metric: Annotated[list[str] | None, typer.Option(help="Metric id(s) from the catalogue")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    targets: Annotated[bool, typer.Option(help="Include baseline and target rows")] = True,
    all_areas: Annotated[bool, typer.Option("--all-areas", help="Every HWB for one --metric and financial year, "
                                            "compared with England and its region (95% and 99.8%) and funnel "
                                            "significance")] = False,
) -> None:
    """Show each metric's figures with intervals, targets, RAG (and the rule), direction and forecast;
    with --all-areas, one metric across every HWB of the national register."""
    setup_django()
    if all_areas:
        _show_all_areas(period, metric, as_json)
        return
    if area is None:
        fail("give --area (an HWB) or --all-areas with one --metric")
    from .results import metric_results
    from .serialise import result_rows

    found = find_area(area)
    try:
        rows = result_rows(metric_results(found, period, metric), include_targets=targets)
    except ValueError as error:
        fail(str(error))
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


def _show_all_areas(period: str, metric: list[str] | None, as_json: bool) -> None:
    from .benchmark import benchmark, benchmark_rows

    if not metric or len(metric) != 1:
        fail("--all-areas needs exactly one --metric, e.g. --metric falls-65")
    try:
        result = benchmark_rows(benchmark(metric[0], period))
    except ValueError as error:
        fail(str(error))
    if not result["areas"]:
        fail("no HWBs in the national register: run `bettercare demo` (or load the register) first")
    if as_json:
        print(json.dumps(result, indent=2))
        return
    england = result["england"]
    print(f"{result['title']} ({result['metric']}), {result['period']}: {result['method']}")
    print(f"England (pooled): {england['value']:,.1f} ({england['lower_95']:,.1f} to {england['upper_95']:,.1f})"
          if england["value"] is not None else "England: no figures")
    for row in result["areas"]:
        value = "–" if row["value"] is None else f"{row['value']:,.1f} ({row['lower_95']:,.1f}–{row['upper_95']:,.1f})"
        print(f"{row['gss_code']} {row['name']:<36} {value:<28} 95%: {row['vs_england_95']:<12} "
              f"99.8%: {row['vs_england_99_8']:<12} funnel: {row['funnel']}")


@app.command("apportion")
def apportion_command(
    plans_file: Annotated[Path, typer.Option("--ccg-plans", help="CSV: ccg, value (each CCG's planned figure)")],
    weightings_file: Annotated[Path, typer.Option("--weightings", help="CSV: ccg, hwb, weighting (resident share)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Apportion CCG/ICB planned figures to HWBs by weightings (a CCG straddling two HWBs
    contributes its resident share to each)."""
    import csv
    from decimal import Decimal, InvalidOperation

    from .targets import apportion

    def rows(path: Path, columns: set[str]) -> list[dict[str, str]]:
        if not path.exists():
            fail(f"{path}: no such file")
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = columns - set(reader.fieldnames or [])
            if missing:
                fail(f"{path.name}, row 1: missing column(s) {', '.join(sorted(missing))}")
            return list(reader)

    def number(path: Path, row: int, column: str, text: str) -> Decimal:
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            fail(f"{path.name}, row {row}, column {column}: {text!r} is not a number")

    figures = {r["ccg"].strip(): number(plans_file, i, "value", r["value"])
               for i, r in enumerate(rows(plans_file, {"ccg", "value"}), start=2)}
    weights = {(r["ccg"].strip(), r["hwb"].strip()): number(weightings_file, i, "weighting", r["weighting"])
               for i, r in enumerate(rows(weightings_file, {"ccg", "hwb", "weighting"}), start=2)}
    results, warnings = apportion(figures, weights)
    for warning in warnings:
        console.print(f"[yellow]Warning:[/yellow] {warning}", highlight=False)
    output = [{"hwb": a.hwb, "value": float(a.value),
               "parts": [{"ccg": c, "ccg_value": float(v), "weighting": float(w)} for c, v, w in a.parts]}
              for a in results.values()]
    if as_json:
        print(json.dumps(output, indent=2))
    else:
        for item in output:
            print(f"{item['hwb']:<30} {item['value']:>14,.1f}")


@app.command("warm")
def warm_command(
    area: Annotated[list[str] | None, typer.Option(help="Also each metric's page of these HWBs (name or GSS code)")]
    = None,
) -> None:
    """Compute the national comparisons and every HWB's dashboard (and the metric pages of the --area
    HWBs) ahead of their visitors, after loading data; they are kept until the data next change."""
    import time

    setup_django()
    migrate()
    from .warm import warm

    started = time.monotonic()
    areas = [find_area(a) for a in area or []]
    with console.status("Computing pages") as status:
        pages = warm(areas, progress=lambda message: status.update(f"Computing pages: {message}"))
    console.print(f"{pages} pages computed in {time.monotonic() - started:.0f} s; kept until the data next change")
