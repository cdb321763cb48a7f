"""The roll-forward page (editors of the HWB) and the catalogue pages (upload for national
administrators, the permission checked before the file is read) through Django's test client."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.test import Client

from bettercare.catalogue.loader import ROOT
from bettercare.plans.models import Contribution, Plan, RollForwardRecord
from bettercare.reference.models import CatalogueVersion, PolicyPeriod
from bettercare.scenarios.current_year import ILLUSTRATIVE_DIR
from bettercare.scenarios.loader import ScenarioLoader

pytestmark = pytest.mark.django_db
BROKEN = Path(__file__).parents[1] / "catalogue" / "fixtures" / "2027-28-broken.yaml"


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def plan_2025_26():
    ScenarioLoader("norfolk-2025-26", directory=ILLUSTRATIVE_DIR).load()
    return Plan.objects.get(scenario="norfolk-2025-26")


def test_the_page_previews_then_creates_the_draft_with_uplifts(plan_2025_26):
    client = client_for("norfolk.editor")
    page = client.get(f"/plans/{plan_2025_26.pk}/roll-forward/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Start next year" in html and "plan from this one" in html and "£78,456,789" in html
    assert "rounded to the pound, half up" in html
    response = client.post(
        f"/plans/{plan_2025_26.pk}/roll-forward/",
        {"to": "2026-27", "create": "1", "uplift_nhs_minimum": "5.66", "uplift_dfg": ""},
    )
    new = Plan.objects.get(area=plan_2025_26.area, period__code="2026-27")
    assert response.status_code == 302 and response.url == f"/plans/{new.pk}/rolled-forward/"
    total = Contribution.objects.filter(plan=new, stream__code="nhs_minimum").aggregate(t=Sum("amount"))["t"]
    assert total == Decimal("82897443")
    account = client.get(response.url).content.decode()
    assert "What was carried from last year" in account and "£82,897,443" in account and "5.66%" in account
    assert "NHS minimum contribution (was CCG" not in account  # titles, not ids
    assert RollForwardRecord.objects.get(plan=new).author.username == "norfolk.editor"


def test_a_bad_uplift_is_named_and_nothing_is_created(plan_2025_26):
    client = client_for("norfolk.editor")
    response = client.post(
        f"/plans/{plan_2025_26.pk}/roll-forward/", {"to": "2026-27", "create": "1", "uplift_nhs_minimum": "lots"}
    )
    assert response.status_code == 400
    assert "Enter the uplift as a percentage, like 5.66" in response.content.decode()
    assert not Plan.objects.filter(area=plan_2025_26.area, period__code="2026-27").exists()


def test_only_editors_of_the_hwb_may_roll_forward(plan_2025_26):
    for username in ("nel.viewer", "leicestershire.approver", "national"):
        client = client_for(username)
        assert client.get(f"/plans/{plan_2025_26.pk}/roll-forward/").status_code == 403, username
        response = client.post(f"/plans/{plan_2025_26.pk}/roll-forward/", {"to": "2026-27", "create": "1"})
        assert response.status_code == 403
    assert not Plan.objects.filter(area=plan_2025_26.area, period__code="2026-27").exists()


def test_the_catalogue_page_lists_2026_27_with_entries_to_confirm():
    html = client_for("nel.viewer").get("/catalogue/").content.decode()
    assert "2026-27: Better Care Fund 2026-27" in html and "To confirm" in html
    assert "Add a policy year" not in html
    assert "Add a policy year" in client_for("national").get("/catalogue/").content.decode()


def test_upload_is_refused_before_reading_the_file_unless_national(monkeypatch):
    from bettercare.planbook.views import catalogue as views

    def must_not_parse(*args, **kwargs):
        raise AssertionError("the file was read before the permission check")

    monkeypatch.setattr(views, "CatalogueUploadForm", must_not_parse)
    monkeypatch.setattr(views, "add_version", must_not_parse)
    client = client_for("norfolk.editor")
    upload = SimpleUploadedFile("2026-27.yaml", (ROOT / "periods" / "2026-27.yaml").read_bytes())
    assert client.post("/catalogue/upload/", {"file": upload}).status_code == 403
    assert client.get("/catalogue/upload/").status_code == 403


def test_upload_lists_every_problem_and_loads_nothing():
    client = client_for("national")
    before = CatalogueVersion.objects.count()
    response = client.post("/catalogue/upload/", {"file": SimpleUploadedFile(BROKEN.name, BROKEN.read_bytes())})
    assert response.status_code == 400
    html = response.content.decode()
    assert "2027-28-broken.yaml, line 50, scheme_types[5].id: duplicate id" in html
    assert "line 115, metrics[3] (perm-admissions-65).denominator: missing field" in html
    assert "line 137, plan_rules.minimum_streams[1]: unknown stream" in html
    assert CatalogueVersion.objects.count() == before and not PolicyPeriod.objects.filter(code="2027-28").exists()


def test_upload_of_a_valid_file_adds_a_version_with_its_author(catalogue_db_source):
    text = (ROOT / "periods" / "2026-27.yaml").read_text(encoding="utf-8").replace(
        "  note: 2025-26 national condition four, carried forward",
        "  note: 2025-26 national condition four, carried forward; wording checked")
    client = client_for("national")
    response = client.post("/catalogue/upload/", {"file": SimpleUploadedFile("2026-27.yaml", text.encode()),
                                                  "note": "condition wording checked"})
    assert response.status_code == 302 and response.url == "/catalogue/#period-2026-27"
    latest = CatalogueVersion.objects.filter(period_code="2026-27").latest("version")
    assert (latest.version, latest.author.username, latest.origin, latest.note) == (
        2, "national", "web", "condition wording checked")
    assert "Version 2, added" in client.get("/catalogue/").content.decode()
