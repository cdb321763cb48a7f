"""The board paper as Word (.docx): opened with python-docx, it holds the same headings, tables and
figures as the PDF of the same paper (read back with poppler: pdftotext for the text, pdftohtml
for the PDF's bookmarks, which are its headings), and text people typed
reaches the document's XML as text, never as markup."""

import io
import re
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from lxml import html as lxml_html

from bettercare.delivery.models import PaperNarrative
from bettercare.reference.models import Area

from .helpers import LEICESTERSHIRE, NEL, pdf_text

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n"


def words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.fixture(scope="module", params=[LEICESTERSHIRE, NEL])
def documents(request, module_db, tmp_path_factory):
    from bettercare.reports.paper import build_paper, paper_docx, paper_html, paper_pdf

    quarter = {LEICESTERSHIRE: "2018-19-Q1", NEL: "2017-18-Q2"}[request.param]
    with module_db():
        built = build_paper(Area.objects.get(gss_code=request.param), quarter)
        markup, pdf, docx = paper_html(built), paper_pdf(built), paper_docx(built)
    path = tmp_path_factory.mktemp("word") / "paper.pdf"
    path.write_bytes(pdf)
    outline = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(path)], check=True,
                             capture_output=True).stdout
    return {"outline": [words(item.text or "") for item in etree.fromstring(outline).iter("item")],
            "code": request.param, "html": lxml_html.document_fromstring(markup),
            "pdf": words(pdf_text(path, layout=False)),
            "docx": Document(io.BytesIO(docx)), "bytes": docx}


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Title" or p.style.name.startswith("Heading")]


def test_same_headings_as_the_html_and_in_the_pdf_in_order(documents):
    expected = [words(h.text_content()) for h in documents["html"].iter("h1", "h2", "h3", "h4")]
    found = [words(text) for text in headings(documents["docx"])]
    assert found == expected
    if documents["code"] == LEICESTERSHIRE:  # seed 004's narrative sections, from the house style
        assert {"Background", "Circulation under the Local Issues Alert Procedure", "Officer to contact",
                "Relevant impact assessments", "Equality and human rights implications",
                "Partnership working and associated issues"} <= set(found)
    assert found == documents["outline"]  # the PDF's bookmarks are its headings, in order


def test_same_tables_with_the_same_cells_as_the_pdf(documents):
    html_tables = list(documents["html"].iter("table"))
    tables = documents["docx"].tables
    assert len(tables) == len(html_tables) > 5
    pdf = documents["pdf"]
    for table, source in zip(tables, html_tables, strict=True):
        caption = source.find("caption")
        if caption is not None and "visually-hidden" not in (caption.get("class") or ""):
            assert words(caption.text_content())[:60] in pdf
        rows = source.xpath(".//tr")
        assert len(table.rows) == len(rows)
        for row, html_row in zip(table.rows, rows, strict=True):
            cells = [c for c in html_row if c.tag in ("th", "td")]
            for cell, html_cell in zip(row.cells, cells, strict=False):
                assert words(cell.text).replace(" ", "") == words(html_cell.text_content()).replace(" ", "")
                first = re.match(r"[^\s\-/(]+", words(cell.text))  # a cell's first word (lines wrap in the PDF)
                assert not first or first.group() in pdf, f"cell {cell.text!r} is not in the PDF"


def test_appendix_a_figures_match_the_pdf(documents):
    appendix = next(t for t in documents["docx"].tables if t.rows[0].cells[0].text == "Metric"
                    and "Target" in t.rows[0].cells[1].text)
    pdf = documents["pdf"]
    for row in appendix.rows[1:]:
        target = row.cells[1].text.strip()  # "624.1\ncount 890": a line per figure, each in the PDF
        assert target and all(words(line) in pdf for line in target.splitlines())
        assert row.cells[0].text.split(":")[0] in pdf  # "Metric 1"


def test_every_chart_is_a_png_picture(documents):
    html_pictures = len(documents["html"].xpath("//img[starts-with(@src, 'data:image/')]")) + len(
        documents["html"].xpath("//svg"))
    with zipfile.ZipFile(io.BytesIO(documents["bytes"])) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert all(archive.read(name).startswith(PNG) for name in media)
    drawn = documents["docx"].element.body.findall(".//" + qn("pic:pic"))
    assert len(drawn) == html_pictures
    captions = [words(c.text_content()) for c in documents["html"].iter("figcaption")]
    assert all(caption[:60] in documents["pdf"] for caption in captions)
    if documents["code"] == LEICESTERSHIRE:  # the DToC SPC chart and the attribution chart
        assert html_pictures >= 2 and len(captions) >= 2


def test_paragraph_numbers_follow_the_pdf(documents):
    numbered = [p.text for p in documents["docx"].paragraphs if re.match(r"\d+\. ", p.text)]
    assert numbered[0].startswith("1. ")
    last = numbered[-1]
    assert int(last.split(".")[0]) == len(documents["html"].xpath("//p[contains(@class, 'para')]"))
    assert words(last.split(". ", 1)[1])[:50] in documents["pdf"]


def test_typed_text_cannot_inject_word_markup(module_db, tmp_path):
    from bettercare.reports.paper import build_paper, paper_docx

    hostile = ('</w:t></w:r><w:r><w:t>INJECTED</w:t></w:r> <script>alert(1)</script> & "quotes" '
               "<w:p/> ]]> \x07bell")
    with module_db():
        area = Area.objects.get(gss_code=LEICESTERSHIRE)
        PaperNarrative.objects.create(area=area, quarter="2018-19-Q1", background=hostile, officer="A\nB")
        document = paper_docx(build_paper(area, "2018-19-Q1"))
    opened = Document(io.BytesIO(document))
    texts = [p.text if p.style.name != "Heading 1" else f"# {p.text}" for p in opened.paragraphs]
    background = texts[texts.index("# Background") + 1]
    assert background.endswith(hostile.replace("\x07", ""))  # printed as typed, the control character dropped
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "INJECTED</w:t></w:r>" not in xml.replace("&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:t&gt;INJECTED", "")
    assert "&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:t&gt;INJECTED" in xml and "<script>" not in xml
    officer = texts[texts.index("# Officer to contact") + 1]
    assert officer == "A\nB"  # a line break within the paragraph
