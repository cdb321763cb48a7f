"""Documents laid out once per content (``reports.kept``): an unchanged plan on a page, board paper or
chart is served from the cache without WeasyPrint or vl-convert; any change of its content lays it
out again. Layouts are counted by wrapping the real renderers (they still run)."""

from dataclasses import replace

import pytest
from django.test import override_settings

from bettercare.reference.models import Area
from bettercare.reports import images, kept, plan_page

from .helpers import LEICESTERSHIRE, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def layouts(monkeypatch):
    """The number of WeasyPrint layouts made so far, as a one-item list."""
    count = [0]
    real = plan_page.render

    def counted(html):
        count[0] += 1
        return real(html)

    monkeypatch.setattr(plan_page, "render", counted)
    return count


def test_an_unchanged_plan_on_a_page_is_laid_out_once(layouts, tmp_path):
    page = plan_page.build_plan_page(plan_page.choose_plan(Area.objects.get(gss_code=LEICESTERSHIRE)))
    first = plan_page.plan_page_pdf(page)
    made = layouts[0]
    assert made >= 1
    assert plan_page.plan_page_pdf(page) == first
    assert layouts[0] == made  # nothing laid out the second time

    changed = replace(page, vision="Joined-up care closer to home, checked again")
    again = plan_page.plan_page_pdf(changed)
    assert layouts[0] > made
    path = tmp_path / "changed.pdf"
    path.write_bytes(again)
    assert "checked again" in pdf_text(path, layout=False)


def test_a_paper_asked_for_again_is_the_one_first_laid_out(layouts, tmp_path):
    from bettercare.reports.paper import build_paper, paper_pdf

    built = build_paper(Area.objects.get(gss_code=LEICESTERSHIRE), "2018-19-Q1")
    first = paper_pdf(replace(built, generated_at="30 November 2026 at 09:15"))
    made = layouts[0]
    later = paper_pdf(replace(built, generated_at="30 November 2026 at 16:40"))
    assert layouts[0] == made
    assert later == first
    path = tmp_path / "paper.pdf"
    path.write_bytes(later)
    text = pdf_text(path, layout=False)
    assert "Produced by bettercare on 30 November 2026 at 09:15" in text  # when it was laid out

    retitled = paper_pdf(replace(built, title="Better Care Fund: second quarter report"))
    assert layouts[0] > made
    assert retitled != first


def test_a_chart_is_drawn_once_per_spec(monkeypatch):
    drawn = []
    real = images.draw
    monkeypatch.setattr(images, "draw", lambda spec: drawn.append(spec) or real(spec))
    spec = {"data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 3}]}, "mark": "line",
            "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}
    svg = images.to_svg(spec)
    assert svg.startswith("<svg") and images.to_svg(dict(spec)) == svg
    assert len(drawn) == 1
    images.to_svg({**spec, "mark": "point"})
    assert len(drawn) == 2


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                       "LOCATION": "no_such_cache_table"}})
def test_without_the_cache_table_every_document_is_made():
    made = []
    for _ in range(2):
        assert kept.kept("test", "<p>same</p>", lambda: made.append(1) or b"%PDF") == b"%PDF"
    assert len(made) == 2
    assert Area.objects.filter(gss_code=LEICESTERSHIRE).exists()  # the transaction is still usable


def test_the_key_names_the_kind_and_changes_with_the_content():
    key = kept.content_key("paper-pdf", "<p>a</p>")
    assert key.startswith("bettercare:kept:paper-pdf:")
    assert " " not in key  # portable to any cache backend
    assert key == kept.content_key("paper-pdf", "<p>a</p>")
    assert key != kept.content_key("paper-pdf", "<p>b</p>")
    assert key != kept.content_key("plan-page-pdf", "<p>a</p>")
