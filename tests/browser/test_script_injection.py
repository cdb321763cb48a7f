"""Stored script injection: `</script><script>` and `"><img onerror>` payloads planted in every free-text
field a user can enter (local metric title and unit, schemes, contributions, contingency and finance lines,
commentary, risks, actions, condition and HICM narratives, return narratives) are shown as text on every
page that shows them, in a real Chromium: no dialog opens, no planted element or script runs."""

import pytest
from django.urls import reverse

from bettercare.delivery.models import Action, ConditionConfirmation, HicmAssessment, QuarterlyReturn, Risk
from bettercare.monitoring.models import FinanceLine, MetricActual, MetricCommentary
from bettercare.plans.models import ContingencyLine, Contribution, MetricTarget, Plan, Scheme
from bettercare.reference.models import Metric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "</script><script>alert(1)</script>"  # 34 characters: fits the shortest field (unit, 40)
IMG = '"><img src=x onerror=alert(2)>'
PAYLOAD = f"Planted {SCRIPT} and {IMG}"
NORFOLK = "E10000020"
LEICESTERSHIRE = "E10000018"

# (model, text fields a user can enter, which rows): the free text of every form users fill in
PLANTED = [
    (Scheme, ["name", "description", "lead_provider", "commissioner"], {"plan__area__gss_code": NORFOLK}),
    (Contribution, ["note"], {"plan__area__gss_code": NORFOLK}),
    (ContingencyLine, ["outcome", "label"], {"plan__area__gss_code": NORFOLK}),
    (FinanceLine, ["note", "line"], {"plan__area__gss_code": NORFOLK}),
    (Risk, ["title", "mitigation", "owner"], {"plan__area__gss_code": NORFOLK}),
    (Action, ["action", "owner", "status"], {"plan__area__gss_code": NORFOLK}),
    (ConditionConfirmation, ["narrative"], {"plan__area__gss_code": NORFOLK}),
    (HicmAssessment, ["narrative"], {"plan__area__gss_code": NORFOLK}),
]


def fit(field, text: str) -> str:
    limit = getattr(field, "max_length", None)
    return text if not limit or len(text) <= limit else (SCRIPT if len(SCRIPT) <= limit else IMG[:limit])


def plant() -> dict:
    for model, names, rows in PLANTED:
        fields = {name: model._meta.get_field(name) for name in names if hasattr(model, name)}
        for row in model.objects.filter(**rows):
            text = f"{PAYLOAD} (row {row.pk})"  # unique per row: some texts are part of a natural key
            model.objects.filter(pk=row.pk).update(**{name: fit(f, text) for name, f in fields.items()})
    charted = Plan.objects.get(scenario="leicestershire-2018-19")  # figures enough for SPC charts
    national = Metric.objects.get(period=charted.period, code="dtoc", area__isnull=True)
    local = Metric.objects.get(pk=national.pk)
    local.pk, local.code, local.area, local.is_local = None, "local-planted", charted.area, True
    local.title, local.unit = fit(Metric._meta.get_field("title"), PAYLOAD), SCRIPT
    local.save()
    for actual in MetricActual.objects.filter(metric=national, area=charted.area):
        actual.pk, actual.metric = None, local
        actual.save()
    for target in MetricTarget.objects.filter(metric=national, plan__area=charted.area):
        target.pk, target.metric = None, local
        target.save()
    MetricCommentary.objects.create(area=charted.area, metric=national, period="2018-19", text=PAYLOAD)
    MetricCommentary.objects.create(area=charted.area, metric=local, period="2018-19", text=PAYLOAD)
    area_plan = Plan.objects.get(scenario="norfolk-2014-16")
    ret = QuarterlyReturn.objects.create(area=area_plan.area, plan=Plan.objects.get(scenario="norfolk-2017-19"),
                                         quarter="2017-18-Q4", achievements=PAYLOAD, challenges=PAYLOAD,
                                         support_needed=PAYLOAD)
    return {"plan": area_plan, "later": Plan.objects.get(scenario="norfolk-2017-19"), "return": ret,
            "risk": Risk.objects.filter(plan__area__gss_code=NORFOLK).first(),
            "scheme": Scheme.objects.filter(plan=area_plan).first(),
            "contribution": Contribution.objects.filter(plan=area_plan).first()}


def pages(rows: dict) -> list[str]:
    plan, later = rows["plan"], rows["later"]
    return [
        f"/hwb/{NORFOLK}/",
        f"/hwb/{NORFOLK}/metrics/?period=2014-15",
        f"/plans/{plan.pk}/",
        f"/plans/{later.pk}/",
        reverse("plans:editor", args=[plan.pk]),
        reverse("plans:scheme_edit", args=[plan.pk, rows["scheme"].pk]),
        reverse("plans:row_edit", args=[plan.pk, "contributions", rows["contribution"].pk]),
        reverse("plans:finance", args=[later.pk]),
        reverse("plans:versions", args=[plan.pk]),
        reverse("delivery:plan", args=[later.pk]),
        reverse("delivery:risks", args=[later.pk]),
        reverse("delivery:risk", args=[rows["risk"].pk]),
        reverse("delivery:risk_edit", args=[rows["risk"].pk]),
        reverse("delivery:risk_history", args=[rows["risk"].pk]),
        reverse("delivery:actions", args=[later.pk]),
        reverse("delivery:conditions", args=[later.pk]),
        reverse("delivery:hicm", args=[later.pk]),
        reverse("delivery:hicm_edit", args=[later.pk, "2017-18-Q4"]),
        reverse("delivery:return", args=[rows["return"].pk]),
        reverse("delivery:return_narrative", args=[rows["return"].pk]),
        reverse("reports:area", args=[NORFOLK]),
        reverse("reports:plan-page", args=[NORFOLK]),
    ]


METRIC_PAGES = [  # signed in as the national team, who read every HWB
    f"/hwb/{LEICESTERSHIRE}/metrics/?period=2018-19",
    f"/hwb/{LEICESTERSHIRE}/metrics/local-planted/?period=2018-19",
    f"/hwb/{LEICESTERSHIRE}/metrics/dtoc/?period=2018-19",
]


def test_planted_payloads_never_run(page, live_server, demo_data, sign_in):
    rows = plant()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text
            else None)
    shown, charts = 0, 0
    for user, paths in (("norfolk.editor", pages(rows)), ("national", METRIC_PAGES)):
        sign_in(user)
        for path in paths:
            shown_here, charts_here = visit(page, live_server, path)
            shown, charts = shown + shown_here, charts + charts_here
    assert dialogs == [], dialogs
    assert errors == [], errors  # nothing even tried to run inline script (which the CSP would block)
    assert shown >= 15  # the payloads are visible as text on the pages that show them
    assert charts >= 3  # charts whose JSON holds the planted title and unit did render


def visit(page, live_server, path: str) -> tuple[int, int]:
    """Open ``path``; check no planted element or script exists; return (payload shown?, charts rendered)."""
    response = page.goto(f"{live_server.url}{path}")
    assert response.status in (200, 409), (path, response.status)
    page.wait_for_load_state("load")
    if page.locator("[data-vega-spec]").count():
        page.wait_for_selector("[data-vega-spec][data-rendered='true'], [data-vega-spec][data-error]")
        assert page.locator("[data-vega-spec][data-error]").count() == 0, path
    planted = page.evaluate(
        """() => ({
            images: document.querySelectorAll('img[src="x"]').length,
            scripts: [...document.scripts].filter(s => s.textContent.includes('alert(')
                      && s.type !== 'application/json').length,
        })"""
    )
    assert planted == {"images": 0, "scripts": 0}, path
    text = page.locator("body").inner_text() + " ".join(
        page.locator("textarea, input").evaluate_all("els => els.map(e => e.value)"))
    shown = "<img src=x onerror=alert(2)>" in text or "</script><script>alert(1)</script>" in text
    return int(shown), page.locator("[data-vega-spec][data-rendered='true']").count()
