"""Shared helpers of the reports tests: area codes, PDF text and page sizes, rolled-back database
work for module-scoped fixtures."""

import re
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction

LEICESTERSHIRE = "E10000018"
NORFOLK = "E10000020"
NEL = "E06000012"


@contextmanager
def rolled_back(django_db_blocker):
    """Database access outside a test function, undone afterwards."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


def pdf_text(path: Path, layout: bool = True) -> str:
    """The PDF's text by poppler's pdftotext (``-layout`` keeps table rows on one line)."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def squeeze(text: str) -> str:
    """Runs of spaces collapsed, so table rows can be matched whatever the column widths."""
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page, from pdfinfo."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def pdf_font_names(path: Path) -> set[str]:
    """The base names of the fonts a PDF uses (pdffonts; the subset prefix "ABCDEF+" dropped)."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return {line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()}


SHIPPED_FONTS = {"Liberation-Sans", "Liberation-Sans-Bold", "Liberation-Sans-Italic", "Liberation-Sans-BoldItalic"}
