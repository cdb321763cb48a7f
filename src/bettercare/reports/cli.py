"""`bettercare report ...` commands."""

import typer

app = typer.Typer(help="Reports: board paper, return workbook, plan on a page.", no_args_is_help=True)
