"""Read one workbook cell as the type its column declares. Each reader returns the value or raises
``CellError`` whose message states the rule the cell breaks."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from bettercare.plans.models import PlanOrganisation
from bettercare.reference.fields import parse_financial_year, parse_quarter

from .layout import Column

MONEY_LIMIT = Decimal("999999999999.99")
NUMBER_LIMIT = Decimal(10) ** 12  # decimal fields hold at most 12 digits before the point
INT_LIMIT = 32767  # the smallest integer column a workbook fills (a plan's version)
TEXT_CEILING = 20_000  # long-text fields (descriptions, narratives) have no database limit; this keeps them sane


class CellError(ValueError):
    """The cell breaks the rule in the message."""


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError("must be a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).replace(",", "").replace("£", "").strip())
    except InvalidOperation as error:
        raise CellError("must be a number") from error


def read_money(value: Any) -> Decimal:
    amount = _decimal(value)
    if not amount.is_finite():
        raise CellError("must be a number of pounds")
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise CellError("money has at most 2 decimal places (pence)")
    if abs(amount) > MONEY_LIMIT:
        raise CellError("money must be below £1,000,000,000,000")
    return amount


def read_decimal(value: Any) -> Decimal:
    number = _decimal(value)
    if not number.is_finite():
        raise CellError("must be a finite number")
    if abs(number) >= NUMBER_LIMIT:
        raise CellError("must be below 1,000,000,000,000")
    if number.as_tuple().exponent < -6 and number != number.quantize(Decimal("0.000001")):
        raise CellError("has at most 6 decimal places")
    return number


def read_int(value: Any) -> int:
    number = _decimal(value)
    if not number.is_finite():
        raise CellError("must be a finite whole number")
    if abs(number) > INT_LIMIT:
        raise CellError(f"must be a whole number between -{INT_LIMIT} and {INT_LIMIT}")
    if number != number.to_integral_value():
        raise CellError("must be a whole number")
    return int(number)


def read_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as error:
        raise CellError("must be a date (a date cell, or text like 2018-09-27)") from error


def read_bool(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise CellError("must be Yes or No (or blank)")


def read_year(value: Any) -> str:
    text = str(value).strip()
    try:
        return str(parse_financial_year(text))
    except ValidationError:
        raise CellError("must be a financial year like 2015-16") from None


def read_quarter(value: Any) -> str:
    text = str(value).strip()
    try:
        return str(parse_quarter(text))
    except ValidationError:
        raise CellError("must be a quarter like 2018-19-Q1") from None


def read_roles(value: Any) -> list[str]:
    roles = sorted({part.strip() for part in str(value).split(",") if part.strip()})
    unknown = [role for role in roles if role not in PlanOrganisation.ROLES]
    if unknown:
        raise CellError(f"roles must be among {', '.join(PlanOrganisation.ROLES)} (not {', '.join(unknown)})")
    return roles


READERS = {
    "money": read_money,
    "decimal": read_decimal,
    "int": read_int,
    "date": read_date,
    "bool": read_bool,
    "year": read_year,
    "quarter": read_quarter,
    "roles": read_roles,
}


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def read_cell(column: Column, value: Any) -> Any:
    """The typed value of a cell; blanks become "" for text and None for other types ([] for roles)."""
    if blank(value):
        if column.required:
            raise CellError("is required")
        return [] if column.type == "roles" else ("" if column.type in ("text", "year", "quarter") else None)
    if column.type == "text":
        text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
        if isinstance(value, float) and value == int(value):
            text = str(int(value))
        if column.choices and text not in column.choices:
            raise CellError(f"must be one of {', '.join(c for c in column.choices if c)}")
        limit = column.limit or TEXT_CEILING
        if len(text) > limit:
            raise CellError(f"must be at most {limit:,} characters (it has {len(text):,})")
        return text
    return READERS[column.type](value)
