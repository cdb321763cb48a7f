"""Playwright driving Debian's Chromium (headless) against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("BETTERCARE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium is not installed: run `make test-deps` (Debian package chromium).")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_data(transactional_db):
    """The demo scenarios and users, loaded into the live server's database."""
    from bettercare.scenarios.loader import load
    from bettercare.scenarios.users import create_demo_users

    load()
    create_demo_users()


@pytest.fixture
def sign_in(page, live_server):
    """sign_in(username, password="bettercare-demo") through the sign-in form."""

    def sign_in(username: str, password: str = "bettercare-demo") -> None:
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    return sign_in


@pytest.fixture
def axe_violations(page):
    """axe_violations(): run axe-core in the current page; return its serious and critical violations."""

    def axe_violations(impacts=("serious", "critical")) -> list[dict]:
        # evaluated through the DevTools protocol: the page's Content Security Policy (no inline
        # script) would refuse an added <script> tag, as it should
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [violation for violation in result["violations"] if violation["impact"] in impacts]

    return axe_violations
