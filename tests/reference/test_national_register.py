"""The national area register: 151 HWBs of the 2022-23 BCF list with their regions, ICBs, boundary
vintage and mid-2020 populations, loaded into the reference tables (idempotently, keeping what is there)."""

from datetime import date

import pytest

from bettercare.catalogue.area_vintages import boundary_changes, icb_links, in_force, predecessors
from bettercare.catalogue.national_areas import national_areas
from bettercare.reference.models import Area, AreaIcb, AreaRegistration, BoundaryChange, Organisation, Population
from bettercare.reference.national_register import load_national_register


def test_every_listed_hwb_has_one_main_icb_among_the_42():
    links = icb_links()
    listed = {a.gss_code for a in national_areas()}
    mains = [link.gss_code for link in links if link.main]
    assert sorted(mains) == sorted(set(mains)) and listed <= set(mains)
    assert len({link.icb_ods_code for link in links}) == 42
    assert all(link.icb_gss_code.startswith("E54") for link in links)
    assert {link.icb_ods_code for link in links if link.gss_code == "E10000012"} == {"QH8", "QM7", "QJG"}  # Essex
    assert [link.icb_ods_code for link in links if link.gss_code == "E10000020"] == ["QMM"]  # Norfolk


def test_boundary_changes_link_the_2021_and_2023_successors():
    northants = predecessors("E06000061")
    assert [(c.predecessor_code, c.effective, c.change) for c in northants] == [
        ("E10000021", date(2021, 4, 1), "split")]
    assert {c.successor_code for c in boundary_changes() if c.predecessor_code == "E10000006"} == {
        "E06000063", "E06000064"}
    assert [(c.predecessor_code, c.change) for c in predecessors("E06000065")] == [("E10000023", "recode")]
    assert {c.predecessor_code for c in predecessors("E06000058")} == {"E06000028", "E06000029", "E10000009"}
    assert in_force("E10000021", date(2021, 3, 31)) and not in_force("E10000021", date(2021, 4, 1))
    assert in_force("E06000062", date(2021, 4, 1)) and not in_force("E06000062", date(2021, 3, 31))
    assert in_force("E10000020", date(2015, 1, 1))  # Norfolk: no change


def test_join_rule_joins_rates_across_a_split_and_splits_counts():
    split = predecessors("E06000061")[0]
    assert split.join_rule("rate") == "joined" and split.join_rule("count") == "split"
    assert "whole of Northamptonshire (E10000021), a larger area" in split.note("rate")
    recode = predecessors("E06000066")[0]
    assert recode.join_rule("count") == "joined" and "the same area" in recode.note("count")


@pytest.mark.django_db
def test_register_loads_once_and_keeps_existing_names_and_populations():
    norfolk = Area.objects.get(gss_code="E10000020")
    before = {(p.financial_year, p.age_band): p.population for p in Population.objects.filter(area=norfolk)}
    first = load_national_register()
    assert AreaRegistration.objects.filter(in_bcf_list=True).count() == 151
    assert AreaRegistration.objects.count() == 151 + 5 + 4  # + predecessors (2019-21) and 2023 successors
    assert Organisation.objects.filter(kind="icb").count() >= 42
    assert first.changes == BoundaryChange.objects.count() == len(boundary_changes())
    northants = AreaRegistration.objects.get(area__gss_code="E10000021")
    assert northants.valid_to == date(2021, 3, 31) and northants.region.name == "East Midlands"
    assert AreaRegistration.objects.get(area__gss_code="E06000063").valid_from == date(2023, 4, 1)
    assert AreaRegistration.objects.get(area__gss_code="E10000006").valid_to == date(2023, 3, 31)
    assert AreaIcb.objects.filter(area__gss_code="E10000006").count() == 2
    hartlepool = Population.objects.get(area__gss_code="E06000001", financial_year="2020-21", age_band="65+")
    assert hartlepool.population == 18371 and "ONS mid-2020" in hartlepool.source
    norfolk.refresh_from_db()
    assert norfolk.name == "Norfolk"
    after = {(p.financial_year, p.age_band): p.population for p in Population.objects.filter(area=norfolk)}
    assert all(after[key] == value for key, value in before.items())
    again = load_national_register()
    assert (again.areas_created, again.registrations, again.icb_links, again.changes, again.populations_created) == (
        0, 0, 0, 0, 0)
