"""Plan on a page: one A4 landscape page for every demo plan (real PDFs), with the plan's themes,
funding by stream and metric ambitions."""

import pytest

from bettercare.plans.models import Plan

from .helpers import LEICESTERSHIRE, SHIPPED_FONTS, pdf_font_names, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db  # the test database is set up only for marked tests


@pytest.fixture(scope="module")
def pages(module_db, tmp_path_factory):
    from bettercare.reports.plan_page import build_plan_page, plan_page_html, plan_page_pdf

    folder = tmp_path_factory.mktemp("plan-pages")
    made = {}
    with module_db():
        for plan in Plan.objects.select_related("area", "period").order_by("id"):
            page = build_plan_page(plan)
            path = folder / f"plan-{plan.pk}.pdf"
            path.write_bytes(plan_page_pdf(page))
            made[(plan.area.gss_code, plan.period.code, plan.version)] = {
                "path": path, "page": page, "html": plan_page_html(page),
            }
    return made


def test_every_plan_fits_one_landscape_page(pages):
    assert len(pages) >= 4  # the seed scenarios' plans (the peer-review pack is a KPI set, not a plan)
    for key, made in pages.items():
        sizes = pdf_pages(made["path"])
        assert len(sizes) == 1, f"{key} runs to {len(sizes)} pages"
        assert sizes[0][0] > sizes[0][1], f"{key} is not landscape"


def test_leicestershire_themes_funding_and_ambitions(pages):
    made = pages[(LEICESTERSHIRE, "2017-19", 2)]
    words = " ".join(pdf_text(made["path"], layout=False).split())
    for theme in ("Unified Prevention Offer", "Integrated Housing Solutions", "Home First",
                  "Integrated Locality Teams (ILT)", "Integrated Commissioning", "Integrated Data"):
        assert theme in words
    assert "37,379" in words and "55,993" in words
    assert '<th scope="row">CCG minimum contribution</th><td class="num">37,379</td>' in made["html"]
    ambitions = {a.metric[:20]: (a.value, a.period) for a in made["page"].ambitions}
    assert ambitions == {
        # the re-based target, not the initial 67,879, with its rate in the metric's own unit
        "Total non-elective a": ("70,569 (850.34 per 100,000 per month)", "2018-19"),
        "Long-term support ne": ("890 (624.1 per 100,000)", "2018-19"),
        "Proportion of older ": ("87.0%", "2018-19"),
        "Delayed transfers of": ("7.88 per day per 100,000", "September 2018"),
    }
    assert "817.92" in words and "re-based: replaces the stated value 817.92" in made["html"]


def test_schemes_listed_under_their_theme_and_counted_beyond_the_limit(pages):
    norfolk = [m for (code, period, _), m in pages.items() if period == "2014-16"][0]["page"]
    listed = sum(len(t.schemes) for t in norfolk.themes) + (len(norfolk.unthemed.schemes) if norfolk.unthemed else 0)
    more = sum(t.more for t in norfolk.themes) + (norfolk.unthemed.more if norfolk.unthemed else 0)
    assert listed + more == norfolk.plan.schemes.count()
    assert all(len(t.schemes) <= 6 for t in norfolk.themes)
    assert norfolk.density.columns == 4 and norfolk.density.description_chars == 150  # 12 themes + 1 unthemed


def test_html_version_stands_alone(pages):
    html = pages[(LEICESTERSHIRE, "2017-19", 2)]["html"]
    assert '<html lang="en-GB">' in html and html.count("<h1>") == 1 and "<style>" in html
    assert "<link" not in html and "<script" not in html


def test_every_plan_is_set_in_the_shipped_fonts(pages):
    """The same PDF on every machine: the fonts embedded are the project's own (reports/fonts),
    whatever fonts the machine has."""
    for key, made in pages.items():
        used = pdf_font_names(made["path"])
        assert used and used <= SHIPPED_FONTS, f"{key} uses {used}"


def _enlarged(page, times: int):
    """``page`` with ``times`` as many themes, schemes and ambitions, and longer metric names."""
    from dataclasses import replace

    content = page.content
    themes = [
        replace(theme, name=f"{theme.name} (part {n + 1})", schemes=theme.schemes * times)
        for n in range(times)
        for theme in content.themes
    ]
    goals = [
        replace(a, metric=f"{a.metric}, measured across every partner organisation of the board (set {n + 1})")
        for n in range(times)
        for a in content.ambitions
    ]
    return replace(page, content=replace(content, themes=themes, ambitions=goals))


@pytest.mark.parametrize("times", [2, 6])
def test_a_larger_plan_still_fits_one_page(pages, tmp_path, times):
    """Twice the demo plans (more schemes, longer metric names) keeps its ambitions and themes on one
    page; six times as large is cut down with "and N more" rather than spilling."""
    from bettercare.reports.plan_page import fit_plan_page, plan_page_html

    for key in [(LEICESTERSHIRE, "2017-19", 2), *[k for k in pages if k[1] == "2014-16"]]:
        big = _enlarged(pages[key]["page"], times)
        fitted, document = fit_plan_page(big)
        path = tmp_path / f"big-{times}-{key[0]}.pdf"
        path.write_bytes(document.write_pdf())
        assert len(pdf_pages(path)) == 1, f"{key} × {times} runs over"
        html = plan_page_html(fitted)
        shown = len(fitted.themes) + (1 if fitted.unthemed else 0) + len(fitted.more_themes)
        assert shown == len(big.content.themes) + (1 if big.content.unthemed else 0)
        assert len(fitted.ambitions) + fitted.more_ambitions == len(big.content.ambitions)
        if fitted.more_themes:
            assert f"and {len(fitted.more_themes)} more theme" in html
        if fitted.more_ambitions:
            assert f"and {fitted.more_ambitions} more metric ambition" in html
    if times == 6:
        assert fitted.more_themes and fitted.level >= 4
