"""`bettercare report ...` commands: the board paper, the return workbook, plan on a page and the
national summary, each written to a file, with progress shown (rich)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from bettercare.cli_support import console, fail, find_area, setup_django

app = typer.Typer(help="Reports: board paper, return workbook, plan on a page.", no_args_is_help=True)

AreaOption = Annotated[str, typer.Option("--area", help="HWB name or ONS GSS code, e.g. Leicestershire")]
QuarterOption = Annotated[str, typer.Option("--quarter", help="Quarter, e.g. 2018-19-Q1")]
OutOption = Annotated[Path, typer.Option("--out", help="File to write", dir_okay=False)]


def _format(out: Path, chosen: str | None, allowed: tuple[str, ...]) -> str:
    kind = (chosen or out.suffix.lstrip(".") or allowed[0]).lower()
    if kind not in allowed:
        fail(f"--format must be one of {', '.join(allowed)} (got {kind!r})")
    return kind


def _write(out: Path, content: bytes | str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        out.write_text(content, encoding="utf-8")
    else:
        out.write_bytes(content)
    console.print(f"Wrote [bold]{out}[/bold] ({out.stat().st_size:,} bytes)")


def _progress(total: int) -> tuple[Progress, Callable[[str], None]]:
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    task = progress.add_task("Starting", total=total)

    def step(message: str) -> None:
        progress.update(task, description=message, advance=1)

    return progress, step


def _run(work: Callable[[Callable[[str], None]], None], steps: int) -> None:
    from django.core.exceptions import ValidationError

    from bettercare.reports.errors import ReportError
    from bettercare.reports.house_style import HouseStyleError

    progress, step = _progress(steps)
    try:
        with progress:
            work(step)
    except (ReportError, HouseStyleError) as error:
        fail(str(error))
    except ValidationError as error:
        fail(" ".join(error.messages))


@app.command("paper")
def paper(
    area: AreaOption,
    quarter: QuarterOption,
    out: OutOption,
    output_format: Annotated[
        str | None, typer.Option("--format", help="pdf, docx (Word) or html (default: from --out)")
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--date", help="Meeting date, e.g. 2018-09-27 (default: the house style's date for the quarter, else today)"
        ),
    ] = None,
    style: Annotated[Path | None, typer.Option("--style", help="House-style YAML applied last")] = None,
) -> None:
    """The HWB board paper for a quarter, as PDF, Word (.docx) or accessible HTML."""
    kind = _format(out, output_format, ("pdf", "docx", "html"))
    try:
        meeting_date = date.fromisoformat(meeting) if meeting else None
    except ValueError:
        fail(f"--date {meeting!r} is not a date like 2018-09-27")
    from bettercare.reports import chart_drawer

    chart_drawer.start()  # vl-convert's engine starts on the other core while Django starts and data are read
    setup_django()
    from bettercare.reports.house_style import load_house_style
    from bettercare.reports.paper import build_paper, paper_docx, paper_html, paper_pdf
    from bettercare.reports.sources import parse_quarter

    hwb = find_area(area)

    def work(step: Callable[[str], None]) -> None:
        built = build_paper(hwb, parse_quarter(quarter), meeting_date, load_house_style(hwb.gss_code, style), step)
        render = {"pdf": paper_pdf, "docx": paper_docx, "html": paper_html}[kind]
        step({"pdf": "Rendering the PDF", "docx": "Writing the Word document", "html": "Rendering the HTML"}[kind])
        content = render(built)
        step("Writing the file")
        _write(out, content)

    _run(work, 6)


@app.command("return")
def return_workbook(area: AreaOption, quarter: QuarterOption, out: OutOption) -> None:
    """The quarterly return workbook (.xlsx): the submitted snapshot when there is one, else live."""
    _format(out, None, ("xlsx",))
    setup_django()
    from bettercare.reports.returns import return_figures
    from bettercare.reports.sources import parse_quarter
    from bettercare.reports.workbook import return_workbook as build
    from bettercare.reports.workbook.cells import to_bytes

    hwb = find_area(area)

    def work(step: Callable[[str], None]) -> None:
        parsed = parse_quarter(quarter)
        step("Reading the return")
        data = return_figures(hwb, parsed)
        step(f"Writing the workbook ({data.status})")
        content = to_bytes(build(hwb, parsed, data))
        step("Writing the file")
        _write(out, content)

    _run(work, 3)


@app.command("plan-on-a-page")
def plan_on_a_page(
    area: AreaOption,
    out: OutOption,
    plan: Annotated[int | None, typer.Option("--plan", help="Plan id (default: the latest plan)")] = None,
    output_format: Annotated[str | None, typer.Option("--format", help="pdf or html (default: from --out)")] = None,
    style: Annotated[Path | None, typer.Option("--style", help="House-style YAML applied last")] = None,
) -> None:
    """One page: themes, schemes, funding by stream and metric ambitions."""
    kind = _format(out, output_format, ("pdf", "html"))
    setup_django()
    from bettercare.reports.house_style import load_house_style
    from bettercare.reports.plan_page import build_plan_page, choose_plan, plan_page_html, plan_page_pdf

    hwb = find_area(area)

    def work(step: Callable[[str], None]) -> None:
        step("Reading the plan")
        page = build_plan_page(choose_plan(hwb, plan), load_house_style(hwb.gss_code, style))
        step("Rendering")
        content = plan_page_pdf(page) if kind == "pdf" else plan_page_html(page)
        step("Writing the file")
        _write(out, content)

    _run(work, 3)


@app.command("national")
def national(quarter: QuarterOption, out: OutOption) -> None:
    """Every HWB's submitted return for a quarter in one workbook (one row per HWB per metric)."""
    _format(out, None, ("xlsx",))
    setup_django()
    from bettercare.reports.sources import parse_quarter
    from bettercare.reports.workbook import national_workbook
    from bettercare.reports.workbook.cells import to_bytes

    def work(step: Callable[[str], None]) -> None:
        parsed = parse_quarter(quarter)
        step("Reading the submitted returns")
        content = to_bytes(national_workbook(parsed))
        step("Writing the file")
        _write(out, content)

    _run(work, 2)
