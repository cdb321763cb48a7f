"""Uplifts for rolling a plan forward, in Decimal: parsing ``STREAM=PERCENT`` and ``OLD=NEW``,
and rounding to the pound. Pure Python (no Django), so the command line can check its options
before touching the database.

Rounding rule: a stream's uplifted total is rounded to the pound, half up (0.50 away from zero);
its lines are rounded down to the pound and the pounds left over go one each to the lines with
the largest remainders (ties to the earlier line), so the lines add up exactly to the rounded
total."""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

PENNY_FREE = Decimal("1")
ROUNDING_RULE = (
    "Each uplifted stream's total per year is rounded to the pound, half up; its lines are rounded "
    "down to the pound and the pounds left over go one each to the lines with the largest "
    "remainders, so the lines add up to the rounded total."
)


class RollForwardError(ValueError):
    """The roll-forward cannot start (unknown period, stream or mapping); nothing was written."""


def round_pounds(amount: Decimal) -> Decimal:
    """To the pound, half up (0.50 rounds away from zero)."""
    return amount.quantize(PENNY_FREE, rounding=ROUND_HALF_UP)


def apportion(amounts: list[Decimal], factor: Decimal) -> list[Decimal]:
    """``amounts`` × ``factor`` in whole pounds adding up to the total rounded half up: each line
    is first rounded down, then the pounds left over go one each to the lines with the largest
    remainders, ties to the earlier line (the largest-remainder method)."""
    exact = [amount * factor for amount in amounts]
    total = round_pounds(sum(exact, Decimal(0)))
    floors = [value.quantize(PENNY_FREE, rounding=ROUND_FLOOR) for value in exact]
    left = int(total - sum(floors, Decimal(0)))
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in order[:left]:
        floors[index] += 1
    return floors


def parse_uplifts(items: list[str]) -> dict[str, Decimal]:
    """``["nhs_minimum=5.66"]`` → ``{"nhs_minimum": Decimal("5.66")}`` (percent)."""
    uplifts: dict[str, Decimal] = {}
    for item in items:
        stream, _, percent = item.partition("=")
        try:
            value = Decimal(percent.strip().rstrip("%"))
        except InvalidOperation:
            raise RollForwardError(f"--uplift {item!r}: give STREAM=PERCENT, e.g. nhs_minimum=5.66") from None
        if not stream.strip() or not value.is_finite() or value <= -100:
            raise RollForwardError(f"--uplift {item!r}: give STREAM=PERCENT with a percentage above -100")
        uplifts[stream.strip()] = value
    return uplifts


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["old_stream=new_stream"]`` → a mapping of old ids to new ids."""
    mapping = {}
    for item in items:
        old, _, new = item.partition("=")
        if not old.strip() or not new.strip():
            raise RollForwardError(f"--map {item!r}: give OLD=NEW, e.g. asc_discharge_fund=nhs_additional")
        mapping[old.strip()] = new.strip()
    return mapping
