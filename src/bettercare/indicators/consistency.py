"""Does a stated value agree with the numerator and denominator it was computed from?

Rule: the stated value agrees when |stated − recomputed| ≤ half a unit in the stated value's last
printed decimal place (739.8 → ±0.05; 92.70 → ±0.005; 2126 → ±0.5): it must be the recomputed value
correctly rounded. The places are those printed in the source when known, else those of the number
with trailing zeros dropped.

A value that fails only because it was rounded to a whole number and then printed with zero
decimals (seed 001 prints 2,348 / 97,424 x 100,000 = 2,410.08 as "2410.0", and 130 / 145 = 89.66%
as "90.00") is reported separately (``whole_number_rounding``) so that callers can treat it as a
warning rather than an error: it is a presentation slip, not a wrong figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Agreement:
    stated: Decimal
    computed: float
    places: int

    @property
    def tolerance(self) -> float:
        return 0.5 * 10 ** (-self.places)

    @property
    def agrees(self) -> bool:
        return abs(float(self.stated) - self.computed) <= self.tolerance + 1e-12

    @property
    def whole_number_rounding(self) -> bool:
        """Disagrees at the printed places, but the printed decimals are all zero and the stated value
        is the recomputed value rounded to a whole number."""
        return (
            not self.agrees
            and self.places > 0
            and self.stated == self.stated.to_integral_value()
            and abs(float(self.stated) - self.computed) <= 0.5 + 1e-12
        )

    @property
    def message(self) -> str:
        shown = f"{self.stated:,.{self.places}f}"
        computed = f"{self.computed:,.{self.places + 2}f}"
        if self.whole_number_rounding:
            return (
                f"stated value {shown} is numerator / denominator ({computed}) rounded to a whole number "
                f"but printed to {self.places} decimal place{'s' if self.places != 1 else ''}"
            )
        return (
            f"stated value {shown} disagrees with numerator / denominator ({computed}) "
            f"beyond rounding (±{self.tolerance:g})"
        )


def printed_places(stated: Decimal, places: int | None = None) -> int:
    """The printed decimal places if known, else those of the value without trailing zeros."""
    if places is not None:
        return int(places)
    exponent = Decimal(stated).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def check_stated(stated: Decimal | None, computed: float | None, places: int | None = None) -> Agreement | None:
    """The agreement of a stated value with a recomputed one, or None when either is missing."""
    if stated is None or computed is None:
        return None
    stated = Decimal(stated)
    return Agreement(stated, float(computed), printed_places(stated, places))
