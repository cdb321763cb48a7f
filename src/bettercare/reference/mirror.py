"""Mirror the catalogue files (policy periods, streams, scheme types, conditions, metrics, HICM
models) into the database so that plans can refer to them. Idempotent."""

from bettercare.catalogue import list_hicm_models, list_periods, load_hicm, load_period
from bettercare.upsert import upsert

from .models import FundingStream, HicmChange, HicmModel, Metric, NationalCondition, PolicyPeriod, SchemeType


def sync_period(code: str) -> PolicyPeriod:
    data = load_period(code)
    period, _ = upsert(
        PolicyPeriod,
        {"code": code},
        {
            "title": data["title"],
            "financial_years": data["financial_years"],
            "hicm_model": data.get("hicm_model") or "",
        },
    )
    for entry in data["funding_streams"]:
        upsert(
            FundingStream,
            {"period": period, "code": entry["id"]},
            {
                "title": entry["title"],
                "kind": entry.get("kind", "revenue"),
                "passed_to_districts": bool(entry.get("passed_to_districts")),
            },
        )
    for entry in data["scheme_types"]:
        upsert(
            SchemeType,
            {"period": period, "code": entry["id"]},
            {"title": entry["title"], "confirmed": entry.get("confirmed", True)},
        )
    for entry in data["national_conditions"]:
        upsert(
            NationalCondition,
            {"period": period, "code": entry["id"]},
            {"number": entry["number"], "title": entry["title"]},
        )
    for entry in data["metrics"]:
        upsert(
            Metric,
            {"period": period, "code": entry["id"], "area": None},
            {
                "title": entry["title"],
                "polarity": entry["polarity"],
                "multiplier": entry["multiplier"],
                "unit": entry.get("unit", ""),
                "population_base": entry.get("population_base") or "",
                "frequency": entry["period"],
                "ci_method": entry["ci_method"],
                "is_local": bool(entry.get("local")),
                "definition": entry,
            },
        )
    return period


def sync_hicm(code: str) -> HicmModel:
    data = load_hicm(code)
    model, _ = upsert(HicmModel, {"code": code}, {"title": data["title"], "maturity_levels": data["maturity_levels"]})
    for change in data["changes"]:
        upsert(HicmChange, {"model": model, "number": change["number"]}, {"title": change["title"]})
    return model


def sync_reference_data() -> None:
    """Load every catalogue period and HICM model."""
    for code in list_periods():
        sync_period(code)
    for code in list_hicm_models():
        sync_hicm(code)
