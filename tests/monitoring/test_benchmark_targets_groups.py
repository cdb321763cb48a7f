"""Benchmark against each HWB's own target and a comparator group, the spine chart, and comparator groups as
versioned sets of HWBs with their permissions. Ratings and comparisons are checked against ``indicators``
computed independently on the same rows; spine quartiles against numpy on the same values."""

from datetime import date

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from bettercare.indicators import ESP2013, Polarity, compare, dsr, make_rag_rule, proportion
from bettercare.monitoring.benchmark import benchmark, benchmark_rows
from bettercare.monitoring.comparator_groups import members_of, own_group, save_group, sync_register_groups
from bettercare.monitoring.models import ComparatorGroup, MetricActual
from bettercare.monitoring.spine import spine
from bettercare.plans.models import MetricTarget, Plan
from bettercare.reference.models import AreaRegistration, Metric, Population
from bettercare.reference.national_register import load_national_register
from bettercare.scenarios.comparator_groups import FAMILY_GROUP, FAMILY_MEMBERS, load_demo_groups
from bettercare.scenarios.national_targets import derived_targets, improve, load_national_targets
from falls_figures import falls_with_bands

pytestmark = pytest.mark.django_db
NORFOLK, HIGH = "E10000020", "E06000002"


def _months(year: int) -> list[tuple[date, date]]:
    out = []
    for k in range(12):
        y, m = (year, 4 + k) if k < 9 else (year + 1, k - 8)
        end = date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
        out.append((date(y, m, 1), date.fromordinal(end)))
    return out


@pytest.fixture
def national(catalogue_db_source):
    """2023-24 figures for every HWB in force: twelve monthly falls-65 figures with their ESP2013 age
    bands (``falls_figures``; Middlesbrough at twice the rates) and an annual reablement-91 proportion
    (Binomial, 82%)."""
    load_national_register()
    falls_with_bands(29, {HIGH: 2.0})
    falls = Metric.objects.get(period__code="2023-25", code="falls-65", area=None)
    reablement = Metric.objects.get(period__code="2023-25", code="reablement-91", area=None)
    rng = np.random.default_rng(29)
    rows = []
    for registration in AreaRegistration.objects.select_related("area").exclude(valid_to__lt=date(2023, 4, 1)):
        area = registration.area
        population = Population.objects.filter(area=area, age_band="65+", locality=None).order_by(
            "-financial_year").first()
        people = population.population if population else 60_000
        discharged = max(50, people // 400)
        rows.append(MetricActual(area=area, metric=reablement, period="2023-24", period_start=date(2023, 4, 1),
                                 period_end=date(2024, 3, 31), numerator=int(rng.binomial(discharged, 0.82)),
                                 denominator=discharged, origin="computed", source="test"))
    MetricActual.objects.bulk_create(rows)
    return falls


WEIGHTS = list(ESP2013[-6:])
BANDS = ["65-69", "70-74", "75-79", "80-84", "85-89", "90+"]


def _bands(codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The year's falls band counts (summed over the months) and populations (once per HWB), summed over
    the HWBs, read back from the rows."""
    counts, populations = np.zeros(6), np.zeros(6)
    for code in codes:
        rows = MetricActual.objects.filter(area__gss_code=code, metric__code="falls-65", component__startswith="age:")
        counts += [sum(float(r.numerator) for r in rows if r.component == f"age:{b}") for b in BANDS]
        populations += [max(float(r.denominator) for r in rows if r.component == f"age:{b}") for b in BANDS]
    return counts, populations


def test_targets_derive_from_each_hwbs_baseline_by_the_stated_rule(national):
    report = load_national_targets()
    assert report.plans == 152 - Plan.objects.filter(period__code="2023-25").exclude(scenario="national-demo").count()
    assert report.targets == 2 * 2 * report.plans  # two metrics with figures, two years each
    assert load_national_targets().targets == 0  # idempotent: kept, never overwritten
    result = benchmark("falls-65", "2023-24")
    norfolk = next(r for r in result.rows if r.area.gss_code == NORFOLK)
    rng = np.random.default_rng(0)  # the rule itself, on a known draw
    ambition, error = rng.uniform(0.01, 0.05), rng.normal(0, 0.04)
    expected = derived_targets(1000.0, "lower", False, 100_000, np.random.default_rng(0))
    assert expected == {"2023-24": round(1000 * (1 + error) * (1 - ambition), 1),
                        "2024-25": round(1000 * (1 - ambition), 1)}
    assert improve(80.0, 0.05, "higher", True, 100) == pytest.approx(81.0)  # 5% of the gap to 100% closed
    stored = MetricTarget.objects.get(plan__area__gss_code=NORFOLK, metric__code="falls-65", period="2024-25")
    assert float(stored.value) < norfolk.value  # lower is better: the 2024-25 ambition improves on 2023-24
    assert 0.94 * norfolk.value < float(stored.value) < 0.995 * norfolk.value


def test_rag_against_own_target_matches_the_metrics_rule_on_the_same_rows(national):
    load_national_targets()
    metric = Metric.objects.get(period__code="2023-25", code="falls-65", area=None)
    targets = {t.plan.area.gss_code: float(t.value) for t in MetricTarget.objects.filter(
        metric=metric, period="2023-24", plan__scenario="national-demo").select_related("plan__area")}
    result = benchmark("falls-65", "2023-24")
    rule = make_rag_rule(metric.definition["rag_rule"])
    ratings = set()
    for row in result.rows:
        x, n = _bands([row.area.gss_code])
        one = dsr(x, n, WEIGHTS, confidence=0.95)  # falls-65 is a DSR on the year's age bands
        expected = rule.assess(one, targets[row.area.gss_code], Polarity.LOWER).rating.value
        assert (row.target, row.rag) == (targets[row.area.gss_code], expected), row.area.name
        ratings.add(row.rag)
    assert {"green", "red"} <= ratings  # the derived targets give a spread, not one colour
    shown = benchmark_rows(result)["areas"][0]
    assert {"target", "rag", "rag_text"} <= set(shown)


def test_comparison_with_a_comparator_group_matches_indicators_on_the_pooled_members(national):
    sync_register_groups()
    icb = ComparatorGroup.objects.get(code="icb-QHM")  # North East and North Cumbria
    members = members_of(icb)
    assert HIGH in members and "E06000063" in members  # Middlesbrough; Cumberland (after April 2023)
    result = benchmark("falls-65", "2023-24", group=(icb.name, members))
    x, n = _bands([r.area.gss_code for r in result.rows if r.area.gss_code in members])
    for confidence in (0.95, 0.998):
        pooled = dsr(x, n, WEIGHTS, confidence=confidence)  # the members' age bands pooled
        assert result.group[1][confidence].value == pytest.approx(pooled.value)
        for row in result.rows:
            expected = compare(row.estimates[confidence], pooled.value, Polarity.LOWER).outcome.value
            assert row.vs_group[confidence] == expected.replace("_", " ")
    assert next(r for r in result.rows if r.area.gss_code == HIGH).vs_group[0.998] == "worse"


def test_register_groups_are_versioned_only_when_members_change(national):
    assert sync_register_groups() > 0
    assert sync_register_groups() == 0
    london = ComparatorGroup.objects.get(code="region-E12000007")
    assert london.kind == "region" and len(members_of(london)) == 33 and london.current.number == 1


def test_user_defined_group_permissions_and_versions(national, django_user_model):
    load_demo_groups()
    family = ComparatorGroup.objects.get(name=FAMILY_GROUP)
    assert members_of(family) == set(FAMILY_MEMBERS) and family.owner.gss_code == NORFOLK
    norfolk = family.owner
    assert own_group(norfolk) == family
    editor = django_user_model.objects.get(username="norfolk.editor")
    save_group(editor, family, name=FAMILY_GROUP, owner=norfolk, member_codes=[*FAMILY_MEMBERS[:-1]],
               note="Derbyshire left the group")
    assert family.versions.count() == 2 and "E10000007" not in members_of(family)
    assert "E10000007" in set(family.versions.get(number=1).members.values_list("gss_code", flat=True))
    assert family.versions.get(number=2).author == editor
    approver = django_user_model.objects.get(username="leicestershire.approver")
    with pytest.raises(PermissionDenied):
        save_group(approver, family, name="x", owner=None, member_codes=FAMILY_MEMBERS, note="taken over")
    viewer = django_user_model.objects.get(username="nel.viewer")
    with pytest.raises(PermissionDenied):
        save_group(viewer, None, name="NEL peers", owner=viewer.memberships.first().area,
                   member_codes=FAMILY_MEMBERS, note="peers")
    national_user = django_user_model.objects.get(username="national")
    with pytest.raises(ValidationError) as error:
        save_group(national_user, None, name="", owner=None, member_codes=["E10000020", "X99"], note="")
    assert set(error.value.message_dict) == {"name", "members", "note"}
    region = ComparatorGroup.objects.get(code="region-E12000006")
    with pytest.raises(PermissionDenied):  # register groups follow the register, not users
        save_group(national_user, region, name="East", owner=None, member_codes=FAMILY_MEMBERS, note="no")


def test_spine_quartiles_match_numpy_on_the_benchmark_values(national):
    rows = {row.metric.code: row for row in spine(NORFOLK, "2023-24")}
    assert set(rows) >= {"falls-65", "reablement-91"}
    for code, row in rows.items():
        if row.summary is None:
            continue
        values = [r.value for r in benchmark(code, "2023-24").rows if r.value is not None]
        assert row.summary.areas == len(values) == 152
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        assert (row.summary.q1, row.summary.median, row.summary.q3) == pytest.approx((q1, median, q3))
        assert (row.summary.lowest, row.summary.highest) == (min(values), max(values))
    falls = rows["falls-65"]
    assert falls.summary.scale.position(falls.england) == 0.5
    reablement = rows["reablement-91"]
    record = MetricActual.objects.get(area__gss_code=NORFOLK, metric__code="reablement-91",
                                      metric__period__code="2023-25", period="2023-24")
    assert reablement.value == pytest.approx(proportion(float(record.numerator), float(record.denominator),
                                                        multiplier=100).value)


def _client(django_user_model, username: str) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.get(username=username))
    return client


def test_pages_show_rag_group_and_spine_to_the_right_people(national, django_user_model):
    load_national_targets()
    load_demo_groups()
    national_client = _client(django_user_model, "national")
    plan = Plan.objects.filter(scenario="national-demo", area__gss_code=HIGH).get()
    plan_page = national_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "metric ambitions" in plan_page and "Emergency hospital admissions due to falls" in plan_page
    page = national_client.get("/benchmark/?metric=falls-65&period=2023-24&group=icb-QHM&sort=rag")
    text = page.content.decode()
    assert page.status_code == 200 and text.count('<th scope="row"') == len(members_of(
        ComparatorGroup.objects.get(code="icb-QHM"))) - 1  # Cumbria is not in force in 2023-24
    assert "Group 95%" in text and "Against target" in text
    csv = national_client.get("/benchmark/?metric=falls-65&period=2023-24&group=icb-QHM&format=csv").content.decode()
    assert "Comparator group: NHS North East and North Cumbria Integrated Care Board" in csv
    assert "target,rag,rag_text" in csv.splitlines()[1]
    editor = _client(django_user_model, "norfolk.editor")
    own = editor.get("/benchmark/?metric=falls-65&period=2023-24").content.decode()
    assert own.count('<th scope="row"') == 1 and FAMILY_GROUP in own  # own HWB against its family group
    spine_page = editor.get(f"/benchmark/hwb/{NORFOLK}/?period=2023-24")
    assert spine_page.status_code == 200 and 'id="chart-spine"' in spine_page.content.decode()
    assert editor.get("/benchmark/hwb/E06000002/?period=2023-24").status_code == 403
    family = ComparatorGroup.objects.get(name=FAMILY_GROUP)
    assert editor.get(f"/benchmark/groups/{family.code}/edit/").status_code == 200
    viewer = _client(django_user_model, "nel.viewer")
    assert viewer.get(f"/benchmark/groups/{family.code}/edit/").status_code == 403
    assert viewer.get("/benchmark/groups/new/").status_code == 403
    refused = editor.post("/benchmark/groups/new/", {"name": "Norfolk and Suffolk", "owner": NORFOLK,
                                                     "members": [NORFOLK], "note": ""})
    assert refused.status_code == 400 and "Choose at least two HWBs" in refused.content.decode()
    created = editor.post("/benchmark/groups/new/", {"name": "Norfolk and Suffolk", "owner": NORFOLK,
                                                     "members": [NORFOLK, "E10000029"], "note": "Neighbours"})
    assert created.status_code == 302
    group = ComparatorGroup.objects.get(name="Norfolk and Suffolk")
    assert members_of(group) == {NORFOLK, "E10000029"} and group.current.author.username == "norfolk.editor"
