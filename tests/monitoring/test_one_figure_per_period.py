"""One figure per HWB x locality x metric x period: new plan versions and workbook re-imports add
versions of the plan's targets, never extra figures or extra target rows on the pages, the CLI or
the paper (issue 13, item 3)."""

import json
import re
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.monitoring.models import MetricActual
from bettercare.planbook.versions import create_new_version
from bettercare.planbook.workbook import export_plan, import_workbook
from bettercare.plans.models import MetricTarget, Plan
from bettercare.plans.services import current_version

pytestmark = pytest.mark.django_db
NORFOLK = "E10000020"
PAGES = [
    f"/hwb/{NORFOLK}/metrics/?period=2014-15",
    f"/hwb/{NORFOLK}/metrics/?period=2017-18",
    f"/hwb/{NORFOLK}/metrics/?period=2018-19",
    f"/hwb/{NORFOLK}/metrics/perm-admissions-65/?period=2014-15",
    f"/hwb/{NORFOLK}/metrics/emergency-admissions-composite/?period=2014-15",
    f"/hwb/{NORFOLK}/metrics/nea/?period=2017-18",
    f"/hwb/{NORFOLK}/metrics/dtoc/?period=2017-18",
]


def _page_counts(client) -> dict[str, tuple[int, int]]:
    """Table rows and warning lines of each page."""
    client.force_login(get_user_model().objects.get(username="norfolk.editor"))
    counts = {}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        counts[url] = (len(re.findall(r"<tr\b", html)), html.count("Inconsistent"))
    return counts


def _show(period: str, area: str = "Norfolk") -> list[dict]:
    result = CliRunner().invoke(app, ["metrics", "show", "--area", area, "--period", period, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _show_keys(rows: list[dict]) -> list[tuple]:
    return sorted((r["metric"], r["locality"] or "", r["component"] or "", r["kind"], r["period"]) for r in rows)


def test_three_versions_and_two_reimports_add_no_rows(client):
    pages_before = _page_counts(client)
    shows_before = {period: _show(period) for period in ("2014-16", "2017-19")}
    actuals_before = MetricActual.objects.count()
    editor = get_user_model().objects.get(username="norfolk.editor")

    later = Plan.objects.get(scenario="norfolk-2017-19")
    second = create_new_version(editor, later)
    third = create_new_version(editor, second)
    assert third.version == second.version + 1
    earlier = Plan.objects.get(scenario="norfolk-2014-16")
    content = export_plan(earlier)
    for _ in range(2):
        import_workbook(BytesIO(content), "norfolk-2014-16.xlsx")

    assert MetricActual.objects.count() == actuals_before, "a version or an import copied actuals"
    assert _page_counts(client) == pages_before
    for period, before in shows_before.items():
        after = _show(period)
        assert len(after) == len(before), period
        assert _show_keys(after) == _show_keys(before), period
        assert len(set(_show_keys(after))) == len(after), f"{period}: a figure or target is listed twice"
    targets = [r for r in shows_before["2017-19"] if r["kind"] == "target"]
    assert targets and _show_keys(targets) == _show_keys([r for r in _show("2017-19") if r["kind"] == "target"])
    # every version keeps its own targets (history), but only the current one's are read
    assert MetricTarget.objects.filter(plan=third).count() == MetricTarget.objects.filter(plan=later).count()


def test_targets_in_force_are_the_current_versions():
    """The latest approved version's targets are read; a draft after it is not in force until approved."""
    approved = Plan.objects.get(scenario="leicestershire-2018-19")
    versions = list(Plan.objects.filter(area=approved.area, period=approved.period))
    assert current_version(versions) == max(
        (p for p in versions if p.status in ("approved", "assured")), key=lambda p: p.version
    )
    editor = get_user_model().objects.create_user("leics.editor.13b", password="x")
    from bettercare.accounts.models import Membership

    Membership.objects.create(user=editor, area=approved.area, role="editor")
    draft = create_new_version(editor, approved)
    nea = draft.metric_targets.filter(metric__code="nea", kind="target", locality=None, numerator__isnull=False)
    nea = nea.order_by("period_end").last()
    nea.numerator = nea.numerator + 1000
    nea.save()

    def shown() -> list[float]:
        rows = _show("2018-19", "Leicestershire")
        wanted = ("nea", "target", nea.period)
        return [r["numerator"] for r in rows if (r["metric"], r["kind"], r["period"]) == wanted]

    before = shown()
    assert float(nea.numerator - 1000) in before and float(nea.numerator) not in before, "a later draft is not in force"
    draft.status = "approved"  # saved, so the change is recorded (and shown at once: reference.data_version)
    draft.save()
    after = shown()
    assert float(nea.numerator) in after and float(nea.numerator - 1000) not in after, "the approved one is"
    assert len(after) == len(before)


def test_a_new_version_does_not_double_the_nea_target_rows():
    """Leicestershire 2017-19 (the issue's example: one new version doubled the NEA target row)."""
    before = [r for r in _show("2018-19", "Leicestershire") if r["metric"] == "nea"]
    assert any(r["kind"] in ("target", "trajectory") for r in before)
    plan = Plan.objects.filter(scenario="leicestershire-2018-19").order_by("-version").first()
    editor = get_user_model().objects.create_user("leics.editor.13", password="x")
    from bettercare.accounts.models import Membership

    Membership.objects.create(user=editor, area=plan.area, role="editor")
    create_new_version(editor, plan)
    after = [r for r in _show("2018-19", "Leicestershire") if r["metric"] == "nea"]
    assert _show_keys(after) == _show_keys(before)
