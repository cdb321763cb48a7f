"""One figure per HWB x locality x metric x period (issue 13): merge the duplicate actuals already in
a database, then make the database refuse new ones.

Rule of the merge, per (area, locality, metric, period, component) with more than one row:
- the row kept is the one with the most information: a numerator, then a stated value, then the
  most decimal places, then the latest entered (highest id);
- every other row's label, value, source and note are appended to the kept row's note
  ("Also stated: ..."), and blank fields of the kept row are filled from them;
- the history of every merged row is re-pointed at the kept row, so its history page shows all of
  them; then the other rows are deleted.
Going backwards keeps the merged rows merged (the constraint is dropped, nothing is split).
"""

from django.db import migrations, models

KEY = ("area_id", "locality_id", "metric_id", "period", "component")
FILLABLE = ("numerator", "denominator", "value", "value_decimals", "as_at", "definition_id", "source")


def _richness(row):
    return (row.numerator is not None, row.value is not None, row.value_decimals or 0, row.id)


def _describe(row) -> str:
    value = "no figure" if row.value is None and row.numerator is None else (
        f"{row.value.normalize():f}" if row.value is not None else f"count {row.numerator.normalize():f}")
    parts = [f"{row.label or row.period}: {value}"]
    if row.source:
        parts.append(f"({row.source})")
    text = " ".join(parts)
    return f"{text}. {row.note}".strip() if row.note else text


def merge_duplicate_actuals(apps, schema_editor):
    MetricActual = apps.get_model("monitoring", "MetricActual")
    History = apps.get_model("monitoring", "HistoricalMetricActual")
    groups = {}
    for row in MetricActual.objects.order_by("id"):
        groups.setdefault(tuple(getattr(row, name) for name in KEY), []).append(row)
    for rows in groups.values():
        if len(rows) < 2:
            continue
        kept = max(rows, key=_richness)
        others = [row for row in rows if row.id != kept.id]
        for other in others:
            for name in FILLABLE:
                if getattr(kept, name) in (None, "") and getattr(other, name) not in (None, ""):
                    setattr(kept, name, getattr(other, name))
        also = "; ".join(_describe(other) for other in others)
        kept.note = f"{kept.note}\nAlso stated: {also}".strip()
        kept.save()
        ids = [other.id for other in others]
        History.objects.filter(id__in=ids).update(id=kept.id)
        MetricActual.objects.filter(id__in=ids).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0007_optimistic_locking_versions"),
    ]

    operations = [
        migrations.AlterUniqueTogether(name="metricactual", unique_together=set()),
        migrations.RunPython(merge_duplicate_actuals, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="metricactual",
            constraint=models.UniqueConstraint(
                condition=models.Q(("locality__isnull", False)),
                fields=("area", "locality", "metric", "period", "component"),
                name="one_actual_per_locality_metric_period",
            ),
        ),
        migrations.AddConstraint(
            model_name="metricactual",
            constraint=models.UniqueConstraint(
                condition=models.Q(("locality__isnull", True)),
                fields=("area", "metric", "period", "component"),
                name="one_actual_per_hwb_metric_period",
            ),
        ),
    ]
