"""`bettercare delivery ...` commands."""

import typer

app = typer.Typer(help="Delivery: HICM, actions, risks, quarterly returns.", no_args_is_help=True)
