"""An existing database upgrades to the reference app with no data lost.

A fresh database (a SQLite file, or a new PostgreSQL database beside the test database when
DATABASE_URL points to PostgreSQL) is migrated and filled by the code of main before the move
(``PRE_MOVE``, taken from the repository's history with ``git archive``): its migrations, its demo
scenarios and demo users. Every row of every table is read; today's code migrates the database
forward, and every table is read again: the rows must be identical, except that the moved models'
content types now carry the app label ``reference`` (same ids, so permissions and admin log entries
keep pointing at them).

Each step runs in a child process with its own code, Django set-up and database connection; the
test database that the other tests share is not touched."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SRC = REPOSITORY / "src"
PRE_MOVE = "d81269a03038350242b42ee9cbf2611f4d442241"  # main before the reference app (issue 12)
GROWING = {"django_content_type", "auth_permission"}
# Issue 13's data migration (monitoring 0008) merges duplicated actuals on purpose and moves their
# history (its own test: tests/monitoring/test_actual_dedup_migration.py): here those tables may only
# lose rows, never gain or change the ids of the rows they keep.
MERGED = {"monitoring_metricactual", "monitoring_historicalmetricactual"}
# Issue 16's data migration (monitoring 0011) turns the peer-review pack, loaded before as a Norfolk
# plan, into a KPI set and removes that plan with the rows that hang on it (its risks, priorities and
# targets become the set's notes; its own test: tests/monitoring/test_peer_review_pack_migration.py).
PACK_SCENARIO = "norfolk-peer-review-2018"
MOVED_CONTENT_TYPES = {
    "plans": {"area", "locality", "population", "historicalpopulation", "organisation", "policyperiod",
              "fundingstream", "schemetype", "nationalcondition", "metric"},
    "delivery": {"hicmmodel", "hicmchange"},
}


def read_every_row(connection, tables: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Every row of every table (``django_migrations`` aside) as sorted JSON strings; with ``tables``,
    only those tables and columns (so that columns added by later migrations are not compared)."""
    with connection.cursor() as cursor:
        if tables is None:
            tables = {}
            for name in connection.introspection.table_names(cursor):
                if name == "django_migrations":
                    continue
                description = connection.introspection.get_table_description(cursor, name)
                tables[name] = [column.name for column in description]
        rows = {}
        for name, columns in tables.items():
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(name)}")
            rows[name] = sorted(json.dumps(list(row), default=str) for row in cursor.fetchall())
    return rows, tables


def load_before_the_move() -> dict:
    """Child process, on the code of main before the move (``PRE_MOVE``): migrate, load the demo and
    its users as that code did, read every row."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bettercare.cli import create_demo_users
    from bettercare.scenarios.loader import load

    call_command("migrate", interactive=False, verbosity=0)
    load()
    create_demo_users()
    before, tables = read_every_row(connection)
    return {"before": before, "tables": tables}


def upgrade() -> dict:
    """Child process, on today's code: migrate forward and read the same tables and columns again."""
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.db.models.signals import post_migrate

    # The migrations alone: the catalogue refresh that follows a migrate is meant to update reference rows.
    post_migrate.disconnect(sender=apps.get_app_config("reference"), dispatch_uid="bettercare-mirror-catalogue")
    tables = json.loads(Path(sys.argv[3]).read_text())["tables"]
    call_command("migrate", interactive=False, verbosity=0)
    after, _ = read_every_row(connection, tables)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        content_types = cursor.fetchall()
    return {"after": after, "content_types": content_types}


def without_the_pack(before: dict[str, list[str]], tables: dict[str, list[str]]) -> dict[str, list[str]]:
    """The rows with the peer-review pack's plan, and the rows of its plan in non-history tables, left out."""
    columns = tables["plans_plan"]
    pack = {row[0] for row in map(json.loads, before["plans_plan"]) if row[columns.index("scenario")] == PACK_SCENARIO}
    kept = dict(before)
    kept["plans_plan"] = [r for r in before["plans_plan"] if json.loads(r)[0] not in pack]
    for table, names in tables.items():
        if "plan_id" in names and "_historical" not in table:
            at = names.index("plan_id")
            kept[table] = [r for r in before[table] if json.loads(r)[at] not in pack]
    return kept


def expected_after(before: dict[str, list[str]], tables: dict[str, list[str]]) -> dict[str, list[str]]:
    """The rows as they must read after the upgrade: the moved models' content types relabelled, the
    peer-review pack's plan gone."""
    expected = without_the_pack(before, tables)
    relabelled = []
    for text in before["django_content_type"]:
        row = json.loads(text)
        ident, app_label, model = row
        if model in MOVED_CONTENT_TYPES.get(app_label, ()):
            row = [ident, "reference", model]
        relabelled.append(json.dumps(row, default=str))
    expected["django_content_type"] = sorted(relabelled)
    return expected


@pytest.fixture
def fresh_database_url(tmp_path, django_db_blocker):
    """A DATABASE_URL for an empty database of the same engine as the tests use."""
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    name = f"bettercare_upgrade_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    user = config.get("USER") or ""
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host = f"{config.get('HOST') or '127.0.0.1'}:{config.get('PORT') or 5432}"
    yield f"postgres://{user}{password}@{host}/{name}"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")


def pre_move_source(folder: Path) -> Path:
    """The ``src`` folder of main before the move, taken from this repository's history."""
    archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", PRE_MOVE, "src"], capture_output=True)
    assert archive.returncode == 0, f"this test needs the repository's history: {archive.stderr.decode()}"
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "src"


def test_an_existing_database_upgrades_to_the_reference_app_with_every_row_kept(fresh_database_url, tmp_path):
    old_source = pre_move_source(tmp_path)
    before_file, after_file = tmp_path / "before.json", tmp_path / "after.json"
    env = {**os.environ, "DATABASE_URL": fresh_database_url, "DJANGO_SETTINGS_MODULE": "bettercare.web.settings",
           "BETTERCARE_DATA_DIR": str(tmp_path)}
    for step, source, extra in (("before", old_source, []), ("after", SRC, [str(before_file)])):
        out = before_file if step == "before" else after_file
        result = subprocess.run(
            [sys.executable, __file__, step, str(out), *extra], env={**env, "PYTHONPATH": str(source)},
            cwd=tmp_path, capture_output=True, text=True, timeout=900,
        )
        assert result.returncode == 0, f"{step}: {result.stderr[-4000:]}"
    data = json.loads(before_file.read_text()) | json.loads(after_file.read_text())
    before, after, tables = data["before"], data["after"], data["tables"]

    # the demo really is in the old tables, the moved ones included
    for table in ["plans_area", "plans_locality", "plans_population", "plans_organisation", "plans_metric",
                  "plans_fundingstream", "delivery_hicmchange", "plans_plan", "plans_contribution",
                  "delivery_risk", "monitoring_metricactual", "accounts_membership"]:
        assert len(before[table]) > 0, f"{table} is empty before the upgrade: the test would prove nothing"
    assert set(after) == set(before)
    expected = expected_after(before, tables)
    for table in sorted(before):
        if table in MERGED:
            before_ids = {json.loads(row)[0] for row in expected[table]}
            assert {json.loads(row)[0] for row in after[table]} <= before_ids, f"{table}: rows appeared"
            assert 0 < len(after[table]) <= len(expected[table])
        elif table in GROWING:  # models added since PRE_MOVE get content types and permissions: new rows only
            old_ids = {json.loads(row)[0] for row in expected[table]}
            kept = [row for row in after[table] if json.loads(row)[0] in old_ids]
            assert kept == expected[table], f"{table}: existing rows differ after the upgrade"
            assert all(json.loads(row)[0] > max(old_ids) for row in after[table] if row not in kept)
        else:
            assert after[table] == expected[table], f"{table}: rows differ after the upgrade"
    labels = {(app, model) for _, app, model in data["content_types"]}
    assert ("reference", "area") in labels and ("plans", "area") not in labels
    assert ("reference", "hicmchange") in labels and ("delivery", "hicmchange") not in labels


if __name__ == "__main__":  # the child processes: python this_file before|after OUT [BEFORE]
    step = sys.argv[1]
    sys.path.insert(0, os.environ["PYTHONPATH"])  # the code of that step, before any installed copy
    Path(sys.argv[2]).write_text(json.dumps(load_before_the_move() if step == "before" else upgrade()))
