"""Notes and rebases on SPC charts: recorded by an editor with an author, refused for a viewer,
bad input named; a rebase restarts the limits of the chart on the metric page."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from bettercare.monitoring.models import SpcNote
from bettercare.monitoring.results import metric_results
from bettercare.monitoring.spc_notes import NoteError, add_spc_note
from bettercare.reference.models import Area
from bettercare.scenarios.computed import load_computed_demo

pytestmark = pytest.mark.django_db


def user(name: str):
    return get_user_model().objects.get(username=name)


def test_an_editor_adds_a_rebase_and_the_chart_restarts_its_limits(client):
    load_computed_demo(rows=4000, seed=11)  # a monthly proportion with dozens of discharges a month
    norfolk = Area.objects.get(gss_code="E10000020")
    before = next(r for r in metric_results(norfolk, "2024-25", ["discharge-usual-residence"]) if not r.locality)
    assert len(before.spc["groups"]) == 1 and len(before.spc["periods"]) == 24  # April 2023 to March 2025

    client.force_login(user("norfolk.editor"))
    response = client.post(
        "/hwb/E10000020/metrics/discharge-usual-residence/spc-notes/",
        {"on": "2024-04-10", "text": "Falls service <b>relaunched</b>", "rebase": "yes", "period": "2024-25"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?period=2024-25#spc-notes")
    note = SpcNote.objects.get(area=norfolk)
    assert (note.metric_code, str(note.on), note.rebase, note.created_by.username) == (
        "discharge-usual-residence",
        "2024-04-10",
        True,
        "norfolk.editor",
    )
    assert note.history.count() == 1

    after = next(r for r in metric_results(norfolk, "2024-25", ["discharge-usual-residence"]) if not r.locality)
    assert [(g["start"], g["reason"], g["n"]) for g in after.spc["groups"]] == [
        ("2023-04", "", 12),
        ("2024-04", "Falls service <b>relaunched</b>", 12),
    ]
    assert after.spc["trial"] and after.spc["variation_icon"] is None
    html = client.get("/hwb/E10000020/metrics/discharge-usual-residence/?period=2024-25").content.decode()
    assert "Falls service &lt;b&gt;relaunched&lt;/b&gt;" in html and "<b>relaunched" not in html
    assert "Limits recalculated from April 2024: Falls service" in html


def test_a_viewer_may_not_add_a_note_and_bad_input_is_named(client):
    nel = Area.objects.get(gss_code="E06000012")
    with pytest.raises(PermissionDenied):
        add_spc_note(user("nel.viewer"), nel, "falls-65", "2024-04-01", "Winter plan")
    client.force_login(user("nel.viewer"))
    assert (
        client.post("/hwb/E06000012/metrics/falls-65/spc-notes/", {"on": "2024-04-01", "text": "x"}).status_code == 403
    )
    norfolk, editor = Area.objects.get(gss_code="E10000020"), user("norfolk.editor")
    for on, text, field in [
        ("1 April", "Winter plan", "date"),
        ("2024-04-01", "  ", "text"),
        ("2024-04-01", "x" * 201, "text"),
    ]:
        with pytest.raises(NoteError) as caught:
            add_spc_note(editor, norfolk, "falls-65", on, text)
        assert caught.value.field == field
    with pytest.raises(NoteError, match="no metric 'nope'"):
        add_spc_note(editor, norfolk, "nope", "2024-04-01", "Winter plan")
    assert not SpcNote.objects.exists()
