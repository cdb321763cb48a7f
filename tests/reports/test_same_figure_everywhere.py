"""One figure, one text: the dashboard's template filter, the paper and the workbook print a figure
through ``indicators.presentation`` (half-up on Decimal, one minus sign), so the same figure reads
the same on the page, on paper and in Excel.

The workbook's text is what Excel shows: the stored (already rounded) value under its number format,
read back here from a saved .xlsx by the small reading of "#,##0.00"-style formats in ``shown``."""

import re
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from openpyxl import Workbook, load_workbook

from bettercare.indicators.presentation import figure_text, period_label, pounds
from bettercare.reports.workbook.cells import metric_figure, put, to_bytes

# (value, unit, scale, text worked out by hand with half-up rounding)
CASES = [
    (2.675, "per 100,000", "value", "2.68"),  # the float 2.675 is 2.67499…; half-up on its text
    (-2.675, "per 100,000", "value", "−2.68"),
    (927.0, "per 100,000", "value", "927.00"),  # a rate keeps its two places
    (927.0, "admissions", "value", "927"),  # a metric counted in admissions is whole
    (926.5, "per 100,000", "count", "927"),  # a figure on the count scale is whole, half-up
    (1234567.125, "per 100,000", "value", "1,234,567.13"),
    (85.25, "%", "value", "85.3%"),
    (0.004, "%", "value", "0.0%"),
    (-0.004, "per day", "value", "0.00"),  # no minus sign on a figure shown as zero
    (None, "%", "value", "–"),
]


def dashboard_text(value, unit: str, scale: str) -> str:
    """The figure as the dashboard's template prints it (``h.value|figure:h``)."""
    assessment = SimpleNamespace(figure=SimpleNamespace(metric=SimpleNamespace(unit=unit)), scale=scale)
    template = Template("{% load bettercare %}{{ value|figure:h }}")
    return template.render(Context({"value": value, "h": assessment}))


def shown(cell) -> str:
    """The text Excel shows for a number under a "#,##0.00;"−"#,##0.00"-style format."""
    if cell.value is None:
        return "–"
    positive, _, negative = cell.number_format.partition(";")
    section = negative if cell.value < 0 and negative else positive
    match = re.fullmatch(r'("(?P<prefix>[^"]*)")?#,##0(\.(?P<places>0+))?("(?P<suffix>[^"]*)")?', section)
    assert match, f"unexpected number format {cell.number_format!r}"
    places = len(match["places"] or "")
    text = f"{abs(cell.value):,.{places}f}"
    sign = (match["prefix"] or "") if cell.value < 0 and float(text.replace(",", "")) != 0 else ""
    return sign + text + (match["suffix"] or "")


@pytest.fixture(scope="module")
def workbook_texts() -> list[str]:
    book = Workbook()
    for row, (value, unit, scale, _) in enumerate(CASES, start=1):
        put(book.active, row, 1, metric_figure(value, unit, scale))
    reopened = load_workbook(BytesIO(to_bytes(book))).active
    return [shown(reopened.cell(row=row, column=1)) for row in range(1, len(CASES) + 1)]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_dashboard_paper_and_workbook_print_the_same_text(index, workbook_texts):
    value, unit, scale, expected = CASES[index]
    assert figure_text(value, unit, scale) == expected  # the paper
    assert dashboard_text(value, unit, scale) == expected  # the dashboard
    assert workbook_texts[index] == expected  # Excel


def test_money_has_one_minus_sign_on_pages_and_in_messages():
    from bettercare.planbook.formatting import money

    page = Template("{% load bettercare plan_forms %}{{ a|pounds }} {{ a|money }}").render(
        Context({"a": Decimal("-1000")})
    )
    assert page == "−£1,000 −£1,000" == f"{pounds(Decimal('-1000'))} {money(Decimal('-1000'))}"
    assert pounds(Decimal("2.675")) == "£2.68" and pounds(Decimal("-0.004")) == "£0.00"


@pytest.mark.django_db
def test_leicestershire_q1_paper_and_return_workbook_agree_figure_for_figure():
    """The seed-004 HWB's Q1 2018-19 headline figures: the paper's text and the submitted return's
    Metrics sheet (as Excel shows it) are the same for every metric assessed on the same period."""
    from bettercare.reference.models import Area
    from bettercare.reports.paper import build_paper
    from bettercare.reports.paper.metrics import figure_lines
    from bettercare.reports.workbook import return_workbook

    from .helpers import LEICESTERSHIRE
    from .test_report_workbooks import Q1, column, reopen, submit_return

    area = Area.objects.get(gss_code=LEICESTERSHIRE)
    paper = build_paper(area, str(Q1))
    submit_return(area)
    sheet = reopen(return_workbook(area, Q1))["Metrics"]
    codes, periods = column(sheet, "Code"), column(sheet, "Period")
    header_row = next(c.row for row in sheet.iter_rows() for c in row if c.value == "Value")
    value_column = next(c.column for c in sheet[header_row] if c.value == "Value")
    compared = 0
    for section in paper.metrics:
        result = section.result
        if result.headline is None or result.metric.code not in codes:
            continue
        index = codes.index(result.metric.code)
        if periods[index] != result.headline.figure.period:
            continue
        headline = result.headline.figure
        paper_text = next(
            (line.value for line in figure_lines(result, [])
             if line.period == period_label(headline.period) and line.label == headline.label), None)
        if paper_text is None:  # a rated figure that is neither the forecast, the year to date nor the latest
            continue
        paper_text = paper_text.split(" (count ")[0]  # the count stands beside the figure in the paper
        cell = sheet.cell(row=header_row + 1 + index, column=value_column)
        assert shown(cell) == paper_text, result.metric.code
        page = Template("{% load bettercare %}{{ h|assessed_value }}").render(Context({"h": result.headline}))
        assert page == paper_text
        compared += 1
    assert compared >= 3
