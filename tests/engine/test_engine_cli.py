"""`bettercare engine ...` end to end through typer's CliRunner: synth -> ingest -> compute -> views."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from bettercare.engine.cli import app

from .conftest import HAND

runner = CliRunner()


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def _refused(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory, monkeypatch_module):
    root = tmp_path_factory.mktemp("cli")
    raw, ingested = root / "raw", root / "ingested"
    _ok(["synth", "--rows", "3000", "--seed", "11", "--out", str(raw), "--start", "2017-04", "--months", "24",
         "--area", "E10000020", "--area", "E06000012"])
    _ok(["ingest", str(raw), "--out", str(ingested)])
    return root


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BETTERCARE_PSEUDONYM_KEY", "cli-test-key-0123456789abcdef")
        yield patch


def test_synth_ingest_compute_end_to_end(pipeline):
    raw, ingested = pipeline / "raw", pipeline / "ingested"
    assert (raw / "admissions.csv").is_file() and (raw / "manifest.json").is_file()
    assert (ingested / "admissions.parquet").is_file() and (ingested / "manifest.json").is_file()
    out = pipeline / "actuals.csv"
    output = _ok(["compute", "--input", str(ingested), "--out", str(out)])
    assert "rows (monitoring layout)" in output and "as at 2019-03-31" in output
    table = pd.read_csv(out, dtype={"locality_code": str}, keep_default_na=False)
    assert list(table.columns) == ["area_code", "locality_code", "metric", "period", "component", "numerator",
                                   "denominator", "standard_weight", "policy_period", "as_at"]
    # months April 2017 - March 2019 are policy period 2017-19: its metrics, per HWB and locality
    assert set(table["policy_period"]) == {"2017-19"}
    assert {"nea", "perm-admissions-65", "reablement-91", "dtoc"} <= set(table["metric"])
    assert set(table["area_code"]) == {"E10000020", "E06000012"}
    assert {"", "06V", "06W", "06Y", "06M", "07J", "03H"} <= set(table["locality_code"])
    assert set(table["as_at"]) == {"2019-03-31"}
    assert not table.duplicated(["area_code", "locality_code", "metric", "period", "component"]).any()


def test_compute_full_layout_parquet_and_filters(pipeline):
    out = pipeline / "full.parquet"
    _ok(["compute", "--input", str(pipeline / "ingested"), "--out", str(out), "--layout", "full",
         "--area", "E06000012", "--period", "2023-25"])
    table = pd.read_parquet(out)
    assert set(table["area_code"]) == {"E06000012"} and set(table["policy_period"]) == {"2023-25"}
    assert {"age:90+", "total"} <= set(table["component"])
    assert set(table["period"]) >= {"2017-04", "2019-03"}  # every month of the extract in the full layout


def test_compute_publish_applies_disclosure_control(pipeline):
    out = pipeline / "published.csv"
    output = _ok(["compute", "--input", str(pipeline / "ingested"), "--out", str(out), "--publish"])
    assert "disclosure control applied" in output
    table = pd.read_csv(out)
    numerators = table["numerator"].dropna()
    assert numerators.mod(5).eq(0).all() and not numerators.between(1, 7).any()
    assert table["numerator"].isna().any() and {"suppressed", "sdc_rule"} <= set(table.columns)


def test_views_from_the_cli(pipeline):
    homes, risk = pipeline / "homes.csv", pipeline / "risk.csv"
    _ok(["care-homes", "--input", str(pipeline / "ingested"), "--out", str(homes)])
    _ok(["risk", "--input", str(pipeline / "ingested"), "--out", str(risk), "--publish"])
    assert {"2017-18", "2018-19"} == set(pd.read_csv(homes)["financial_year"])
    published = pd.read_csv(risk)
    assert "person_id" not in published.columns and set(published["tier"]) >= {"very_high", "all"}


def test_schemas_command():
    output = _ok(["schemas"])
    assert "### admissions (v1)" in output and "`nhs_number`" in output


def test_bad_extract_is_one_line_with_exit_code_2(tmp_path, monkeypatch):
    monkeypatch.setenv("BETTERCARE_PSEUDONYM_KEY", "cli-test-key-0123456789abcdef")
    for name in ("admissions", "populations", "localities"):
        shutil.copy(HAND / f"{name}.csv", tmp_path / f"{name}.csv")
    lines = (tmp_path / "admissions.csv").read_text().splitlines()
    lines[6] = lines[6].replace("9990000069", "9990000068")
    (tmp_path / "admissions.csv").write_text("\n".join(lines) + "\n")
    error = _refused(["ingest", str(tmp_path)])
    assert error == ("Error: admissions.csv row 7, column nhs_number: fails the modulus 11 check digit "
                     "(rule: NHS number modulus 11 check digit)")
    assert "9990000068" not in error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compute", "--input", "{tmp}", "--out", "{tmp}/x.csv"], "no ingested extracts here"),
        (["compute", "--input", "{tmp}", "--out", "{tmp}/x.xlsx"], "must end in .csv or .parquet"),
        (["compute", "--input", "{tmp}", "--out", "{tmp}/x.csv", "--layout", "wide"], "--layout 'wide'"),
        (["compute", "--input", "{tmp}", "--out", "{tmp}/x.csv", "--period", "1999-00"], "unknown policy period"),
        (["ingest", "{tmp}/missing"], "no such folder"),
        (["synth", "--out", "{tmp}/s", "--area", "E99999999"], "not an HWB"),
        (["risk", "--input", "{tmp}", "--out", "{tmp}/r.csv"], "no ingested extracts here"),
    ],
)
def test_bad_input_messages(tmp_path, args, message):
    error = _refused([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert message in error


def test_no_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("BETTERCARE_PSEUDONYM_KEY", raising=False)
    shutil.copy(HAND / "populations.csv", tmp_path / "populations.csv")
    assert "no pseudonymisation key" in _refused(["ingest", str(tmp_path)])


def test_engine_is_mounted_on_the_bettercare_command():
    from bettercare.cli import app as main

    result = runner.invoke(main, ["engine", "--help"])
    assert result.exit_code == 0 and "synth" in result.output and "compute" in result.output
