"""Does a stated metric value agree with its numerator and denominator?

Rule: the stated value agrees when |stated − numerator ÷ denominator × multiplier (÷ days for a
per-day metric)| ≤ half a unit in the stated value's last decimal place (739.8 → 0.05; 90.17 →
0.005; 92.70 → 0.005; 12 → 0.5), i.e. the stated value is the recomputed value correctly rounded.
The places are those printed in the source when known (``value_decimals``), else those of the
number with trailing zeros dropped. A value whose printed decimals are all zeros (2410.0, 90.00) is
read as a whole number shown in a fixed format (seed 001's tables print 2,348 / 97,424 x 100,000 =
2,410.08 as "2410.0"), so it is checked to the unit.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Agreement:
    stated: Decimal
    computed: float
    tolerance: float
    places: int

    @property
    def agrees(self) -> bool:
        return abs(float(self.stated) - self.computed) <= self.tolerance + 1e-12

    @property
    def message(self) -> str:
        shown = f"{self.stated:,.{self.places}f}"
        return (
            f"stated value {shown} disagrees with numerator / denominator ({self.computed:,.{self.places + 2}f}) "
            f"beyond rounding (±{self.tolerance:g})"
        )


def checked_places(stated: Decimal, places: int | None = None) -> int:
    """The decimal places a stated value is checked to (module docstring)."""
    if places is not None and stated == stated.to_integral_value():
        return 0
    if places is None:
        exponent = stated.normalize().as_tuple().exponent
        return max(0, -int(exponent)) if isinstance(exponent, int) else 0
    return places


def check_stated(stated: Decimal | None, computed: float | None, places: int | None = None) -> Agreement | None:
    """The agreement of a stated value with a recomputed one, or None when either is missing."""
    if stated is None or computed is None:
        return None
    stated = Decimal(stated)
    checked = checked_places(stated, places)
    return Agreement(stated, float(computed), 0.5 * 10 ** (-checked), checked)
