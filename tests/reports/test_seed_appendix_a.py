"""Leicestershire Q1 2018/19 (seed 004): ``metrics show`` and the board paper's Appendix A give the
figures of the HWB's own Appendix A, each in its metric's unit with its count beside it, rated by the
rule the HWB used, with the statistical comparison beside the rating, and numbered as the seed
numbers them. The expected figures are read from the seed document (``../shared/seeds``), not
written here; without ``../shared`` the tests skip."""

import json
import re

import pytest
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.reference.models import Area
from shared_dir import SEEDS, needs_seeds

from .helpers import LEICESTERSHIRE

pytestmark = [pytest.mark.django_db, needs_seeds]
SEED = SEEDS / "004_b8b94cc8d594130b.txt"
# Which catalogue metric each of the seed's Appendix A rows is (by words of its title).
METRIC_OF = {"Permanent admissions": "perm-admissions-65", "still at home 91": "reablement-91",
             "Delayed transfers": "dtoc-monthly", "non-elective": "nea"}
RAG = {"G": "green", "A": "amber", "R": "red"}


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_appendix_a() -> dict[str, dict]:
    """The seed's Appendix A rows by metric: number, target, latest data, RAG-rated data, RAG."""
    appendix = seed_text().split("Appendix A – Better Care Fund Metrics as at August 2018")[-1]
    rows = re.findall(r"METRIC (\d): (.*?)\n\s*([\d.]+%?) (n/a|[\d.]+) ([\d.]+%?) ([GAR])\s*\n", appendix, re.S)
    found = {}
    for number, title, target, latest, rated, rag in rows:
        flat = " ".join(title.split())
        code = next(code for words, code in METRIC_OF.items() if words.lower() in flat.lower())
        found[code] = {"number": int(number), "target": target, "latest": latest, "rated": rated, "rag": RAG[rag]}
    assert len(found) == 4, rows
    return found


def seed_number(pattern: str) -> float:
    """A figure the seed states in words, found by a pattern with one group."""
    match = re.search(pattern, " ".join(seed_text().split()))
    assert match, pattern
    return float(match.group(1).replace(",", ""))


def as_number(text: str) -> float:
    return float(text.rstrip("%"))


@pytest.fixture(scope="module")
def shown(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = CliRunner().invoke(app, ["metrics", "show", "--area", "Leicestershire", "--period", "2018-19",
                                          "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def headline(rows: list[dict], code: str) -> dict:
    found = [row for row in rows if row["metric"] == code and row["headline"] and not row["component"]
             and not row["locality"]]
    assert len(found) == 1, (code, found)
    return found[0]


def test_each_rated_figure_is_the_seeds_in_the_metrics_own_unit(shown):
    for code, seed in seed_appendix_a().items():
        row = headline(shown, code)
        places = len(seed["rated"].rstrip("%").partition(".")[2])
        assert round(row["value"], places) == as_number(seed["rated"]), (code, row["value"], seed)
        target_places = len(seed["target"].rstrip("%").partition(".")[2])
        assert round(row["target"], target_places) == as_number(seed["target"]), (code, row["target"], seed)
        assert row["rag"] == seed["rag"], (code, row["rating"], seed)
        assert row["metric_number"] == seed["number"], (code, seed)
        assert row["scale"] == "value" and row["unit"] != "count"


def test_counts_stand_beside_the_rates_where_the_seed_gives_both(shown):
    forecast = headline(shown, "perm-admissions-65")
    assert forecast["kind"] == "forecast"
    assert forecast["numerator"] == seed_number(r"full year forecast is ([\d,]+) admissions")
    assert forecast["target_numerator"] == seed_number(r"maximum of ([\d,]+) admissions")
    july = headline(shown, "nea")
    assert july["period"] == "2018-07"
    assert july["numerator"] == seed_number(r"For the month of July there has been ([\d,]+) non elective")
    assert july["target_numerator"] == seed_number(r"non elective admissions, against a target of ([\d,]+)")
    delays = headline(shown, "dtoc-monthly")
    assert delays["numerator"] == seed_number(r"In July there were ([\d,]+) days delayed")
    per_day = headline(shown, "dtoc")
    assert round(per_day["value"], 2) == seed_number(r"Performance at July 2018 [\d.]+ [\d.]+ [\d.]+ ([\d.]+)")
    assert per_day["unit"] == "per day per 100,000" and per_day["metric_number"] == 3


def test_each_rating_is_the_hwbs_with_the_statistics_beside_it(shown):
    permanent = headline(shown, "perm-admissions-65")
    assert (permanent["comparison"], permanent["rag"]) == ("similar", "amber")
    assert permanent["rating"] == "Amber by the HWB's rule; statistically similar to the target"
    assert permanent["lower"] < permanent["target"] < permanent["upper"]
    # non-elective admissions: at or below the target is green, though statistically similar (seed's rule)
    july = headline(shown, "nea")
    assert (july["comparison"], july["rag"]) == ("similar", "green")
    assert july["rating"] == "Green by the HWB's rule; statistically similar to the target"
    assert july["rag_rule"] == "green at or below the target, red above it"
    delays = headline(shown, "dtoc-monthly")
    assert (delays["comparison"], delays["rag"]) == ("better", "green")
    for row in shown:
        assert "=" not in row["rag_rule"] and "significance (" not in row["rag_rule"], row["rag_rule"]


def test_stated_figures_without_a_count_are_carried_and_say_so(shown):
    for code in ("perm-admissions-65", "nea"):
        latest = as_number(seed_appendix_a()[code]["latest"])
        rows = [row for row in shown if row["metric"] == code and row["kind"] == "actual"
                and row["stated_value"] == latest]
        assert len(rows) == 1, (code, latest)
        assert rows[0]["numerator"] is None and rows[0]["value"] == latest
        assert "Latest Data" in rows[0]["source"]


@pytest.fixture(scope="module")
def appendix(module_db):
    from bettercare.reports.paper import build_paper, paper_html

    with module_db():
        html = paper_html(build_paper(Area.objects.get(gss_code=LEICESTERSHIRE), "2018-19-Q1"))
    section = html.split('id="appendix-a"')[1].split("</section>")[0]
    return section


def cell(row_html: str, name: str) -> str:
    match = re.search(rf'data-cell="{name}">(.*?)</td>', row_html, re.S)
    assert match, name
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()[0]


def test_appendix_a_has_the_seeds_columns_numbering_and_figures(appendix):
    headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", appendix)]
    assert headers == ["Metric", "Target", "Latest data", "RAG-rated data", "Data RAG", "Trend", "Aim / polarity",
                       "DOT", "Commentary"]
    rows = dict(re.findall(r'<tr data-metric="([\w-]+)">(.*?)</tr>', appendix, re.S))
    seed = seed_appendix_a()
    numbers = [int(n) for n in re.findall(r'<tr data-metric="[\w-]+">\s*<th scope="row">Metric (\d+):', appendix)]
    assert numbers == sorted(s["number"] for s in seed.values())
    for code, expected in seed.items():
        row = rows[code]
        assert f"Metric {expected['number']}:" in row
        assert cell(row, "target") == expected["target"], code
        assert cell(row, "latest") == expected["latest"], code
        assert cell(row, "rated") == expected["rated"], code
        assert cell(row, "rag") == expected["rag"].capitalize(), code
    assert "count 927" in rows["perm-admissions-65"] and "count 890" in rows["perm-admissions-65"]
    assert "Green by the HWB&#x27;s rule; statistically similar to the target" in rows["nea"]
    assert "stated figure, no count given" in rows["nea"]
    assert "better=green" not in appendix and "confidence=" not in appendix
