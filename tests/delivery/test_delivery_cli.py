"""`bettercare delivery ...` commands: JSON on stdout, one-line errors and exit code 2 on bad input."""

import json

import pytest
from typer.testing import CliRunner

from bettercare.cli import app

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(app, ["delivery", *args])


def test_return_show_previews_a_return_not_started_yet():
    result = run("return", "show", "--area", "E10000018", "--quarter", "2018-19-Q1", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["status"], figures["area"]["name"], figures["quarter"]) == (
        "not started", "Leicestershire", "2018-19-Q1")
    assert figures["finance"]["income"]["total"] == "55993000.00"
    assert [c["number"] for c in figures["national_conditions"]] == [1, 2, 3, 4]
    assert "no 2018-19-Q1 return yet" in result.stderr


@pytest.mark.parametrize("args,message", [
    (["--area", "Atlantis", "--quarter", "2018-19-Q1"], "no HWB called or coded 'Atlantis'"),
    (["--area", "Norfolk", "--quarter", "2018-Q1"], "--quarter '2018-Q1': Enter a quarter like 2018-19-Q1."),
    (["--area", "Norfolk", "--quarter", "2030-31-Q1"], "Norfolk has no plan covering 2030-31."),
    (["--area", "Norfolk", "--quarter", "2018-19-Q1", "--revision", "3"], "Norfolk has no version 3"),
])
def test_bad_input_exits_2_with_one_line(args, message):
    result = run("return", "show", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_top_risks_for_the_board_paper():
    result = run("risks", "top", "--area", "North East Lincolnshire", "--json")
    assert result.exit_code == 0, result.output
    assert [row["score"] for row in json.loads(result.stdout)] == [15, 12, 12, 9, 6]
