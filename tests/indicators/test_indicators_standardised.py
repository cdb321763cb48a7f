"""DSR (independent and non-independent events) and ISR against PHEindicatormethods' figures,
read at run time from shared/fixtures/reference/phe (or BETTERCARE_REFERENCE_DIR)."""

from __future__ import annotations

import csv
import math
from decimal import Decimal

import numpy as np
import pytest

from bettercare.indicators import ESP2013, ESP2013_AGE_BANDS, EstimateArray, dsr, dsr_non_independent, israte, isratio
from shared_dir import reference_dir

REFERENCE = reference_dir()  # skips this module without ../shared


def read(name: str) -> list[dict[str, str]]:
    path = REFERENCE / "phe" / name
    if not path.exists():
        raise FileNotFoundError(f"reference fixture {path} not found; set BETTERCARE_REFERENCE_DIR")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def close(got: float | None, expected_text: str) -> bool:
    """Within 1e-9 relative, or within the printed precision of the expected figure."""
    if got is None:
        return False
    exponent = Decimal(expected_text).as_tuple().exponent
    printed = 0.51 * 10.0 ** int(exponent) if isinstance(exponent, int) and exponent < 0 else 0.0
    return math.isclose(got, float(expected_text), rel_tol=1e-9, abs_tol=printed)


def nan_or(text: str) -> float:
    return float("nan") if text == "" else float(text)


def _by_area(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        out.setdefault(r["area"], []).append(r)
    return out


DSR_INPUT = _by_area(read("dsr_input.csv"))
NONIND_INPUT = _by_area(read("dsr_nonindependent_input.csv"))
DSR_EXPECTED = read("dsr_expected.csv")


def test_esp2013_is_bundled() -> None:
    assert len(ESP2013) == 19 and sum(ESP2013) == 100_000
    assert ESP2013_AGE_BANDS[0] == "0-4" and ESP2013_AGE_BANDS[-1] == "90+"
    esp_rows = [rows for rows in DSR_INPUT.values() if rows[0]["stdpop_name"] == "esp2013"]
    assert esp_rows
    for rows in esp_rows:
        assert [float(r["stdpop"]) for r in rows] == list(ESP2013)


def _nonind_estimate(area: str, multiplier: float, confidence: float):  # type: ignore[no-untyped-def]
    rows = NONIND_INPUT[area]
    bands = list(dict.fromkeys(r["ageband"] for r in rows))
    pops = {r["ageband"]: float(r["pop"]) for r in rows}
    stdpop = {r["ageband"]: float(r["stdpop"]) for r in rows}
    persons: dict[float, list[float]] = {}
    for f in dict.fromkeys(float(r["eventfreq"]) for r in rows):
        by_band = {r["ageband"]: nan_or(r["persons"]) for r in rows if float(r["eventfreq"]) == f}
        persons[f] = [by_band.get(b, float("nan")) for b in bands]
    return dsr_non_independent(persons, [pops[b] for b in bands], [stdpop[b] for b in bands], multiplier, confidence)


@pytest.mark.parametrize("row", DSR_EXPECTED, ids=lambda r: f"{r['area']}-{r['multiplier']}-{r['confidence']}")
def test_dsr(row: dict[str, str]) -> None:
    mult, conf = float(row["multiplier"]), float(row["confidence"])
    if row["independent_events"] == "True":
        rows = DSR_INPUT[row["area"]]
        est = dsr(
            [nan_or(r["count"]) for r in rows],
            [float(r["pop"]) for r in rows],
            [float(r["stdpop"]) for r in rows],
            mult,
            conf,
        )
    else:
        est = _nonind_estimate(row["area"], mult, conf)
    assert est.numerator == float(row["expected_total_count"])
    assert est.denominator == float(row["expected_total_pop"])
    assert est.method == row["expected_method"]
    if row["expected_value"] == "":
        assert not est.computable and est.value is None and "count < 10" in (est.reason or "")
        return
    assert est.computable
    assert close(est.value, row["expected_value"])
    if row["expected_lower"] != "":  # blank only where the source sheet is known to be wrong (README)
        assert close(est.lower, row["expected_lower"])
        assert close(est.upper, row["expected_upper"])


def test_dsr_many_areas_at_once() -> None:
    areas = [a for a, rows in DSR_INPUT.items() if rows[0]["stdpop_name"] == "esp2013"]
    counts = [[nan_or(r["count"]) for r in DSR_INPUT[a]] for a in areas]
    pops = [[float(r["pop"]) for r in DSR_INPUT[a]] for a in areas]
    out = dsr(counts, pops, ESP2013, 100_000, 0.95)
    assert isinstance(out, EstimateArray)
    for i in range(len(areas)):
        single = dsr(counts[i], pops[i], ESP2013, 100_000, 0.95)
        assert out[i].computable == single.computable
        if single.computable:
            assert out.value[i] == pytest.approx(single.value, rel=1e-12)
            assert out.lower[i] == pytest.approx(single.lower, rel=1e-12)
        else:
            assert np.isnan(out.value[i]) and out.reason[i] == single.reason


def test_dsr_input_problems() -> None:
    with pytest.raises(ValueError, match="same age bands"):
        dsr([1, 2], [10, 20, 30], [1, 1, 1])
    with pytest.raises(ValueError, match="zero or more"):
        dsr([-1] + [10] * 18, [100] * 19)
    zero_pop = dsr([10] * 19, [100] * 18 + [0])
    assert not zero_pop.computable and "zero" in (zero_pop.reason or "")


ISR_INPUT = read("isr_input.csv")
ISR_EXPECTED = read("isr_expected.csv")


@pytest.mark.parametrize(
    "row", ISR_EXPECTED, ids=lambda r: f"{r['input_set']}-{r['area']}-{r['statistic']}-{r['multiplier_or_refvalue']}"
)
def test_isr(row: dict[str, str]) -> None:
    rows = [r for r in ISR_INPUT if r["input_set"] == row["input_set"] and r["area"] == row["area"]]
    assert rows
    args = (
        [nan_or(r["count"]) for r in rows],
        [nan_or(r["pop"]) for r in rows],
        [nan_or(r["refcount"]) for r in rows],
        [nan_or(r["refpop"]) for r in rows],
    )
    scale, conf = float(row["multiplier_or_refvalue"]), float(row["confidence"])
    est = (
        isratio(*args, refvalue=scale, confidence=conf)
        if row["statistic"] == "isratio"
        else israte(*args, multiplier=scale, confidence=conf)
    )
    assert est.numerator == float(row["expected_observed"])
    assert close(est.denominator, row["expected_expected"])
    if row["expected_ref_rate"]:
        assert close(est.details["ref_rate"], row["expected_ref_rate"])
    assert est.method == row["expected_method"]
    assert close(est.value, row["expected_value"])
    assert close(est.lower, row["expected_lower"])
    assert close(est.upper, row["expected_upper"])


def test_isr_accepts_a_total_observed_count() -> None:
    rows = [r for r in ISR_INPUT if r["input_set"] == "multiarea" and r["area"] == "testdata_big"]
    per_band = isratio(
        [float(r["count"]) for r in rows],
        [float(r["pop"]) for r in rows],
        [float(r["refcount"]) for r in rows],
        [float(r["refpop"]) for r in rows],
    )
    total = isratio(
        sum(float(r["count"]) for r in rows),
        [float(r["pop"]) for r in rows],
        [float(r["refcount"]) for r in rows],
        [float(r["refpop"]) for r in rows],
    )
    assert total.value == pytest.approx(per_band.value, rel=1e-15)
