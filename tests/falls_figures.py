"""Synthetic falls-65 figures for every HWB in force in 2023-24, as the engine gives them: twelve
monthly figures per HWB, each with its six ESP2013 age bands (count and mid-2020 population)."""

from __future__ import annotations

from datetime import date

import numpy as np

from bettercare.catalogue.national_areas import national_areas

# Admissions for falls per person aged 65+ a year by band (England's age gradient; DSR about 2,000
# per 100,000 with ESP2013 weights).
BAND_RATES = {"65-69": 0.006, "70-74": 0.010, "75-79": 0.019, "80-84": 0.037, "85-89": 0.064, "90+": 0.11}


def months(year: int) -> list[tuple[date, date]]:
    out = []
    for k in range(12):
        y, m = (year, 4 + k) if k < 9 else (year + 1, k - 8)
        end = date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
        out.append((date(y, m, 1), date.fromordinal(end)))
    return out


def falls_with_bands(seed: int, factors: dict[str, float]) -> None:
    """Create the figures (HWB level) with their bands; ``factors`` scale an HWB's rates."""
    from bettercare.monitoring.models import MetricActual
    from bettercare.reference.models import AreaRegistration, Metric

    metric = Metric.objects.get(period__code="2023-25", code="falls-65", area=None)
    pops = {a.gss_code: a.bands for a in national_areas()}
    england = {band: sum(p[band] for p in pops.values()) / len(pops) for band in BAND_RATES}
    rng = np.random.default_rng(seed)
    rows = []
    for registration in AreaRegistration.objects.select_related("area").exclude(valid_to__lt=date(2023, 4, 1)):
        area = registration.area
        bands = {band: pops.get(area.gss_code, england)[band] for band in BAND_RATES}
        factor = factors.get(area.gss_code, 1.0)
        for start, end in months(2023):
            counts = {band: int(rng.poisson(bands[band] * rate * factor / 12)) for band, rate in BAND_RATES.items()}
            common = dict(area=area, metric=metric, period=f"{start:%Y-%m}", period_start=start, period_end=end,
                          origin="computed", source="test")
            rows.append(MetricActual(**common, numerator=sum(counts.values()), denominator=round(sum(bands.values()))))
            rows += [MetricActual(**common, component=f"age:{band}", numerator=counts[band],
                                  denominator=round(bands[band])) for band in BAND_RATES]
    MetricActual.objects.bulk_create(rows)
