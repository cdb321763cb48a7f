"""`bettercare metrics ...` commands."""

import typer

app = typer.Typer(help="Metrics: import actuals, show results.", no_args_is_help=True)
