"""Read scenario files without touching the database."""

from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SCENARIO_DIR = Path(__file__).resolve().parent


class DecimalSafeLoader(yaml.SafeLoader):
    """YAML's safe loader, but numbers with a decimal point become Decimal with their printed
    places kept (90.00 stays 90.00), so stated values keep the source's own rounding."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except ArithmeticError:
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not a number", node.start_mark) from None


DecimalSafeLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


class ScenarioError(ValueError):
    """A scenario file breaks a rule; the message names the file, section, entry and field."""


def scenario_ids() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


@cache
def read_scenario(scenario_id: str, directory: Path = SCENARIO_DIR) -> dict[str, Any]:
    """A scenario file's contents, with the top-level keys checked."""
    path = Path(directory) / f"{scenario_id}.yaml"
    if not path.exists():
        known = ", ".join(scenario_ids())
        raise ScenarioError(f"No scenario {scenario_id!r}. Known scenarios: {known}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=DecimalSafeLoader)  # noqa: S506
    except (yaml.YAMLError, ArithmeticError) as error:
        raise ScenarioError(f"{path.name}: not valid YAML: {error}") from error
    for key in ("id", "seed", "area"):
        if key not in data:
            raise ScenarioError(f"{path.name}: missing top-level key {key!r}")
    if ("plan" in data) == ("kpi_set" in data):
        raise ScenarioError(f"{path.name}: give exactly one of the top-level keys 'plan' and 'kpi_set'")
    if data["id"] != scenario_id:
        raise ScenarioError(f"{path.name}: id {data['id']!r} does not match the file name")
    return data


def funding_by_year(data: dict[str, Any]) -> dict[str, Decimal]:
    """Total contributions per financial year, as stated."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in data.get("contributions") or []:
        totals[str(row["financial_year"])] += Decimal(str(row["amount"]))
    return dict(sorted(totals.items()))


def summarise(scenario_id: str) -> dict[str, Any]:
    data = read_scenario(scenario_id)
    return {
        "id": scenario_id,
        "hwb": data["area"]["name"],
        "gss_code": data["area"]["gss_code"],
        "kind": "plan" if "plan" in data else "KPI set",
        "period": str(data["plan"]["period"] if "plan" in data else data["kpi_set"].get("catalogue", "")),
        "title": data.get("title", ""),
        "seed_file": data["seed"],
        "funding_total_per_year": {year: str(total) for year, total in funding_by_year(data).items()},
    }


def plan_scenario_ids() -> list[str]:
    """The scenarios that hold a plan (the others hold a KPI set, such as a peer-review pack)."""
    return [scenario_id for scenario_id in scenario_ids() if "plan" in read_scenario(scenario_id)]


def list_scenarios() -> list[dict[str, Any]]:
    return [summarise(scenario_id) for scenario_id in scenario_ids()]
