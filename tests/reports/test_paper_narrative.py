"""The board paper's narrative sections: a new paper starts from the previous quarter's (copied once,
never overwritten), every save has an author and a history, a stale save is refused, the edit page
follows GOV.UK's error pattern and only editors reach it; the paper downloads as Word from the web
and the command line."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from typer.testing import CliRunner

from bettercare.accounts.models import Membership
from bettercare.cli import app
from bettercare.delivery.history import history_entries
from bettercare.delivery.models import PaperNarrative
from bettercare.delivery.paper_narrative import save_narrative
from bettercare.plans.locking import StaleEdit
from bettercare.plans.versioning import RefusedEdit
from bettercare.reference.models import Area
from bettercare.reports.paper.narrative import paper_narrative

from .helpers import LEICESTERSHIRE, NORFOLK

pytestmark = pytest.mark.django_db
URL = f"/hwb/{LEICESTERSHIRE}/reports/2018-19-Q2/paper/narrative/"


@pytest.fixture
def area():
    return Area.objects.get(gss_code=LEICESTERSHIRE)


@pytest.fixture
def editor(area):
    user = get_user_model().objects.create(username="leics.editor")
    Membership.objects.create(user=user, area=area, role="editor")
    return user


@pytest.fixture
def colleague(area):
    user = get_user_model().objects.create(username="leics.colleague")
    Membership.objects.create(user=user, area=area, role="editor")
    return user


def texts(**changed):
    return {"background": "", "circulation": "", "officer": "", "equality": "", "partnership": ""} | changed


def test_a_new_paper_starts_from_the_previous_quarter_and_keeps_its_copy(area, editor):
    save_narrative(editor, area, "2018-19-Q1", 0, texts(background="Q1 background", officer="Ann Lee"), "house")
    later = paper_narrative(area, "2018-19-Q2", {}, {})
    assert later.source == "the paper for Q1 2018-19 (April to June 2018)" and later.version == 0
    assert later.texts["background"] == "Q1 background"
    started = save_narrative(editor, area, "2018-19-Q2", 0, later.texts, later.source)
    assert started.copied_from == later.source and started.updated_by == editor
    q1 = PaperNarrative.objects.get(area=area, quarter="2018-19-Q1")
    save_narrative(editor, area, "2018-19-Q1", q1.version, texts(background="Q1 changed"))
    assert paper_narrative(area, "2018-19-Q2", {}, {}).texts["background"] == "Q1 background"  # never overwritten


def test_first_paper_starts_from_the_house_style_with_placeholders_filled(area):
    wording = {"background": ["{area} plan."], "officer": {"name": "Ann", "phone": "0116"},
               "circulation": "No circulation."}
    narrative = paper_narrative(area, "2018-19-Q3", wording, {"area": "Leicestershire"})
    assert narrative.source == "the house style's wording"
    assert narrative.texts["background"] == "Leicestershire plan."
    assert narrative.texts["officer"] == "Ann\nTelephone: 0116" and narrative.texts["circulation"] == "No circulation."
    blocks = narrative.blocks
    assert blocks["equality"].paragraphs == [] and blocks["officer"].paragraphs == ["Ann\nTelephone: 0116"]


def test_stale_save_is_refused_and_both_authors_are_in_the_history(area, editor, colleague):
    row = save_narrative(editor, area, "2018-19-Q1", 0, texts(background="First\n\nSecond"), "house")
    save_narrative(colleague, area, "2018-19-Q1", row.version, texts(background="Colleague's"))
    with pytest.raises(StaleEdit, match="changed by leics.colleague"):
        save_narrative(editor, area, "2018-19-Q1", row.version, texts(background="Mine"))
    assert PaperNarrative.objects.get(pk=row.pk).background == "Colleague's"
    assert RefusedEdit.objects.filter(model="delivery.papernarrative", object_id=row.pk).count() == 1
    entries = history_entries(PaperNarrative.objects.get(pk=row.pk))
    assert [(e.kind, e.who) for e in entries] == [("Refused (stale)", "leics.editor"), ("Changed", "leics.colleague"),
                                                  ("Created", "leics.editor")]
    assert entries[1].changes == [("Background", "First\n\nSecond", "Colleague's"),
                                  ("Updated by", "leics.editor", "leics.colleague")]


def test_rules_name_the_section_and_only_editors_save(area, editor):
    with pytest.raises(ValidationError) as raised:
        save_narrative(editor, area, "2018-19-Q1", 0, texts(officer="bell\x07", equality="x" * 10_001))
    assert raised.value.message_dict == {
        "officer": ["Officer to contact contains a control character (code 7) that a document cannot print; "
                    "remove it."],
        "equality": ["Equality and human rights implications must be 10,000 characters or fewer (it has 10,001)."],
    }
    viewer = get_user_model().objects.get(username="nel.viewer")
    with pytest.raises(PermissionDenied):
        save_narrative(viewer, area, "2018-19-Q1", 0, texts())
    assert not PaperNarrative.objects.filter(area=area).exists()


def test_edit_page_saves_shows_errors_and_refuses_viewers(client, area, editor):
    client.force_login(editor)
    page = client.get(URL).content.decode()
    assert "Not saved yet for Q2 2018-19" in page and "the house style&#x27;s wording" in page
    assert 'name="version" value="0"' in page and "Cheryl Davenport" in page  # Leicestershire's house style
    bad = client.post(URL, texts(version="0", background="ok", officer="\x07")).content.decode()
    assert "govuk-error-summary" in bad and 'href="#id_officer"' in bad and "Officer to contact contains" in bad
    saved = client.post(URL, texts(version="0", background="<b>Bold</b> claim", officer="Ann\nLee"))
    assert saved.status_code == 302
    row = PaperNarrative.objects.get(area=area, quarter="2018-19-Q2")
    assert row.background == "<b>Bold</b> claim" and row.updated_by == editor
    paper = client.get(f"/hwb/{LEICESTERSHIRE}/reports/2018-19-Q2/paper/").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; claim" in paper and "<p>Ann<br>Lee</p>" in paper
    stale = client.post(URL, texts(version="0", background="again")).content.decode()
    assert "was changed by leics.editor" in stale and "What you tried to save" in stale
    history = client.get(URL + "history/").content.decode()
    assert "leics.editor" in history and "Refused" in history
    client.force_login(get_user_model().objects.get(username="nel.viewer"))
    assert client.get(URL).status_code == 403
    client.force_login(get_user_model().objects.get(username="norfolk.editor"))
    assert client.post(URL, texts(version="1")).status_code == 403
    assert client.get(f"/hwb/{NORFOLK}/reports/Q9/paper/narrative/").status_code == 404


def test_word_download_from_the_web_and_the_command_line(client, tmp_path):
    client.force_login(get_user_model().objects.get(username="leicestershire.approver"))
    listing = client.get(f"/hwb/{LEICESTERSHIRE}/reports/").content.decode()
    assert f'href="/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/paper.docx"' in listing and "paper-narrative" in listing
    response = client.get(f"/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/paper.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="leicestershire-bcf-board-paper-2018-19-Q1.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert "Officer to contact" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    out = tmp_path / "p.docx"
    result = CliRunner().invoke(app, ["report", "paper", "--area", "Leicestershire", "--quarter", "2018-19-Q1",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    headings = [p.text for p in Document(out).paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Contents", "Purpose of the report", "Policy framework and previous decisions"]
