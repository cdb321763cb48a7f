"""The fonts documents are set in: shipped with bettercare (``reports/fonts``), never resolved through
the machine's fontconfig, so the same data gives the same PDF on every machine.

WeasyPrint gets them as ``@font-face`` rules (a stylesheet added by ``pdf.render``); vl-convert,
which draws charts for print, gets the folder registered before its first render. A house style may
name another font; only the shipped family is guaranteed to be there."""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).with_name("fonts")
DOCUMENT_FONT = "Liberation Sans"
FACES = {  # file -> (weight, style)
    "LiberationSans-Regular.ttf": ("normal", "normal"),
    "LiberationSans-Bold.ttf": ("bold", "normal"),
    "LiberationSans-Italic.ttf": ("normal", "italic"),
    "LiberationSans-BoldItalic.ttf": ("bold", "italic"),
}
_charts_ready = False


def font_face_css() -> str:
    """``@font-face`` rules binding ``DOCUMENT_FONT`` to the shipped files (file URLs)."""
    rules = []
    for name, (weight, style) in FACES.items():
        rules.append(
            f'@font-face {{ font-family: "{DOCUMENT_FONT}"; src: url("{(FONT_DIR / name).as_uri()}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def register_chart_fonts() -> None:
    """Give vl-convert the shipped fonts (once per process), so charts measure and name the same font."""
    global _charts_ready
    if not _charts_ready:
        import vl_convert

        vl_convert.register_font_directory(str(FONT_DIR))
        _charts_ready = True
