"""Layout for data (issue 16): the pages a viewer reads fit the window at 1280px and 768px (no
sideways scroll), are axe-core clean, and are kept as screenshots for people to look at."""

import os
from pathlib import Path

import pytest
from looking import BROKEN_WORDS, CELLS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(os.environ.get("BETTERCARE_SCREENSHOTS", "/tmp/bettercare-screenshots"))
WIDTHS = (1280, 768)
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('main *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.offsetParent !== null)
    .filter(el => !el.closest('.govuk-visually-hidden'))
    .slice(0, 8)
    .map(el => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join('.')} `
      + `right=${Math.round(el.getBoundingClientRect().right)}`);
}"""


def viewer_pages(live_server_url: str) -> list[tuple[str, str, str]]:
    """(user, name, url) for the dashboard, a metric page, the HWB page and the plan page, read by
    the NEL viewer and (for the HWBs with the most data) the national team user."""
    from bettercare.plans.models import Plan

    pages = []
    for user, scenario in (
        ("nel.viewer", "nel-2017-19"),
        ("national", "leicestershire-2018-19"),
        ("national", "norfolk-2014-16"),
    ):
        plan = Plan.objects.filter(scenario=scenario).first()
        gss = plan.area.gss_code
        pages += [
            (user, f"{scenario}-dashboard", f"/hwb/{gss}/metrics/"),
            (user, f"{scenario}-metric", "first metric on the dashboard"),
            (user, f"{scenario}-hwb", f"/hwb/{gss}/"),
            (user, f"{scenario}-plan", f"/plans/{plan.id}/"),
        ]
    return pages


def serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in result["violations"] if violation["impact"] in ("serious", "critical")]


def test_viewer_pages_fit_the_window_and_are_accessible(demo_data, browser, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    pages = viewer_pages(live_server.url)
    for user in dict.fromkeys(user for user, _, _ in pages):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # for axe only
        page = context.new_page()
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("Username").fill(user)
        page.get_by_label("Password").fill("bettercare-demo")
        page.get_by_role("button", name="Sign in").click()
        for _, name, url in [entry for entry in pages if entry[0] == user]:
            if url == "first metric on the dashboard":
                url = page.eval_on_selector(
                    "#main-content table a[href*='/metrics/']:not([href*='/local/'])", "a => a.getAttribute('href')"
                )
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(live_server.url + url)
                assert response.status == 200, url
                page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=False)
                scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if scroll > inner:
                    problems.append(f"{url} at {width}px scrolls sideways ({scroll} > {inner}): "
                                    f"{page.evaluate(OVERFLOWING)}")
                if broken := page.evaluate(BROKEN_WORDS, CELLS):
                    problems.append(f"{url} at {width}px breaks words inside table cells: {broken[:6]}")
            problems += [f"{url}: axe {v['id']}: {v['help']}" for v in serious_violations(page)]
        context.close()
    assert not problems, "\n".join(problems)
