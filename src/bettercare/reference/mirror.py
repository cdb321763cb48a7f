"""Mirror the catalogue (policy periods, streams, scheme types, conditions, metrics, HICM models)
into the database so that plans can refer to them. Idempotent. The period mirrored is the newest
catalogue version (``catalogue_store``); each metric's entry is also kept per version
(``MetricDefinition``) so that figures keep the definition they were computed with."""

from typing import Any

from django.db import transaction
from django.db.models import Max

from bettercare.catalogue import CatalogueError, check_period_text, list_hicm_models, load_hicm, load_period
from bettercare.catalogue.lined import plain
from bettercare.catalogue.loader import ROOT, packaged_periods
from bettercare.upsert import upsert

from .catalogue_store import RELEASE_AUTHOR, AddResult, CatalogueRefused, digest, newest
from .models import (
    CatalogueVersion,
    FundingStream,
    HicmChange,
    HicmModel,
    Metric,
    MetricDefinition,
    NationalCondition,
    PolicyPeriod,
    SchemeType,
)


def sync_period(code: str) -> PolicyPeriod:
    """Record the shipped file of ``code`` as a version if it is new, and mirror the newest version."""
    record_release(code)
    version = newest(code)
    if version is None:
        return mirror_data(load_period(code), None)
    period = PolicyPeriod.objects.filter(code=code).first()
    if period is not None and MetricDefinition.objects.filter(catalogue_version=version).exists():
        return period
    doc, problems = check_period_text(version.content, version.file_name)
    if problems:
        raise CatalogueError("\n".join(str(problem) for problem in problems))
    return mirror_version(version, plain(doc))


def mirror_version(version: CatalogueVersion, data: dict[str, Any]) -> PolicyPeriod:
    """Mirror one checked catalogue version into the reference tables."""
    return mirror_data(data, version)


def mirror_data(data: dict[str, Any], version: CatalogueVersion | None) -> PolicyPeriod:
    code = str(data["period"])
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
        metric, _ = upsert(
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
        if version is not None:
            upsert(MetricDefinition, {"metric": metric, "catalogue_version": version}, {"definition": entry})
    return period


def definition_in_force(metric: Metric) -> MetricDefinition | None:
    """The newest catalogue definition of a metric (None for a local metric, which has none)."""
    return metric.definitions.order_by("-catalogue_version__version").first()


def sync_hicm(code: str) -> HicmModel:
    data = load_hicm(code)
    model, _ = upsert(HicmModel, {"code": code}, {"title": data["title"], "maturity_levels": data["maturity_levels"]})
    for change in data["changes"]:
        upsert(HicmChange, {"model": model, "number": change["number"]}, {"title": change["title"]})
    return model


def sync_reference_data() -> None:
    """Load every catalogue period and HICM model."""
    from bettercare.catalogue.loader import packaged_periods

    for code in sorted(set(packaged_periods()) | set(CatalogueVersion.objects.values_list("period_code", flat=True))):
        sync_period(code)
    for code in list_hicm_models():
        sync_hicm(code)


@transaction.atomic
def add_version(text: str, file_name: str, author, origin: str, note: str = "") -> AddResult:
    """Check a period file and record it as the next version of its period, then mirror it into
    the reference tables. Refused (``CatalogueRefused`` with every problem) before anything is
    written. ``author`` is a user, or None for a file shipped with a release; callers check that
    the user is a national administrator first (``planbook.catalogue_access``)."""
    doc, problems = check_period_text(text, file_name)
    if problems:
        raise CatalogueRefused(problems)
    code = str(doc["period"])
    current = newest(code)
    if current is not None and current.digest == digest(text):
        return AddResult(current, created=False)
    number = (CatalogueVersion.objects.filter(period_code=code).aggregate(top=Max("version"))["top"] or 0) + 1
    version = CatalogueVersion(
        period_code=code,
        version=number,
        file_name=file_name,
        content=text,
        digest=digest(text),
        origin=origin,
        author=author,
        author_name=author.get_username() if author is not None else RELEASE_AUTHOR,
        note=note,
    )
    version.full_clean()
    version.save()
    mirror_version(version, plain(doc))
    return AddResult(version, created=True)


def record_release(code: str) -> CatalogueVersion | None:
    """Record the shipped file of a period as a version unless that exact text is recorded."""
    if code not in packaged_periods():
        return None
    path = ROOT / "periods" / f"{code}.yaml"
    text = path.read_text(encoding="utf-8")
    known = CatalogueVersion.objects.filter(period_code=code, digest=digest(text)).first()
    if known is not None:
        return known
    return add_version(text, path.name, None, "release").version
