"""Load the national area register into the reference tables: every HWB of the 2022-23 BCF list
(``catalogue.national_areas``) and the areas before and after its boundary changes
(``catalogue.area_vintages``), with region, validity dates, ICB links and ONS mid-2020 populations.

Idempotent: a second run changes nothing. Existing rows are never renamed or overwritten: a demo
HWB keeps its name, and a population already recorded for the same year and age band is kept
(the register's figure is then counted as ``kept``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction

from bettercare.catalogue.area_vintages import ICB_SOURCE, boundary_changes, icb_links
from bettercare.catalogue.national_areas import POPULATION_FILE, POPULATION_SOURCE, national_areas

from .models import Area, AreaIcb, AreaRegistration, BoundaryChange, Organisation, Population, Region

POPULATION_YEAR = "2020-21"  # the financial year holding the mid-2020 (30 June 2020) estimate
CHANGES_SOURCE = "catalogue/areas/hwb-boundary-changes.csv"
KIND_BY_PREFIX = {"E06": "unitary", "E08": "metropolitan", "E09": "london_borough", "E10": "county"}
BASES = (("all", "all_ages"), ("18+", "age_18_plus"), ("65+", "age_65_plus"))


@dataclass
class RegisterReport:
    areas_created: int = 0
    registrations: int = 0
    icb_links: int = 0
    changes: int = 0
    populations_created: int = 0
    populations_kept: int = 0
    notes: list[str] = field(default_factory=list)


def _area(code: str, name: str, report: RegisterReport) -> Area:
    area, created = Area.objects.get_or_create(
        gss_code=code, defaults={"name": name, "kind": KIND_BY_PREFIX.get(code[:3], "county")})
    report.areas_created += created
    return area


@transaction.atomic
def load_national_register() -> RegisterReport:
    """Create (or complete) the register's areas, regions, validity, ICB links, boundary changes and
    mid-2020 populations; return what was added."""
    report = RegisterReport()
    region_of: dict[str, Region] = {}
    for item in national_areas():
        region, _ = Region.objects.get_or_create(code=item.region_code, defaults={"name": item.region_name})
        area = _area(item.gss_code, item.name, report)
        region_of[item.gss_code] = region
        _, created = AreaRegistration.objects.get_or_create(
            area=area, defaults={"region": region, "in_bcf_list": True, "source": POPULATION_FILE})
        report.registrations += created
        for base, column in BASES:
            population = getattr(item, column)
            existing = Population.objects.filter(area=area, locality=None, financial_year=POPULATION_YEAR,
                                                 age_band=base).first()
            if existing is None:
                Population.objects.create(area=area, financial_year=POPULATION_YEAR, age_band=base,
                                          population=population, source=f"{POPULATION_SOURCE} ({POPULATION_FILE})")
                report.populations_created += 1
            elif existing.population != population:
                report.populations_kept += 1
                report.notes.append(f"{area.name} {base} {POPULATION_YEAR}: kept {existing.population:,} "
                                    f"({existing.source or 'no source'}); the register has {population:,}")
    for change in boundary_changes():
        predecessor = _area(change.predecessor_code, change.predecessor_name, report)
        successor = _area(change.successor_code, change.successor_name, report)
        # an area outside the 2022-23 list takes the region of the listed area it became or came from
        region = region_of.get(change.successor_code) or region_of.get(change.predecessor_code)
        if region is not None:
            region_of.setdefault(change.predecessor_code, region)
            region_of.setdefault(change.successor_code, region)
        for area, kwargs in ((predecessor, {"valid_to": change.effective - timedelta(days=1)}),
                             (successor, {"valid_from": change.effective})):
            registration, created = AreaRegistration.objects.get_or_create(
                area=area, defaults={"region": region_of[area.gss_code], "source": CHANGES_SOURCE, **kwargs})
            report.registrations += created
            missing = {k: v for k, v in kwargs.items() if getattr(registration, k) is None}
            if missing:
                AreaRegistration.objects.filter(pk=registration.pk).update(**missing)
        _, created = BoundaryChange.objects.get_or_create(
            predecessor=predecessor, successor=successor,
            defaults={"effective": change.effective, "change": change.change, "share": change.share,
                      "source": change.source})
        report.changes += created
    for link in icb_links():
        icb, _ = Organisation.objects.get_or_create(
            code=link.icb_ods_code, defaults={"name": link.icb_name, "kind": "icb", "source": ICB_SOURCE})
        area = Area.objects.get(gss_code=link.gss_code)
        _, created = AreaIcb.objects.get_or_create(
            area=area, icb=icb, defaults={"main": link.main, "districts": link.districts, "source": ICB_SOURCE})
        report.icb_links += created
    return report
