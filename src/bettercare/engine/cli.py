"""`bettercare engine ...` commands: synth, ingest, compute, care-homes, risk, schemas.

Bad input gives one line naming the file, row, column and rule, and exit code 2. Heavy libraries
(Ibis, DuckDB, pandas, Spark) are imported inside the commands, so other commands start fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from bettercare.cli_support import console, fail

app = typer.Typer(help="Record-level engine: synthetic extracts, ingest, compute.", no_args_is_help=True)

Backend = Annotated[str, typer.Option("--backend", help="duckdb (in-process) or spark ($BETTERCARE_SPARK_MASTER)")]
Areas = Annotated[list[str] | None, typer.Option("--area", help="Only this HWB (GSS code); repeat for more")]
Publish = Annotated[bool, typer.Option("--publish", help="Apply disclosure control (suppress 1-7, round to 5)")]
SuppressTo = Annotated[int, typer.Option("--suppress-to", help="With --publish: suppress counts 1..N")]
RoundTo = Annotated[int, typer.Option("--round-to", help="With --publish: round other counts to a multiple of N")]


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the engine's user errors (and unreadable files) into one line and exit code 2."""
    from .errors import EngineError

    try:
        yield
    except EngineError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=False)


def _steps(progress: Progress, description: str, total: int) -> Callable[[str], None]:
    task = progress.add_task(description, total=total)

    def step(message: str) -> None:
        progress.update(task, advance=1, description=f"{description}: {message}")

    return step


def _sdc(publish: bool, suppress_to: int, round_to: int) -> Any:
    from .sdc import SdcRule, SdcRuleRefused

    try:
        rule = SdcRule(suppress_to=suppress_to, round_to=round_to)
    except SdcRuleRefused as error:
        fail(str(error))
    return rule if publish else None


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder for the raw extracts")],
    rows: Annotated[int, typer.Option("--rows", help="Admissions to generate")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files)")] = 0,
    social_rows: Annotated[int | None, typer.Option("--social-rows", help="Social care events (rows/5)")] = None,
    start: Annotated[str, typer.Option("--start", help="First month, YYYY-MM")] = "2017-04",
    months: Annotated[int, typer.Option("--months", help="Number of months")] = 24,
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet")] = "csv",
    areas: Areas = None,
    natural: Annotated[bool, typer.Option("--natural", help="Natural volume for the ONS populations (not --rows)")]
    = False,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="With --natural: keep in full only what this period's rates count (2023-25 or 2025-27)"
    )] = None,
    sample: Annotated[float, typer.Option("--sample", help="With --focus: the fraction of other admissions kept")]
    = 1.0,
) -> None:
    """Generate deterministic synthetic extracts for every HWB (or --area ones), with a manifest."""
    from .synthetic import generate

    with user_errors(), _progress() as progress:
        task = progress.add_task("admissions", total=None if natural else rows)
        manifest = generate(out, rows=None if natural else rows, social_rows=social_rows, seed=seed, start=start,
                            months=months, fmt=fmt, areas=areas, sample=sample, focus=focus,
                            progress=lambda done, total: progress.update(task, completed=done, total=total))
    counts = ", ".join(f"{name} {n:,}" for name, n in manifest["rows"].items())
    console.print(f"{out}: {manifest['areas']} HWBs, as at {manifest['as_at']}; {counts}", soft_wrap=True)


@app.command()
def ingest(
    folder: Annotated[Path, typer.Argument(help="Folder of raw extracts (admissions.csv, ...)")],
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default FOLDER/ingested)")] = None,
    key_file: Annotated[Path | None, typer.Option("--key-file", help="Pseudonymisation key file "
                                                  "(else $BETTERCARE_PSEUDONYM_KEY_FILE / _KEY)")] = None,
) -> None:
    """Validate every extract, replace NHS numbers by keyed hashes, write Parquet (all or nothing)."""
    from .ingestion import find_extracts
    from .ingestion import ingest as run

    with user_errors():
        total = len(find_extracts(folder)) * 2
        with _progress() as progress:
            result = run(folder, out, key_file=key_file, progress=_steps(progress, "ingest", total))
    counts = ", ".join(f"{name} {n:,}" for name, n in result.rows.items())
    console.print(f"{result.out_dir}: {counts}; as at {result.as_at.isoformat()}", soft_wrap=True)


@app.command()
def compute(
    input_dir: Annotated[Path, typer.Option("--input", help="Ingested folder (or the folder holding ingested/)")],
    out: Annotated[Path, typer.Option("--out", help="Output file, .csv or .parquet")],
    backend: Backend = "duckdb",
    areas: Areas = None,
    periods: Annotated[list[str] | None, typer.Option("--period", help="Policy period, e.g. 2017-19; repeat")] = None,
    layout: Annotated[str, typer.Option("--layout", help="monitoring (for `bettercare metrics import`) or full "
                                        "(components, DSR age bands, every month and policy period)")] = "monitoring",
    publish: Publish = False,
    suppress_to: SuppressTo = 7,
    round_to: RoundTo = 5,
) -> None:
    """Compute every catalogue metric with a record-level rule, per HWB, locality and month."""
    from .metrics import LAYOUTS, monitoring_layout, write_table
    from .metrics import compute as run
    from .rules import RULES
    from .specs import metric_specs

    if layout not in LAYOUTS:
        fail(f"--layout {layout!r}: choose {' or '.join(LAYOUTS)}")
    if out.suffix.lower() not in (".csv", ".parquet"):
        fail(f"{out}: the output must end in .csv or .parquet")
    with user_errors():
        sdc_rule = _sdc(publish, suppress_to, round_to)
        specs = metric_specs(periods)
        sources = len({RULES[s.engine_rule].source for s in specs if s.engine_rule in RULES}) + 1
        with _progress() as progress:
            result = run(input_dir, backend=backend, areas=areas, periods=periods, publish=publish,
                         sdc_rule=sdc_rule, progress=_steps(progress, f"compute ({backend})", sources))
        table = monitoring_layout(result.table) if layout == "monitoring" else result.table
        write_table(table, out)
    for reason in result.skipped:
        console.print(f"skipped {reason}", soft_wrap=True)
    console.print(f"{out}: {len(table):,} rows ({layout} layout), {table['metric'].nunique()} metrics, "
                  f"as at {result.as_at.isoformat()}" + (" [published: disclosure control applied]" if publish else ""),
                  soft_wrap=True, markup=False)


def _view(name: str, input_dir: Path, out: Path, backend: str, areas: list[str] | None, publish: bool,
          suppress_to: int, round_to: int) -> None:
    from . import views
    from .metrics import write_table

    if out.suffix.lower() not in (".csv", ".parquet"):
        fail(f"{out}: the output must end in .csv or .parquet")
    with user_errors():
        sdc_rule = _sdc(publish, suppress_to, round_to)
        with console.status(f"{name} ({backend})"):
            table = getattr(views, name)(input_dir, backend=backend, areas=areas, publish=publish, sdc_rule=sdc_rule)
        write_table(table, out)
    console.print(f"{out}: {len(table):,} rows" + (" [published]" if publish else ""), markup=False)


@app.command("care-homes")
def care_homes(
    input_dir: Annotated[Path, typer.Option("--input", help="Ingested folder")],
    out: Annotated[Path, typer.Option("--out", help="Output file, .csv or .parquet")],
    backend: Backend = "duckdb",
    areas: Areas = None,
    publish: Publish = False,
    suppress_to: SuppressTo = 7,
    round_to: RoundTo = 5,
) -> None:
    """Emergency and avoidable admissions from care homes by locality, with the change on last year."""
    _view("care_home_admissions", input_dir, out, backend, areas, publish, suppress_to, round_to)


@app.command()
def risk(
    input_dir: Annotated[Path, typer.Option("--input", help="Ingested folder")],
    out: Annotated[Path, typer.Option("--out", help="Output file, .csv or .parquet")],
    backend: Backend = "duckdb",
    areas: Areas = None,
    publish: Publish = False,
    suppress_to: SuppressTo = 7,
    round_to: RoundTo = 5,
) -> None:
    """Risk stratification by prior emergency use: counts of people per tier (never lists of people)."""
    _view("risk_strata", input_dir, out, backend, areas, publish, suppress_to, round_to)


@app.command()
def schemas(name: Annotated[str | None, typer.Argument(help="One extract (default: all)")] = None) -> None:
    """Print the extract schemas (columns, kinds, rules) as Markdown."""
    from .schemas import SCHEMAS, describe

    if name is not None and name not in SCHEMAS:
        fail(f"no extract {name!r}; extracts: {', '.join(SCHEMAS)}")
    for schema in SCHEMAS.values() if name is None else [SCHEMAS[name]]:
        typer.echo(describe(schema) + "\n")
