"""`bettercare engine ...` commands."""

import typer

app = typer.Typer(help="Record-level engine: synthetic extracts, ingest, compute.", no_args_is_help=True)
