"""Model fields shared by the apps: money, financial years and quarters.

Money is Decimal pounds with two places (never float). Financial years run April-March and are
written ``"2015-16"``; quarters ``"2018-19-Q1"`` (Q1 = April-June).

``FinancialYearField`` and ``QuarterField`` hold the one period type, ``indicators.periods``: they
return ``FinancialYear`` / ``Quarter`` values (from the database, from queries, on assignment),
accept the typed value or its exact text on assignment and in filters, and store the text in a text
column. Blank is the empty text ``""`` (Django's convention for text columns: ``filter(quarter="")``
finds it, a page shows nothing), never None. Writes refuse text that is not exactly a period, with
the rule's message; ``parse_quarter`` / ``parse_financial_year`` read people's and files' text the
same way.
"""

from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from bettercare.indicators.periods import FinancialYear, Quarter


def parse_financial_year(value: str | FinancialYear) -> FinancialYear:
    """The text of a financial year ("2015-16") as ``indicators.periods.FinancialYear``;
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


def parse_quarter(value: str | Quarter) -> Quarter:
    """The text of a quarter ("2018-19-Q1") as ``indicators.periods.Quarter``;
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


def validate_financial_year(value: str | FinancialYear) -> None:
    """A financial year "YYYY-YY" whose second part is the next year (2015-16)."""
    parse_financial_year(value)


def validate_quarter(value: str | Quarter) -> None:
    """A financial quarter "YYYY-YY-Qn"."""
    parse_quarter(value)


class MoneyField(models.DecimalField):
    """Pounds as Decimal with two decimal places, up to 999,999,999,999.99."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class _PeriodAttribute(DeferredAttribute):
    """Assignment keeps the typed value: exact text becomes it; blank stays ""; other text is kept as
    given so that ``full_clean`` names the rule broken (and a write refuses it)."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = self._typed(value)

    def _typed(self, value):
        if not (isinstance(value, str) and value):
            return value
        try:
            return self.field.to_python(value)
        except ValidationError:
            return value  # kept as given: full_clean names the rule, and a save refuses it


class _PeriodFormField(forms.CharField):
    """A form's text box for a period: shows the period's text and compares text with text, so an
    unchanged period is not reported as changed (the model field reads the text on assignment)."""

    def prepare_value(self, value):
        return value if value is None else str(value)

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial), data)


class _PeriodField(models.CharField):
    """A period of ``period_type`` in a text column of its written form; see the module docstring."""

    descriptor_class = _PeriodAttribute
    period_type: type
    parse: staticmethod

    @property
    def validators(self):
        # The period's own rule; a length check would measure a typed value, not text.
        return [*self.default_validators, *self._validators]

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, self.period_type):
            return value
        return self.parse(value)

    def from_db_value(self, value, expression, connection):
        return _stored(self.parse, value) if value else value

    def get_prep_value(self, value):
        """The stored text: ``str()`` of a typed value; text (a filter's, or blank) as given."""
        return str(value) if isinstance(value, self.period_type) else value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str) and value:
            value = self.to_python(value)  # a write stores only a period's exact text
        return super().get_db_prep_save(value, connection)

    def value_to_string(self, obj):
        return str(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": _PeriodFormField, **kwargs})


@cache
def _stored(parse, text: str):
    """The typed value of stored text, read once per distinct text (the values are immutable)."""
    return parse(text)


class FinancialYearField(_PeriodField):
    """A financial year, ``indicators.periods.FinancialYear``, stored as its text "2015-16"."""

    period_type = FinancialYear
    parse = staticmethod(parse_financial_year)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("validators", [validate_financial_year])
        super().__init__(*args, **kwargs)


class QuarterField(_PeriodField):
    """A quarter, ``indicators.periods.Quarter``, stored as its text "2018-19-Q1"."""

    period_type = Quarter
    parse = staticmethod(parse_quarter)

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
