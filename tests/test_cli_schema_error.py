"""A command run on a database behind this version of bettercare (an upgrade not yet migrated) says
so in one line and how to fix it, with exit code 2, never a traceback."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "bettercare"


def test_a_database_not_migrated_gets_one_clear_line(tmp_path):
    sqlite3.connect(tmp_path / "bettercare.sqlite3").close()  # a database with no tables at all
    env = {**os.environ, "BETTERCARE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "bettercare.web.settings"}
    env.pop("DATABASE_URL", None)
    run = subprocess.run([str(BIN), "metrics", "show", "--area", "Norfolk", "--period", "2023-24"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "the database is not up to date with this version of bettercare (no such table" in run.stderr
    assert "bettercare manage migrate" in run.stderr
