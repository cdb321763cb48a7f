"""The results table the API, CSV and Parquet exports share: the rows ``bettercare metrics show
--json`` prints (:func:`bettercare.monitoring.serialise.result_rows`), with the HWB's code and name
and the metric's SPC reading (XmR chart over its monthly, else quarterly, series: the variation
and assurance of the whole series, and the point type of the row's period where it is on the chart).
Rows are in a stable order: HWB GSS code, then the order the CLI prints (metric, locality, kind)."""

from collections.abc import Iterable
from typing import Any

from bettercare.indicators.periods import years_span
from bettercare.monitoring.results import metric_results
from bettercare.monitoring.serialise import result_rows
from bettercare.reference.models import Area

from .problems import InvalidInput


def check_period(period: str) -> None:
    """Refuse (InvalidInput) a period that is not a financial year or a policy period."""
    try:
        years_span(period)
    except ValueError as error:
        raise InvalidInput(str(error)) from None


def charted(row: dict[str, Any]) -> bool:
    """Is the row on the metric's SPC chart (an actual of the whole HWB or locality, no component)?"""
    return row["kind"] == "actual" and not row["component"]


def area_rows(area: Area, period: str, metrics: list[str] | None = None, targets: bool = True) -> list[dict[str, Any]]:
    """Result rows of one HWB for a financial year (2018-19) or policy period (2017-19).
    Raises InvalidInput for a period in another form."""
    check_period(period)
    rows = []
    for result in metric_results(area, period, metrics or None):
        spc = result.spc or {}
        points = dict(zip(spc.get("periods", []), spc.get("point_type", []), strict=False))
        for row in result_rows([result], include_targets=targets):
            rows.append(
                {
                    "area_code": area.gss_code,
                    "area_name": area.name,
                    **row,
                    "spc_variation": spc.get("variation"),
                    "spc_assurance": spc.get("assurance"),
                    "spc_point": points.get(row["period"]) if charted(row) else None,
                    "spc_warnings": list(spc.get("warnings", [])),
                }
            )
    return rows


def rows_for_areas(areas: Iterable[Area], period: str, metrics: list[str] | None = None,
                   targets: bool = True) -> list[dict[str, Any]]:
    """Result rows of several HWBs, in GSS-code order."""
    check_period(period)
    rows: list[dict[str, Any]] = []
    for area in sorted(areas, key=lambda a: a.gss_code):
        rows.extend(area_rows(area, period, metrics, targets))
    return rows
