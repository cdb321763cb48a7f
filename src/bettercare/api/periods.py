"""Financial years and quarters in the API: given as their written text ("2018-19", "2018-19-Q1").

The model fields return ``indicators.periods`` values; a schema field typed ``PeriodText`` takes
such a value (or text) and gives its text, so the JSON and the OpenAPI ``string`` are unchanged."""

from typing import Annotated, Any

from pydantic import BeforeValidator

from bettercare.indicators.periods import FinancialYear, Quarter


def period_text(value: Any) -> Any:
    """A financial year or quarter as its text; anything else as given (pydantic then checks it)."""
    return str(value) if isinstance(value, (FinancialYear, Quarter)) else value


PeriodText = Annotated[str, BeforeValidator(period_text)]
