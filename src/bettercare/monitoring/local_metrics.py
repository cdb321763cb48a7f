"""An HWB's own local metric, added beside the catalogue's metrics of a policy period."""

from bettercare.reference.models import Area, Metric, PolicyPeriod

# A local metric is rated like the national ones: green/red when the 95% interval lies wholly
# better/worse than the target, amber when it includes it (indicators.rag.SignificanceRule).
LOCAL_METRIC_RAG_RULE = {"rule": "significance", "confidence": 0.95}


def add_local_metric(area: Area, period: PolicyPeriod, data: dict) -> Metric:
    """Create the metric from the local-metric form's cleaned data (code, title, numerator,
    denominator, multiplier, unit, polarity, ci_method, source); its definition is kept in the same
    shape as a catalogue entry so that results treat it like any other metric."""
    definition = {
        "id": data["code"],
        "title": data["title"],
        "numerator": data["numerator"],
        "denominator": data["denominator"],
        "multiplier": data["multiplier"],
        "unit": data["unit"],
        "period": "year",
        "polarity": data["polarity"],
        "ci_method": data["ci_method"],
        "rag_rule": dict(LOCAL_METRIC_RAG_RULE),
        "source": data["source"],
        "local": True,
    }
    return Metric.objects.create(
        period=period,
        area=area,
        code=data["code"],
        title=data["title"],
        polarity=data["polarity"],
        multiplier=data["multiplier"],
        unit=data["unit"],
        frequency="year",
        ci_method=data["ci_method"],
        is_local=True,
        definition=definition,
    )
