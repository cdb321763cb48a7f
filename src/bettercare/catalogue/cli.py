"""`bettercare catalogue ...`: list the policy periods, check a period file, add one as a new
catalogue version. ``check`` is pure (no database); ``list`` and ``add`` use the database, where
versions are recorded. JSON goes to stdout with ``--json``; messages go to stderr; a refused file
exits with code 1 after naming every problem, bad usage with code 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

app = typer.Typer(help="Policy periods as data: list, check and add catalogue files.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON")]


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _fail(message: str, code: int = 2) -> NoReturn:
    """``Error: message`` on standard error; exit 2 for a user error, 1 for a refused file."""
    _say(f"Error: {message}")
    raise typer.Exit(code=code)


def _setup_database() -> None:
    from bettercare.cli_support import migrate, setup_django

    setup_django()
    migrate()


def _summary(code: str, versions: dict[str, Any]) -> dict[str, Any]:
    from .loader import load_period, unconfirmed

    data = load_period(code)
    recorded = versions.get(code)
    return {
        "period": code,
        "title": data["title"],
        "financial_years": data["financial_years"],
        "version": recorded["version"] if recorded else None,
        "added_by": recorded["author"] if recorded else None,
        "added_at": recorded["added_at"] if recorded else None,
        "funding_streams": [
            {
                "id": s["id"],
                "title": s["title"],
                "kind": s.get("kind", "revenue"),
                "confirmed": s.get("confirmed", True),
            }
            for s in data["funding_streams"]
        ],
        "national_conditions": [
            {"id": c["id"], "number": c["number"], "title": c["title"], "confirmed": c.get("confirmed", True)}
            for c in data["national_conditions"]
        ],
        "metrics": [
            {
                "id": m["id"],
                "title": m["title"],
                "statistic": m["statistic"],
                "unit": m.get("unit", ""),
                "period": m["period"],
                "polarity": m["polarity"],
                "confirmed": m.get("confirmed", True),
            }
            for m in data["metrics"]
        ],
        "unconfirmed": unconfirmed(data),
    }


@app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """List the policy periods in force: title, years, catalogue version and author, streams,
    metrics, and the entries not yet confirmed."""
    _setup_database()
    from bettercare.reference.catalogue_store import recorded_versions

    from .loader import CatalogueError, list_periods

    versions = recorded_versions()
    try:
        rows = [_summary(code, versions) for code in list_periods()]
    except CatalogueError as error:
        _fail(str(error))
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        version = f"version {row['version']} by {row['added_by']}" if row["version"] else "shipped file"
        print(
            f"{row['period']:<8} {row['title']:<32} {', '.join(row['financial_years']):<18} "
            f"{len(row['metrics'])} metrics, {len(row['funding_streams'])} streams; {version}; "
            f"{len(row['unconfirmed'])} unconfirmed"
        )


def _print_problems(problems, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"ok": not problems, "problems": [p.to_dict() for p in problems]}, indent=2))
    for problem in problems:
        _say(str(problem))


@app.command("check")
def check(file: Annotated[Path, typer.Argument(help="A period file (.yaml)")], as_json: JsonOption = False) -> None:
    """Check a period file without loading it: every problem is named by file, line and field."""
    from .check import check_period_file

    doc, problems = check_period_file(file)
    _print_problems(problems, as_json)
    if problems:
        count = len(problems)
        _fail(f"{file.name}: {count} problem{'s' if count != 1 else ''}; nothing was loaded", code=1)
    _say(f"{file.name}: period {doc['period']} is valid ({len(doc['metrics'])} metrics)")


@app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="A period file (.yaml)")],
    as_user: Annotated[str, typer.Option("--as", help="The user adding it (recorded as the author)")],
    note: Annotated[str, typer.Option("--note", help="Why this version is added")] = "",
    as_json: JsonOption = False,
) -> None:
    """Add a period file as the next catalogue version of its period, all or nothing. The period
    is usable at once (plans, targets, import); earlier versions and the figures computed with
    them are kept."""
    if not file.exists():
        _fail(f"{file}: no such file")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        _fail(f"{file.name}: not UTF-8 text")
    _setup_database()
    from django.contrib.auth import get_user_model

    from bettercare.planbook.catalogue_access import may_manage_catalogue
    from bettercare.reference.catalogue_store import CatalogueRefused
    from bettercare.reference.mirror import add_version

    user = get_user_model().objects.filter(username=as_user).first()
    if user is None:
        _fail(f"--as {as_user}: there is no such user")
    if not may_manage_catalogue(user):
        _fail(f"--as {as_user}: only national administrators may add catalogue versions")
    try:
        result = add_version(text, file.name, user, "cli", note)
    except CatalogueRefused as error:
        _print_problems(error.problems, as_json)
        _fail(str(error), code=1)
    version = result.version
    if as_json:
        print(json.dumps({"period": version.period_code, "version": version.version, "created": result.created}))
    if result.created:
        _say(
            f"Added {file.name} as {version.period_code} catalogue version {version.version} (by {version.author_name})"
        )
    else:
        _say(f"{file.name} is the same as {version.period_code} catalogue version {version.version}: nothing changed")
