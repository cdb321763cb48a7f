"""Model fields shared by the apps: money, financial years and quarters.

Money is Decimal pounds with two places (never float). Financial years run April-March and are
written ``"2015-16"``; quarters ``"2018-19-Q1"`` (Q1 = April-June). The text is read by the one
period parser, ``indicators.periods``: ``parse_quarter`` / ``parse_financial_year`` turn stored text
into its typed value with a form-ready ValidationError.
"""

from django.core.exceptions import ValidationError
from django.db import models

from bettercare.indicators.periods import FinancialYear, Quarter


def parse_financial_year(value: str) -> FinancialYear:
    """The stored text of a financial year ("2015-16") as ``indicators.periods.FinancialYear``;
    ValidationError naming the rule when the text is not exactly that form."""
    text = str(value or "").strip()
    try:
        year = FinancialYear.parse(text)
    except ValueError:
        if len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit():
            raise ValidationError(f"{text} is not a financial year: the second part must be the next year.") from None
        raise ValidationError("Enter a financial year like 2015-16.") from None
    if str(year) != text:
        raise ValidationError("Enter a financial year like 2015-16.")
    return year


def parse_quarter(value: str) -> Quarter:
    """The stored text of a quarter ("2018-19-Q1") as ``indicators.periods.Quarter``;
    ValidationError naming the rule when the text is not exactly that form."""
    text = str(value or "").strip()
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        if len(text) == 10 and text[7:9] == "-Q":
            parse_financial_year(text[:7])
        raise ValidationError("Enter a quarter like 2018-19-Q1.") from None
    if str(quarter) != text:
        raise ValidationError("Enter a quarter like 2018-19-Q1.")
    return quarter


def validate_financial_year(value: str) -> None:
    """A financial year "YYYY-YY" whose second part is the next year (2015-16)."""
    parse_financial_year(value)


def validate_quarter(value: str) -> None:
    """A financial quarter "YYYY-YY-Qn"."""
    parse_quarter(value)


class MoneyField(models.DecimalField):
    """Pounds as Decimal with two decimal places, up to 999,999,999,999.99."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class FinancialYearField(models.CharField):
    """A financial year stored as its text, "2015-16" (read it with ``parse_financial_year``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("validators", [validate_financial_year])
        super().__init__(*args, **kwargs)


class QuarterField(models.CharField):
    """A quarter stored as its text, "2018-19-Q1" (read it with ``parse_quarter``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("validators", [validate_quarter])
        super().__init__(*args, **kwargs)


class SourceField(models.CharField):
    """Where a figure came from: document and section, file and row, or "computed"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
