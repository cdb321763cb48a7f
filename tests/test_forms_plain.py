"""Forms per GOV.UK patterns (issue 16): error messages name their field, labels say "(optional)"
only when a field may really be left empty, upload errors are plain words, choices are scoped to
the HWB; invalid periods in an address get a 404 naming the periods that exist."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bettercare.plans.models import Contribution, Plan
from bettercare.reference.models import Organisation

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def summary(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the page's error summary."""
    block = html.split('govuk-error-summary__list', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)


def test_required_errors_name_the_field_and_link_to_it():
    norfolk = Plan.objects.get(scenario="norfolk-2017-19")
    html = client_for("norfolk.editor").post(
        f"/plans/{norfolk.id}/finance-monitoring/lines/add/", {"quarter": "", "seen_version": "0"}
    ).content.decode()
    links = summary(html)
    assert ("#id_quarter", "Enter the quarter, like 2018-19-Q1") in links
    assert all("This field is required" not in text for _, text in links), links
    for href, _ in links:
        assert f'id="{href[1:]}"' in html, href  # every summary link lands on a field


def test_a_field_needed_unless_another_is_given_is_not_labelled_optional():
    norfolk = Plan.objects.get(scenario="norfolk-2017-19")
    html = client_for("norfolk.editor").get(f"/plans/{norfolk.id}/finance-monitoring/lines/add/").content.decode()
    assert re.search(r'for="id_budget">Budget \(£\)</label>', html), "budget is one of four, one of which is needed"
    assert "Enter at least one of budget" in html  # the hint says what is needed instead
    assert re.search(r'for="id_note">[^<]*\(optional\)</label>', html)  # a truly optional field still says so


def test_norfolks_partner_list_holds_only_norfolks_bodies():
    norfolk = Plan.objects.get(scenario="norfolk-2017-19")
    html = client_for("norfolk.editor").get(f"/plans/{norfolk.id}/finance-monitoring/lines/add/").content.decode()
    select = html.split('id="id_organisation"', 1)[1].split("</select>", 1)[0]
    offered = set(re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select))
    norfolk_bodies = set(
        Organisation.objects.filter(contribution__plan__area=norfolk.area).values_list("name", flat=True)
    )
    elsewhere = set(
        Contribution.objects.exclude(plan__area=norfolk.area).values_list("organisation__name", flat=True)
    ) - norfolk_bodies
    assert norfolk_bodies and elsewhere
    assert norfolk_bodies <= {name.replace("&#x27;", "'") for name in offered}
    assert not offered & elsewhere, offered & elsewhere


def test_a_file_that_is_not_a_workbook_is_named_in_plain_words():
    upload = SimpleUploadedFile("budget.xlsx", b"this is a text file, not a workbook")
    html = client_for("norfolk.editor").post("/plans/import/", {"workbook": upload}).content.decode()
    assert "This file is not an Excel workbook (.xlsx)" in html
    assert "zip" not in html.lower()


def test_an_unknown_year_in_the_address_is_a_404_that_lists_the_years():
    norfolk = Plan.objects.get(scenario="norfolk-2017-19").area
    client = client_for("norfolk.editor")
    for bad in ("2031-32", "2018-2019", "banana"):
        response = client.get(f"/hwb/{norfolk.gss_code}/metrics/?period={bad}")
        assert response.status_code == 404, bad
        assert "Years with figures: " in response.content.decode() and "2017-18" in response.content.decode()
    assert client.get(f"/hwb/{norfolk.gss_code}/metrics/?period=2017-18").status_code == 200


def test_the_dashboard_opens_on_the_latest_year_rated_against_a_target():
    from bettercare.monitoring.results import metric_results
    from bettercare.monitoring.views.metrics import periods_for

    def rated(area, year) -> bool:
        return any(r.rag in ("green", "amber", "red") for r in metric_results(area, year) if not r.locality)

    for scenario in ("leicestershire-2018-19", "norfolk-2017-19"):
        area = Plan.objects.get(scenario=scenario).area
        html = client_for("national").get(f"/hwb/{area.gss_code}/metrics/").content.decode()
        opened = re.search(r'<option value="([^"]+)" selected', html).group(1)
        assert rated(area, opened), (scenario, opened)
        later = [year for year in periods_for(area) if year > opened]
        assert not any(rated(area, year) for year in later), (scenario, opened, later)
