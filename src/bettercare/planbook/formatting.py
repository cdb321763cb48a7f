"""Text forms of money and numbers for the plan's messages, workbooks and pages: the plan's names
for ``indicators.presentation``'s formatters (the one rounding rule and minus sign)."""

from bettercare.indicators.presentation import number
from bettercare.indicators.presentation import pounds as money

__all__ = ["money", "number"]
