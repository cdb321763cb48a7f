"""The command line ends its process without the interpreter's teardown (``cli.finish``): exit codes
and every line of output still reach the caller through a pipe."""

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "bettercare"


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BETTERCARE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, timeout=120)


def test_help_is_printed_whole_with_exit_code_0(tmp_path):
    done = run("--help", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout
    for group in ("plan", "metrics", "delivery", "report"):
        assert f" {group} " in done.stdout
    assert done.stdout.rstrip().endswith("╯")  # the last line of the box, flushed before the end


def test_a_user_error_keeps_its_message_and_exit_code(tmp_path):
    done = run("report", "paper", "--area", "Norfolk", "--quarter", "2018-19-Q1", "--out",
               str(tmp_path / "p.pdf"), "--date", "27/09/2018", tmp_path=tmp_path)
    assert done.returncode == 2
    assert "--date '27/09/2018' is not a date like 2018-09-27" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_command_is_a_usage_error(tmp_path):
    done = run("no-such-command", tmp_path=tmp_path)
    assert done.returncode == 2
    assert "No such command" in done.stderr
