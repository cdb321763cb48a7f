"""The national HWB list carries ONS mid-2020 populations: checked against the totals ONS publishes."""

import pytest

from bettercare.catalogue.national_areas import AGE_BANDS, national_area, national_areas


def test_every_hwb_of_the_2022_23_list_is_there_once():
    areas = national_areas()
    assert len(areas) == 151
    assert len({a.gss_code for a in areas}) == 151
    assert len({a.region_code for a in areas}) == 9


def test_england_totals_are_ons_mid_2020():
    """ONS mid-2020 (MYE2): England 56,550,138 persons, 10,464,019 aged 65 and over."""
    areas = national_areas()
    assert sum(a.all_ages for a in areas) == 56_550_138
    assert sum(a.age_65_plus for a in areas) == 10_464_019


@pytest.mark.parametrize("area", national_areas(), ids=lambda a: a.gss_code)
def test_bands_add_up_to_the_totals(area):
    assert sum(area.bands.values()) == area.all_ages
    assert sum(area.bands[band] for band in AGE_BANDS[13:]) == area.age_65_plus


def test_an_hwb_is_found_by_code_or_name():
    assert national_area("leicestershire").gss_code == "E10000018"
    assert national_area("E06000012").name == "North East Lincolnshire"
    with pytest.raises(KeyError, match="not an HWB"):
        national_area("Atlantis")
