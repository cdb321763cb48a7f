"""An existing database upgrades to the reference app with no data lost.

A fresh database (a SQLite file, or a new PostgreSQL database beside the test database when
DATABASE_URL points to PostgreSQL) is migrated to the state before the move: every migration that
does not descend from ``reference/0001`` (today's main heads: plans 0003, delivery 0002, monitoring
0003, accounts 0001, plus any later migration that does not build on the move). The demo scenarios
and demo users are loaded there, every row of every table is read, the database is migrated forward,
and every table is read again: the rows must be identical, except that the moved models' content
types now carry the app label ``reference`` (same ids, so permissions and admin log entries keep
pointing at them).

The work runs in a child process so that it has its own Django set-up and database connection; the
test database that the other tests share is not touched."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

MOVE = ("reference", "0001_reference_models_moved_from_plans_and_delivery")
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


def upgrade_and_compare() -> dict:
    """Child process: migrate to the pre-move state, load the demo, read, migrate forward, read."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from bettercare.scenarios.loader import load
    from bettercare.scenarios.users import create_demo_users

    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    after_move = {node for node in graph.nodes if MOVE in graph.forwards_plan(node)}  # the move and what builds on it
    before_move = {node for node in graph.nodes if node not in after_move}
    heads = [node for node in before_move
             if not any(child.key in before_move for child in graph.node_map[node].children)]
    executor.migrate(heads)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)  # content types, permissions
    applied = MigrationExecutor(connection).loader.applied_migrations
    assert MOVE not in applied and ("plans", "0003_plan_based_on") in applied

    load()
    create_demo_users()
    before, tables = read_every_row(connection)
    call_command("migrate", interactive=False, verbosity=0)
    after, _ = read_every_row(connection, tables)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        content_types = cursor.fetchall()
    return {"before": before, "after": after, "content_types": content_types}


def expected_after(before: dict[str, list[str]]) -> dict[str, list[str]]:
    """The rows as they must read after the upgrade: the moved models' content types relabelled."""
    expected = dict(before)
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


def test_an_existing_database_upgrades_to_the_reference_app_with_every_row_kept(fresh_database_url, tmp_path):
    out = tmp_path / "rows.json"
    env = {**os.environ, "DATABASE_URL": fresh_database_url, "DJANGO_SETTINGS_MODULE": "bettercare.web.settings"}
    result = subprocess.run(
        [sys.executable, __file__, str(out)], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-4000:]
    data = json.loads(out.read_text())
    before, after = data["before"], data["after"]

    # the demo really is in the old tables, the moved ones included
    for table in ["plans_area", "plans_locality", "plans_population", "plans_organisation", "plans_metric",
                  "plans_fundingstream", "delivery_hicmchange", "plans_plan", "plans_contribution",
                  "delivery_risk", "monitoring_metricactual", "accounts_membership"]:
        assert len(before[table]) > 0, f"{table} is empty before the upgrade: the test would prove nothing"
    assert set(after) == set(before)
    expected = expected_after(before)
    for table in sorted(before):
        assert after[table] == expected[table], f"{table}: rows differ after the upgrade"
    labels = {(app, model) for _, app, model in data["content_types"]}
    assert ("reference", "area") in labels and ("plans", "area") not in labels
    assert ("reference", "hicmchange") in labels and ("delivery", "hicmchange") not in labels


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    Path(sys.argv[1]).write_text(json.dumps(upgrade_and_compare()))
