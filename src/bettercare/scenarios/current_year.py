"""The demo's current year (issue 19): the demo HWB's 2025-26 plan, an illustrative synthetic
example (``illustrative/norfolk-2025-26.yaml``: no seed document covers 2025-26), rolled forward
to 2026-27 by its editor with the NHS minimum contribution uplifted, and monitored to date with
actuals computed by the engine from a synthetic record-level extract, so the demo opens on the
year users are living in."""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model

from bettercare.plans.models import Plan

from .loader import ScenarioLoader

ILLUSTRATIVE_DIR = Path(__file__).resolve().parent / "illustrative"
SCENARIO = "norfolk-2025-26"
ROLL_TO = "2026-27"
UPLIFTS = {"nhs_minimum": Decimal("5.66")}
EDITOR = "norfolk.editor"
FIRST_MONTH = date(2025, 4, 1)
SAMPLE, FOCUS, SEED = 0.05, "2025-27", 2026


@dataclass(frozen=True)
class CurrentYear:
    source: Plan
    plan: Plan
    rolled: bool
    months: int
    actuals: int


def months_to_date(today: date) -> int:
    """Whole months from April 2025 up to the month before ``today`` (the last complete month)."""
    return max(1, (today.year - FIRST_MONTH.year) * 12 + today.month - FIRST_MONTH.month)


def load_current_year(today: date | None = None) -> CurrentYear:
    """Load the illustrative 2025-26 plan, roll it forward (once) and compute actuals to date."""
    from bettercare.planbook.rollforward import roll_forward

    ScenarioLoader(SCENARIO, directory=ILLUSTRATIVE_DIR).load()
    source = Plan.objects.select_related("area", "period").get(scenario=SCENARIO)
    plan = Plan.objects.filter(area=source.area, period__code=ROLL_TO).order_by("version").first()
    rolled = plan is None
    if rolled:
        editor = get_user_model().objects.get(username=EDITOR)
        plan = roll_forward(editor, source, ROLL_TO, UPLIFTS).plan
    months = months_to_date(today or date.today())
    rows = _compute_actuals(source.area.gss_code, months)
    return CurrentYear(source=source, plan=plan, rolled=rolled, months=months, actuals=rows)


def _compute_actuals(gss_code: str, months: int) -> int:
    """Synthesise (natural volume: every emergency admission at 65+, a ``SAMPLE`` of the others),
    ingest (pseudonymised with a throw-away key), compute and import the HWB's actuals from April
    2025 for ``months`` months, labelled computed with the extract's as-at date."""
    from bettercare.engine import compute, generate, ingest, monitoring_layout, write_table
    from bettercare.monitoring.importer import import_file

    with tempfile.TemporaryDirectory(prefix="bettercare-current-year-") as folder:
        raw, ingested, output = Path(folder, "raw"), Path(folder, "ingested"), Path(folder, "computed.csv")
        generate(raw, rows=None, sample=SAMPLE, focus=FOCUS, seed=SEED, start=f"{FIRST_MONTH:%Y-%m}", months=months,
                 areas=[gss_code])
        ingest(raw, ingested, key=os.environ.get("BETTERCARE_PSEUDONYM_KEY", secrets.token_hex(32)).encode())
        result = compute(ingested, areas=[gss_code])
        write_table(monitoring_layout(result.table), output)
        return import_file(output, areas=[gss_code]).rows
