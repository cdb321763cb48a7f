"""A document's HTML as a Word file (.docx, python-docx), element by element, so the Word paper holds
exactly what the HTML and the PDF hold: h1 is the title, h2-h4 Word's Heading 1-3, paragraphs (the
numbered ``p.para`` keep the PDF's numbers), lists, tables (caption above, header rows repeated on
each page, ``th`` bold, ``.num`` right-aligned, ``colspan`` merged) and figures: charts and icons,
SVG in the HTML, become PNG pictures (vl-convert's resvg, in the shipped fonts). An element with the
class ``appendix`` starts a landscape section, as in the PDF.

Safety: text reaches the XML only through python-docx runs (escaped by lxml); characters XML
cannot hold (control characters) are dropped; pictures are taken only from ``data:`` URIs of PNG,
JPEG or SVG, never fetched; links become plain text, so no relationship carries user text."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from lxml import etree, html

from .typefaces import DOCUMENT_FONT, register_chart_fonts

SKIP = {"head", "style", "script", "title", "template", "noscript"}
HIDDEN = {"visually-hidden", "govuk-visually-hidden"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "table", "figure", "figcaption", "div", "section",
          "article", "header", "nav", "main", "footer", "aside", "dl", "dt", "dd", "caption", "blockquote"}
BLOCK_CLASSES = {"masthead__wordmark", "masthead__classification"}  # spans the stylesheet lays out as lines
HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SPACE = re.compile(r"\s+")
PX = 9525  # EMU per CSS pixel (96 per inch)


@dataclass
class Piece:
    kind: str  # "text", "br" or "picture"
    text: str = ""
    bold: bool = False
    italic: bool = False
    small: bool = False
    picture: bytes = b""
    width: int = 0  # EMU


@dataclass
class Format:
    bold: bool = False
    italic: bool = False
    small: bool = False


def xml_text(text: str) -> str:
    """Text that an XML document can hold (control characters dropped)."""
    return NOT_XML.sub("", text)


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def svg_png(svg: str) -> tuple[bytes, int]:
    """PNG of an SVG drawing at twice its size, and its display width in EMU."""
    import vl_convert

    register_chart_fonts()
    head = svg[: svg.find(">") + 1]
    found = re.search(r'\bwidth="([\d.]+)', head)
    if "xmlns=" not in head:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    png = vl_convert.svg_to_png(svg, scale=2)
    return png, int(float(found.group(1)) * PX) if found else 0


def data_picture(uri: str) -> tuple[bytes, int] | None:
    """(PNG or JPEG bytes, display width in EMU) of a ``data:`` URI; None for anything else."""
    match = re.match(r"data:image/(png|jpeg|svg\+xml);base64,(.*)", uri or "", re.S)
    if not match:
        return None
    raw = base64.b64decode(match.group(2))
    if match.group(1) == "svg+xml":
        return svg_png(raw.decode("utf-8"))
    from PIL import Image

    with Image.open(io.BytesIO(raw)) as image:
        return raw, image.width * PX


@dataclass
class WordWriter:
    """Writes one HTML document into a python-docx ``Document``."""

    colours: dict[str, str]
    document: object = None
    numbered: int = 0
    text_width: int = 0
    pieces: list[Piece] = field(default_factory=list)
    pieces_prefix: str = ""  # the paragraph number of the next p.para

    # blocks ------------------------------------------------------------------------------------
    def blocks(self, container, element, fmt: Format, paragraph_style: str | None = None) -> None:
        """Write ``element``'s children into ``container`` (the document or a table cell)."""
        self.pieces = []
        if element.text:
            self.pieces.append(Piece("text", element.text, fmt.bold, fmt.italic, fmt.small))
        for child in element:
            shown = isinstance(child.tag, str) and child.tag not in SKIP and not classes(child) & HIDDEN
            if shown and (child.tag in BLOCKS or classes(child) & BLOCK_CLASSES):
                self.flush(container, paragraph_style)
                self.block(container, child, fmt)
                self.pieces = []
            elif shown:
                self.inline(child, fmt)
            if isinstance(child.tag, str) and child.tail:
                self.pieces.append(Piece("text", child.tail, fmt.bold, fmt.italic, fmt.small))
        self.flush(container, paragraph_style)

    def block(self, container, element, fmt: Format) -> None:
        tag, names = element.tag, classes(element)
        if "appendix" in names and container is self.document:
            self.landscape_section()
        if tag in HEADINGS:
            self.blocks(container, element, fmt, HEADINGS[tag])
        elif tag == "p":
            if "para" in names:
                self.numbered += 1
                self.pieces_prefix = f"{self.numbered}. "
            style = "Caption" if names & {"source"} else None
            small = fmt.small or bool(names & {"source", "small"})
            self.blocks(container, element, Format(fmt.bold, fmt.italic or "flag" in names, small), style)
        elif tag in ("ul", "ol"):
            for item in element.iterchildren("li"):
                self.blocks(container, item, fmt, "List Number" if tag == "ol" else "List Bullet")
        elif tag == "table":
            self.table(container, element, fmt)
        elif tag in ("figcaption", "caption"):
            self.blocks(container, element, fmt, "Caption")
        else:
            self.blocks(container, element, Format(fmt.bold, fmt.italic, fmt.small or "small" in names))

    def inline(self, element, fmt: Format) -> None:
        tag, names = element.tag, classes(element)
        if tag == "br":
            self.pieces.append(Piece("br"))
            return
        if tag == "img":
            picture = data_picture(element.get("src", ""))
            if picture:
                self.pieces.append(Piece("picture", picture=picture[0], width=picture[1]))
            return
        if tag == "svg":
            png, width = svg_png(etree.tostring(element, encoding="unicode", method="xml"))
            self.pieces.append(Piece("picture", picture=png, width=width))
            return
        inner = Format(
            fmt.bold or tag in ("strong", "b", "th") or bool(names & {"rag"}),
            fmt.italic or tag in ("em", "i"),
            fmt.small or "small" in names,
        )
        if element.text:
            self.pieces.append(Piece("text", element.text, inner.bold, inner.italic, inner.small))
        for child in element:
            if isinstance(child.tag, str) and child.tag not in SKIP and not classes(child) & HIDDEN:
                self.inline(child, inner)
            if isinstance(child.tag, str) and child.tail:
                self.pieces.append(Piece("text", child.tail, inner.bold, inner.italic, inner.small))

    def flush(self, container, style: str | None) -> None:
        """Write the collected inline pieces as one paragraph (none when they hold nothing)."""
        pieces, self.pieces = list(normalised(self.pieces)), []
        prefix, self.pieces_prefix = self.pieces_prefix, ""
        if not any(p.kind == "picture" or p.text for p in pieces):
            return
        paragraph = self.new_paragraph(container, style)
        if prefix:
            paragraph.add_run(prefix)
        for piece in pieces:
            if piece.kind == "br":
                paragraph.add_run().add_break()
            elif piece.kind == "picture":
                width = min(piece.width or self.text_width, self.text_width)
                paragraph.add_run().add_picture(io.BytesIO(piece.picture), width=Emu(width))
            else:
                run = paragraph.add_run(xml_text(piece.text))
                run.bold = piece.bold or None
                run.italic = piece.italic or None
                if piece.small:
                    run.font.size = Pt(8)

    def new_paragraph(self, container, style: str | None):
        """A new paragraph; in a table cell, the empty one every new cell starts with comes first."""
        cell_start = container is not self.document and len(container.paragraphs) == 1 \
            and not container.paragraphs[0].runs
        paragraph = container.paragraphs[0] if cell_start else container.add_paragraph()
        if style:
            paragraph.style = self.document.styles[style]
        return paragraph

    # tables ------------------------------------------------------------------------------------
    def table(self, container, element, fmt: Format) -> None:
        caption = element.find("caption")
        if caption is not None and not classes(caption) & HIDDEN:
            self.blocks(container, caption, fmt, "Caption")
        rows = list(table_rows(element))
        columns = max((sum(int(c.get("colspan") or 1) for c in cells) for _, cells in rows), default=0)
        if not columns:
            return
        table = container.add_table(rows=0, cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for header, cells in rows:
            row = table.add_row()
            if header:
                repeat_header(row)
            column = 0
            for cell_element in cells:
                span = int(cell_element.get("colspan") or 1)
                cell = row.cells[column]
                if span > 1:
                    cell = cell.merge(row.cells[min(column + span, columns) - 1])
                bold = fmt.bold or cell_element.tag == "th"
                self.blocks(cell, cell_element, Format(bold, fmt.italic, fmt.small))
                if "num" in classes(cell_element):
                    for paragraph in cell.paragraphs:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if header:
                    shade(cell, self.colours.get("header_fill", "#e8eef7"))
                column += span

    # sections ----------------------------------------------------------------------------------
    def landscape_section(self) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        if section.orientation != WD_ORIENT.LANDSCAPE:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(1.6))
        self.text_width = section.page_width - section.left_margin - section.right_margin


def normalised(pieces: list[Piece]) -> Iterator[Piece]:
    """HTML's white space rule: runs of spaces, tabs and newlines are one space; none at the start
    or end of a line."""
    at_line_start, pending_space = True, False
    for piece in pieces:
        if piece.kind != "text":
            pending_space = False if piece.kind == "br" else pending_space
            if pending_space and piece.kind == "picture":
                yield Piece("text", " ")
                pending_space = False
            at_line_start = piece.kind == "br"
            yield piece
            continue
        text = SPACE.sub(" ", piece.text)
        if not text:
            continue
        if text.startswith(" "):
            pending_space = pending_space or not at_line_start
            text = text[1:]
        if not text:
            continue
        trailing = text.endswith(" ")
        text = text.rstrip(" ")
        if pending_space:
            text = " " + text
        yield Piece("text", text, piece.bold, piece.italic, piece.small)
        at_line_start, pending_space = False, trailing


def table_rows(table) -> Iterator[tuple[bool, list]]:
    """(is a header row, cells) in document order: thead, then tbody and bare rows, then tfoot."""
    groups = {"thead": [], "tbody": [], "tfoot": []}
    for child in table:
        if child.tag in groups:
            groups[child.tag].extend(child.iterchildren("tr"))
        elif child.tag == "tr":
            groups["tbody"].append(child)
    for name in ("thead", "tbody", "tfoot"):
        for row in groups[name]:
            yield name == "thead", [cell for cell in row if cell.tag in ("th", "td")]


def repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), colour.lstrip("#").upper())
    properties.append(fill)


def page_number_footer(section, text: str) -> None:
    """``text`` then "Page N of M" (Word fields) at the foot of every page of the section."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(xml_text(f"{text}    Page " if text else "Page "))
    for name, between in (("PAGE", " of "), ("NUMPAGES", "")):
        field_element = OxmlElement("w:fldSimple")
        field_element.set(qn("w:instr"), name)
        run = OxmlElement("w:r")
        value = OxmlElement("w:t")
        value.text = "1"
        run.append(value)
        field_element.append(run)
        paragraph._p.append(field_element)
        if between:
            paragraph.add_run(between)


def style_document(document, font: str, colours: dict[str, str]) -> None:
    """The document font and the house style's heading colour."""
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    primary = RGBColor.from_string((colours.get("primary") or "#1d4f91").lstrip("#").upper())
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = document.styles[name]
        style.font.name = font
        style.font.color.rgb = primary if name != "Caption" else RGBColor(0x0B, 0x0C, 0x0C)
    document.styles["Title"].font.size = Pt(22)


def html_to_docx(
    markup: str, *, colours: dict[str, str] | None = None, font: str = DOCUMENT_FONT, header: str = "",
    footer: str = "", title: str = "",
) -> bytes:
    """The HTML document as .docx bytes (see the module docstring for what maps to what)."""
    colours = colours or {}
    document = Document()
    style_document(document, font, colours)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side, size in (("left_margin", 2.0), ("right_margin", 2.0), ("top_margin", 2.2), ("bottom_margin", 2.2)):
        setattr(section, side, Cm(size))
    if header:
        section.header.paragraphs[0].text = xml_text(header)
    page_number_footer(section, footer)
    document.core_properties.title = xml_text(title)[:255]
    document.core_properties.author = "bettercare"
    writer = WordWriter(colours=colours, document=document,
                        text_width=section.page_width - section.left_margin - section.right_margin)
    root = html.document_fromstring(markup)
    body = root.find("body")
    writer.blocks(document, body if body is not None else root, Format())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
