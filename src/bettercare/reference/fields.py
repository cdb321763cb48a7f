"""Model fields shared by the apps: money, financial years and quarters.

Money is Decimal pounds with two places (never float). Financial years run April-March and are
written ``"2015-16"``; quarters ``"2018-19-Q1"`` (Q1 = April-June).
"""

from django.core.validators import RegexValidator
from django.db import models

FINANCIAL_YEAR_RE = r"^\d{4}-\d{2}$"
QUARTER_RE = r"^\d{4}-\d{2}-Q[1-4]$"


def validate_financial_year(value: str) -> None:
    """A financial year "YYYY-YY" whose second part is the next year (2015-16)."""
    RegexValidator(FINANCIAL_YEAR_RE, "Enter a financial year like 2015-16.")(value)
    start, end = value.split("-")
    if (int(start) + 1) % 100 != int(end):
        from django.core.exceptions import ValidationError

        raise ValidationError(f"{value} is not a financial year: the second part must be the next year.")


def validate_quarter(value: str) -> None:
    """A financial quarter "YYYY-YY-Qn"."""
    RegexValidator(QUARTER_RE, "Enter a quarter like 2018-19-Q1.")(value)
    validate_financial_year(value[:7])


class MoneyField(models.DecimalField):
    """Pounds as Decimal with two decimal places, up to 999,999,999,999.99."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class FinancialYearField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("validators", [validate_financial_year])
        super().__init__(*args, **kwargs)


class QuarterField(models.CharField):
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
