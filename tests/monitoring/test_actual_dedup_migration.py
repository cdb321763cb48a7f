"""The migration that merges duplicate actuals (monitoring 0008) on a database laid out as before it:
duplicates of one HWB x locality x metric x period become one row, with the others' figures in its
note and their history re-pointed at it, and the database then refuses a new duplicate.

Runs in a child process on its own SQLite file, because it migrates backwards and forwards."""

import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json
    import django
    from django.core.management import call_command
    from django.db import IntegrityError, transaction

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("migrate", "monitoring", "0007", verbosity=0)  # the layout of today's main
    from bettercare.scenarios.loader import load
    from bettercare.monitoring.models import MetricActual

    load(["leicestershire-2018-19"])
    hwb = MetricActual.objects.filter(locality=None, numerator__isnull=False).order_by("id").first()
    before = MetricActual.objects.count()
    copies = []
    for n, value in enumerate(("180.1", "180.12")):
        copy = MetricActual.objects.get(pk=hwb.pk)
        copy.pk = None
        copy.label, copy.value, copy.numerator, copy.source = f"copy {n}", value, None, f"re-import {n}"
        copy.save()
        copies.append(copy.pk)
    call_command("migrate", "monitoring", verbosity=0)
    kept = MetricActual.objects.get(pk=hwb.pk)
    out = {
        "before": before,
        "after": MetricActual.objects.count(),
        "copies_left": MetricActual.objects.filter(pk__in=copies).count(),
        "note": kept.note,
        "numerator": str(kept.numerator),
        "history": list(kept.history.values_list("label", flat=True)),
    }
    try:
        with transaction.atomic():
            MetricActual.objects.create(**{f.attname: getattr(kept, f.attname) for f in kept._meta.concrete_fields
                                           if f.attname != "id"})
        out["refused"] = False
    except IntegrityError:
        out["refused"] = True
    print("RESULT " + json.dumps(out))
    """
)


def test_duplicates_from_the_old_layout_are_merged_keeping_history(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bettercare.web.dev_settings",
        "BETTERCARE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
    }
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    [line] = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    result = json.loads(line[len("RESULT "):])
    assert result["after"] == result["before"] and result["copies_left"] == 0
    assert "Also stated: copy 0: 180.1 (re-import 0)" in result["note"]
    assert "copy 1: 180.12 (re-import 1)" in result["note"]
    assert result["numerator"] != "None", "the row with a count is the one kept"
    assert {"copy 0", "copy 1"} <= set(result["history"]), "the merged rows' history is the kept row's"
    assert result["refused"], "a second figure for the same HWB, metric and period is refused"
