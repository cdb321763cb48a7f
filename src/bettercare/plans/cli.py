"""`bettercare plan ...` commands."""

import typer

app = typer.Typer(help="Plans: editor, checks, versions, Excel in and out.", no_args_is_help=True)
