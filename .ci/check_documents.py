"""CI: render every demo plan's plan on a page and every demo HWB's board paper as a user would get
them, and check them with poppler, so a font or layout regression fails CI rather than a user.

- every plan on a page is exactly one A4 landscape page;
- every board paper has the page count recorded below (a change of fonts or layout moves it: when a
  change is meant, update the figure in the same commit);
- every document is set only in the shipped fonts (pdffonts);
- every board paper also downloads as Word: the .docx opens with python-docx and holds the paper's
  headings (those of the HTML the PDF is made from), in order.

Runs on a fresh SQLite database in a temporary folder (BETTERCARE_DATA_DIR), never the user's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PAPERS = {  # (HWB, quarter) -> pages of the board paper
    # Counts as of the merge of issues 13, 16 and 17 (target counts beside rates, each figure once per
    # period, the narrative sections, sources cited by the paper's name and paragraph, not its number),
    # each paper looked at page by page: before it, 13, 12, 9 and 15.
    ("Leicestershire", "2018-19-Q1"): 15,
    ("Norfolk", "2015-16-Q1"): 11,
    ("Norfolk", "2017-18-Q4"): 10,
    ("North East Lincolnshire", "2017-18-Q2"): 16,
}
SHIPPED = {"Liberation-Sans", "Liberation-Sans-Bold", "Liberation-Sans-Italic", "Liberation-Sans-BoldItalic"}


def pages(path: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], check=True, capture_output=True, text=True)
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out.stdout)]


def fonts(path: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return {line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()}


def check_word(path: Path, markup: str, label: str, problems: list[str]) -> None:
    """The .docx opens with python-docx and its headings are the HTML's h1-h4, in order."""
    from docx import Document
    from lxml import html

    root = html.document_fromstring(markup)
    expected = [" ".join(h.text_content().split()) for h in root.iter("h1", "h2", "h3", "h4")]
    try:
        document = Document(str(path))
    except Exception as error:  # any failure to open is the finding
        problems.append(f"{label}: python-docx cannot open it ({error})")
        return
    found = [" ".join(p.text.split()) for p in document.paragraphs
             if p.style.name == "Title" or p.style.name.startswith("Heading")]
    print(f"{label}: {len(found)} headings, {len(document.tables)} tables")
    if found != expected:
        missing = [h for h in expected if h not in found][:3]
        problems.append(f"{label}: headings differ from the paper's (missing {missing})")


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="bettercare-documents-"))
    os.environ["BETTERCARE_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    from bettercare.cli_support import migrate, setup_django

    setup_django()
    migrate()
    from bettercare.plans.models import Area, Plan
    from bettercare.reports.paper import build_paper, paper_docx, paper_html, paper_pdf
    from bettercare.reports.plan_page import build_plan_page, plan_page_pdf
    from bettercare.reports.sources import parse_quarter
    from bettercare.scenarios.loader import load

    load()
    problems: list[str] = []

    def check(path: Path, label: str, expected_pages: int, landscape: bool) -> None:
        sizes, used = pages(path), fonts(path)
        landscape_ok = not landscape or all(w > h for w, h in sizes)
        print(f"{label}: {len(sizes)} page(s), fonts {', '.join(sorted(used))}")
        if len(sizes) != expected_pages or not landscape_ok:
            shape = "" if landscape_ok else ", landscape"
            problems.append(f"{label}: {len(sizes)} pages, expected {expected_pages}{shape}")
        if not used or not used <= SHIPPED:
            problems.append(f"{label}: fonts {sorted(used - SHIPPED)} are not the shipped fonts")

    for plan in Plan.objects.select_related("area", "period").order_by("area__name", "period__code", "version"):
        path = folder / f"plan-{plan.pk}.pdf"
        path.write_bytes(plan_page_pdf(build_plan_page(plan)))
        check(path, f"plan on a page: {plan.area.name} {plan.period.code} v{plan.version}", 1, landscape=True)
    for (name, quarter), expected in PAPERS.items():
        path = folder / f"paper-{quarter}-{name}.pdf"
        paper = build_paper(Area.objects.get(name=name), parse_quarter(quarter))
        path.write_bytes(paper_pdf(paper))
        check(path, f"board paper: {name} {quarter}", expected, landscape=False)
        word = path.with_suffix(".docx")
        word.write_bytes(paper_docx(paper))
        check_word(word, paper_html(paper), f"board paper (Word): {name} {quarter}", problems)
    if problems:
        print("\nDocument check failed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print("Documents: every plan on a page is one landscape page; papers as recorded; shipped fonts only; "
          "Word papers open with the paper's headings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
