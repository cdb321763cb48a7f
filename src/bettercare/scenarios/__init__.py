"""Demo HWBs transcribed from the seed documents (see FORMAT.md). ``list_scenarios`` reads the
files only; ``load`` (in :mod:`bettercare.scenarios.loader`) writes them to the database."""

from .files import (
    SCENARIO_DIR,
    ScenarioError,
    list_scenarios,
    plan_scenario_ids,
    read_scenario,
    scenario_ids,
    summarise,
)

__all__ = [
    "SCENARIO_DIR",
    "ScenarioError",
    "list_scenarios",
    "plan_scenario_ids",
    "read_scenario",
    "scenario_ids",
    "summarise",
]
