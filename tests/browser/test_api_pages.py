"""A real Chromium creates an API token (shown once), uses it from outside the browser, revokes it;
the API reference and the Python / Power BI guide pass axe."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_use_and_revoke_a_token(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("nel.viewer")
    page.get_by_role("link", name="API").click()
    page.get_by_role("link", name="API tokens").first.click()
    page.get_by_role("button", name="Create token").click()
    assert "Enter what the token is for" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations() == []
    page.get_by_label("What is the token for?").fill("Power BI report")
    page.get_by_label("1 year").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token").inner_text().strip()
    assert secret.startswith("bc_") and axe_violations() == []
    api = Client()
    assert api.get("/api/v1/areas/E06000012/results?period=2017-19",
                   HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    page.goto(f"{live_server.url}/account/api-tokens/")
    assert secret not in page.content()
    assert "Power BI report" in page.locator("#token-list").inner_text()
    page.get_by_role("button", name="Revoke Power BI report").click()
    assert "is revoked" in page.content()
    assert api.get("/api/v1/areas/E06000012", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_reference_and_guide_pages(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("nel.viewer")
    page.goto(f"{live_server.url}/api/v1/docs/")
    assert "/api/v1/areas/{gss_code}/results" in page.content()
    assert axe_violations() == []
    page.get_by_role("link", name="how to use it from Python or Power BI").click()
    assert "Parquet.Document" in page.content()
    assert axe_violations() == []
