"""Model fields shared by the apps: money, financial years and quarters.

Money is Decimal pounds with two places (never float). Financial years run April-March and are
stored as the text ``"2015-16"``; quarters as ``"2018-19-Q1"`` (Q1 = April-June). The fields return
the one period type, ``indicators.periods.FinancialYear`` / ``Quarter`` (a blank optional year or
quarter stays ``""``): read from the database, assigned on a model, or cleaned by a form. The text is
read by the one period parser, ``indicators.periods``; ``parse_quarter`` / ``parse_financial_year``
accept exactly the stored form and give a form-ready ValidationError otherwise.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

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


class _PeriodAttribute(DeferredAttribute):
    """The model attribute of a period field: text assigned to it is read as the period type at
    once (text that is not a period is kept as it is, for validation to name)."""

    def __set__(self, instance, value) -> None:
        try:
            value = self.field.to_python(value)
        except ValidationError:
            pass
        instance.__dict__[self.field.attname] = value


class _PeriodField(models.CharField):
    """A period stored as its text and returned as ``period_type`` ("" when blank)."""

    descriptor_class = _PeriodAttribute
    period_type: type

    def parse(self, text: str):
        raise NotImplementedError

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, self.period_type):
            return value
        if value == "":
            return ""
        return self.parse(value)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        return None if value is None else str(value)

    def run_validators(self, value: Any) -> None:
        super().run_validators(value if value is None else str(value))

    def value_to_string(self, obj) -> str:
        return str(self.value_from_object(obj) or "")


class FinancialYearField(_PeriodField):
    """A financial year: stored "2015-16", returned as ``FinancialYear``."""

    period_type = FinancialYear

    def parse(self, text: str) -> FinancialYear:
        return parse_financial_year(text)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("validators", [validate_financial_year])
        super().__init__(*args, **kwargs)


class QuarterField(_PeriodField):
    """A quarter: stored "2018-19-Q1", returned as ``Quarter``."""

    period_type = Quarter

    def parse(self, text: str) -> Quarter:
        return parse_quarter(text)

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
