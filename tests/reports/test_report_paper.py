"""The Leicestershire 2018/19 Q1 board paper, generated once from the scenario (seed 004) as HTML
and as a real WeasyPrint PDF, checked against the seed's own figures with pdftotext and rendered
to PNG with pdftoppm."""

import re
import subprocess
from datetime import date

import pytest
from PIL import Image

from bettercare.monitoring.models import MetricCommentary
from bettercare.reference.models import Area, Metric

from .helpers import LEICESTERSHIRE, SHIPPED_FONTS, pdf_font_names, pdf_pages, pdf_text, squeeze

pytestmark = pytest.mark.django_db  # the test database is set up only for marked tests
COMMENTARY = "The RAG-rated data shows the August forecast for 2018/19, based on CPLIs."


@pytest.fixture(scope="module")
def paper(module_db, tmp_path_factory):
    from bettercare.reports.paper import build_paper, paper_html, paper_pdf

    with module_db():
        area = Area.objects.get(gss_code=LEICESTERSHIRE)
        metric = Metric.objects.get(code="perm-admissions-65", period__code="2017-19", area=None)
        MetricCommentary.objects.create(area=area, metric=metric, period="2018-19", text=COMMENTARY)
        built = build_paper(area, "2018-19-Q1")
        html = paper_html(built)
        pdf = paper_pdf(built)
    folder = tmp_path_factory.mktemp("paper")
    path = folder / "paper.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)
    return {"paper": built, "html": html, "path": path, "folder": folder, "text": text, "flat": squeeze(text)}


def test_income_table_by_partner_and_stream_totals_55993k(paper):
    flat = paper["flat"]
    assert "WLCCG ELRCCG LCC/DC Total" in flat
    assert "CCG minimum contribution 21,240 16,139 – 37,379" in flat
    assert "CCG additional contribution 1,367 1,196 – 2,563" in flat
    assert "Disabled Facilities Grant – – 3,632 3,632" in flat
    assert "Improved BCF - Autumn 2015 – – 5,582 5,582" in flat
    assert "Improved BCF - Spring 2017 – – 6,837 6,837" in flat
    assert "Total funding 22,607 17,335 16,051 55,993" in flat


def test_forecast_outturn_against_budget(paper):
    flat = paper["flat"]
    assert "forecast outturn position for 2018-19 at 2018-19-Q1 is £55.4m against a budget of £55.993m" in " ".join(
        flat.split())
    assert re.search(r"Total 55,993 – 55,400 −593 −1\.1% Green", flat)


def test_four_metrics_with_targets_latest_values_and_rag(paper):
    sections = {m.result.metric.code: m for m in paper["paper"].metrics}
    # numbered as the plan (and seed 004's Appendix A) numbers them; DToC per day folds into Metric 3
    assert list(sections) == ["perm-admissions-65", "reablement-91", "dtoc-monthly", "nea"]
    assert [m.number for m in paper["paper"].metrics] == [1, 2, 3, 4]
    expected = {  # code: (RAG-rated value, target, RAG) as in seed 004 Appendix A
        "perm-admissions-65": ("650.1", "624.1", "amber"),
        "reablement-91": ("93.2%", "87.0%", "green"),
        "dtoc-monthly": ("179.91", "244.38", "green"),
        "nea": ("818.63", "832.57", "green"),
    }
    assert {code: (s.headline_value, s.target_value, s.rag) for code, s in sections.items()} == expected
    words = " ".join(paper["flat"].split())
    assert ("The year-end forecast for 2018-19 is 650.1 (count 927) against a target of 624.1 (count 890) "
            "(37 above the target in count). Amber by the HWB's rule; statistically similar to the target") in words
    assert "5.80 per day per 100,000, July 2018, against 7.88" in words


def test_dtoc_table_by_attribution(paper):
    flat = paper["flat"]
    assert "Period NHS Social care Joint (both) Total" in flat
    for row in (
        "Target for September 2018 5.50 1.25 1.13 7.88",
        "Performance at April 2018 5.30 0.34 0.40 6.04",
        "Performance at May 2018 4.31 0.24 0.17 4.72",
        "Performance at June 2018 4.57 0.55 0.39 5.51",
        "Performance at July 2018 5.13 0.50 0.17 5.80",
    ):
        assert row in flat
    assert "the parts add to" not in flat  # the seed's parts add up to its totals


def test_appendix_a_row_per_metric_with_comparison_polarity_and_commentary(paper):
    html = paper["html"]
    appendix = html.split('id="appendix-a-table"')[1].split("</table>")[0]
    assert appendix.count("<tr data-metric=") == 4
    perm = appendix.split('data-metric="perm-admissions-65"')[1].split("</tr>")[0]
    assert "statistically similar to the target" in perm and "Amber" in perm
    assert "Good performance is represented by a fall in the figures" in perm and COMMENTARY in perm
    reablement = appendix.split('data-metric="reablement-91"')[1].split("</tr>")[0]
    assert "rise in the figures" in reablement and "No commentary recorded." in reablement


def test_masthead_contents_page_numbers_date_and_house_style(paper):
    text, pages = paper["text"], len(pdf_pages(paper["path"]))
    assert "HEALTH AND WELLBEING BOARD: 27 SEPTEMBER 2018" in text  # meeting date from the house style
    assert "REPORT OF THE DIRECTOR OF HEALTH AND CARE INTEGRATION" in text
    assert "Leicestershire County Council" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    contents = squeeze(text).split("Contents")[1].split("Purpose of the report\n")[0]
    assert re.search(r"Appendix A: Better Care Fund metrics \.+ ?\d+", contents)
    assert paper["paper"].meeting_date == date(2018, 9, 27)


def test_recommendation_counts_ratings_from_the_data(paper):
    words = " ".join(paper["flat"].split())
    assert "current performance across the BCF metrics (three rated green and one amber)" in words


def test_hicm_risks_and_progress_by_theme(paper):
    words = " ".join(paper["flat"].split())
    assert "0 of 8 changes at Established or better (8 not rated)" in words
    assert "R1: Developing the Home First entry point ready for October 2018" in words
    assert "cannot be ranked" in words
    themes = [t.name for t in paper["paper"].themes]
    assert themes[:3] == ["Unified Prevention Offer", "Integrated Housing Solutions", "Home First"]
    home_first = paper["paper"].themes[2]
    assert [a.ref for a in home_first.actions] == ["HF-1", "HF-2"]


def test_every_page_renders_to_png_and_appendices_are_landscape(paper):
    folder = paper["folder"]
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(paper["path"]), str(folder / "page")], check=True)
    images = sorted(folder.glob("page-*.png"))
    sizes = pdf_pages(paper["path"])
    assert len(images) == len(sizes) >= 8
    for image in images:
        darkest, _ = Image.open(image).convert("L").getextrema()
        assert darkest < 100, f"{image.name} is blank"
    assert sizes[0][0] < sizes[0][1]  # A4 portrait body
    assert sizes[-1][0] > sizes[-1][1]  # Appendix B plan on a page, A4 landscape


def test_html_is_accessible_by_construction(paper):
    html = paper["html"]
    assert '<html lang="en-GB">' in html and html.count("<h1>") == 1
    images = re.findall(r"<img [^>]*>", html)
    assert images and all(re.search(r'alt="[^"]+"', tag) for tag in images)
    assert html.count("<table") == html.count("<caption")
    assert 'src="data:image/svg+xml;base64,' in html  # charts embedded as SVG, same spec as the web pages


def test_set_in_the_shipped_fonts_charts_included(paper):
    """Text and the charts' SVG text are set in the project's fonts, not the machine's."""
    used = pdf_font_names(paper["path"])
    assert used and used <= SHIPPED_FONTS, used


def test_table_headings_are_never_split_mid_word(paper):
    """No column heading's word is split across lines ("Forecas t", "Commenta ry"): every heading
    word appears whole in the PDF's text, and no piece of one appears as a word of its own."""

    def words_of(text: str) -> set[str]:  # a break after a hyphen is a proper break: hyphens dropped
        return set(re.findall(r"[A-Za-z]{3,}", text.replace("-", "")))

    printed = words_of(pdf_text(paper["path"], layout=False))
    written = words_of(re.sub(r"<[^>]+>", " ", paper["html"]))
    headings = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', paper["html"], flags=re.S)
    assert len(headings) > 20
    for word in words_of(" ".join(re.sub(r"<[^>]+>", " ", h) for h in headings)):
        assert word in printed, f"heading word {word!r} is missing from the PDF"
        pieces = {word[:k] for k in range(3, len(word))} | {word[k:] for k in range(1, len(word) - 2)}
        split = {p for p in pieces if p in printed and p not in written}
        assert not split, f"heading word {word!r} is split: {split}"


def test_delayed_days_counts_are_not_shown_as_rates():
    """Norfolk's 2017-18 Q4 source gives January and February 2018 as delayed days (counts) beside
    the year's rate per day per 100,000 (000 para 2.10.5, 002 KPI table line 18): the table marks
    those rows as counts in whole days, and the chart, whose axis is the rate, leaves them out."""
    from bettercare.monitoring.charts import attribution_chart
    from bettercare.monitoring.results import metric_results
    from bettercare.reports.paper.metrics import attribution_table

    norfolk = Area.objects.get(gss_code="E10000020")
    result = next(r for r in metric_results(norfolk, "2017-18", ["dtoc"]) if not r.locality)
    rows = {row["label"]: row["cells"] for row in attribution_table(result).rows}
    assert rows["Performance at 2017-18"] == ["3.70", "–"]
    assert rows["Performance at January 2018 (count, not a rate)"] == ["1,078", "–"]
    assert rows["Performance at February 2018 (count, not a rate)"] == ["890", "2,242"]
    charted = attribution_chart(result)["data"]["values"]
    assert [(row["period"], round(row["value"], 2)) for row in charted] == [("2017-18", 3.70)]
