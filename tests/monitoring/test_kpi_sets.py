"""The LGA peer-review pack (seed 002) is a KPI set linked to Norfolk, not a plan version: its KPI
table's figures and family-group averages are the seed's own, and the HWB's pages show it in words."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from bettercare.monitoring.kpi_sets import sections
from bettercare.monitoring.models import KpiSet
from bettercare.plans.models import Plan
from bettercare.scenarios import SCENARIO_DIR, ScenarioError
from bettercare.scenarios.loader import ScenarioLoader
from leak_scan import leaks, visible_text
from shared_dir import SEEDS, needs_seeds

pytestmark = pytest.mark.django_db
NORFOLK = "E10000020"
COLUMNS = {2: "2018-19", 3: "2017-18", 4: "2016-17"}  # Current Result, 2017/18 Result, 2016/17 Result


def pack() -> KpiSet:
    return KpiSet.objects.get(scenario="norfolk-peer-review-2018")


def test_the_pack_is_a_kpi_set_of_norfolk_and_no_plan():
    kpi_set = pack()
    assert (kpi_set.area.gss_code, kpi_set.kind, kpi_set.written_on) == (NORFOLK, "peer_review", "September 2018")
    assert not Plan.objects.filter(scenario="norfolk-peer-review-2018").exists()
    assert sorted(Plan.objects.filter(area__gss_code=NORFOLK).values_list("period__code", "version")) == [
        ("2014-16", 1), ("2017-19", 1)]
    assert kpi_set.kpis.count() == 90
    assert {section.title for section in sections(kpi_set)} == {
        "Key performance indicators", "Promoting Independence", "CQC ratings", "Workforce"}


@needs_seeds
def test_kpi_table_figures_and_family_group_averages_are_the_seeds():
    """Read seed 002's KPI table independently: every figure of a numbered row is the KPI of that
    line and period, with the row's Latest Family Group Average as its comparator."""
    by_line: dict[int, list] = {}
    for kpi in pack().kpis.all():
        if match := re.search(r"KPI table line (\d+),", kpi.source):
            by_line.setdefault(int(match[1]), []).append(kpi)
    checked = 0
    for line in (SEEDS / "002_b5a596e42c6ef703.txt").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) != 6 or not cells[0].isdigit() or int(cells[0]) not in by_line:
            continue
        kpis = {kpi.period: kpi for kpi in by_line[int(cells[0])]}
        average = cells[5].strip().rstrip("%").replace(",", "")
        for column, period in COLUMNS.items():
            figure = cells[column].strip().rstrip("%").replace(",", "")
            if figure in ("-", ""):
                assert period not in kpis
                continue
            assert kpis[period].value == Decimal(figure), (cells[1], period)
            if average not in ("-", ""):
                assert kpis[period].comparator_value == Decimal(average)
                assert kpis[period].comparator_label == "Family group average"
            checked += 1
    assert checked >= 40


def test_hwb_page_links_the_pack_and_its_page_shows_figures_in_words(client):
    client.force_login(get_user_model().objects.get(username="norfolk.editor"))
    area_html = client.get(f"/hwb/{NORFOLK}/").content.decode()
    kpi_set = pack()
    assert f'href="/hwb/{NORFOLK}/kpi-sets/{kpi_set.pk}/"' in area_html
    assert "Peer-review pack, September 2018: 90 indicator figures" in area_html
    assert "version 2" not in area_html
    response = client.get(f"/hwb/{NORFOLK}/kpi-sets/{kpi_set.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Adults (18+) receiving direct payments" in html and "28.8%" in html
    assert "Family group average: 33%" in html
    assert "KPI table line 8, column 2017/18 Result" in html  # where, in words, without the paper's number
    assert "Norfolk system summary for the LGA peer review (September 2018)" in html
    assert not leaks(visible_text(html))


def test_another_hwbs_user_cannot_read_the_pack(client):
    client.force_login(get_user_model().objects.get(username="nel.viewer"))
    assert client.get(f"/hwb/{NORFOLK}/kpi-sets/{pack().pk}/").status_code == 403


def test_a_kpi_set_scenario_with_plan_sections_is_refused(tmp_path):
    text = (SCENARIO_DIR / "norfolk-peer-review-2018.yaml").read_text(encoding="utf-8")
    text = text.replace("id: norfolk-peer-review-2018", "id: pack") + "risks:\n  - {ref: R1, title: x, source: x}\n"
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"pack.yaml: risks: a KPI set is not a plan and has no risks"):
        ScenarioLoader("pack", tmp_path).load()
