"""Looking at a page the way the issue 16 journeys require: at 1280px and 768px wide, a screenshot of
each width (kept for people to look at), no sideways scroll, no word of a column heading or of a
table cell broken inside it ("compara ble"), and axe-core clean (serious and critical violations)."""

import os
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(os.environ.get("BETTERCARE_SCREENSHOTS", "/tmp/bettercare-screenshots"))
WIDTHS = (1280, 768)
SCROLL = "[document.documentElement.scrollWidth, window.innerWidth]"
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('main *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.offsetParent !== null)
    .filter(el => !el.closest('.govuk-visually-hidden'))
    .slice(0, 8)
    .map(el => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join('.')} `
      + `right=${Math.round(el.getBoundingClientRect().right)}`);
}"""
HEADINGS, CELLS = "main thead th", "main tbody td, main tbody th"
BROKEN_WORDS = """(selector) => {
  const HEADINGS = "main thead th";
  const broken = [];
  for (const th of document.querySelectorAll(selector)) {
    if (th.offsetParent === null) continue;
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\-\u2010]+[\\-\u2010]?/g)) {  // a hyphen may end a line
        if (selector !== HEADINGS && !/^[A-Za-z]+[,.;:)]?$/.test(match[0])) continue;  // codes and figures may break
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's serious and critical violations, evaluated through the DevTools protocol (the
    page's Content Security Policy rightly refuses an added script tag)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in result["violations"] if violation["impact"] in impacts]


def look(page, name: str, axe: bool = True) -> list[str]:
    """Screenshots ``name-1280.png`` and ``name-768.png``; the problems found, in words (empty when
    the page fits both widths, keeps its headings' words whole and passes axe). The viewport is 1280px
    wide again afterwards."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(50)  # let the layout settle
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=False)
        scroll, inner = page.evaluate(SCROLL)
        if scroll > inner:
            problems.append(f"{name} at {width}px scrolls sideways ({scroll} > {inner}): {page.evaluate(OVERFLOWING)}")
        if broken := page.evaluate(BROKEN_WORDS, HEADINGS):
            problems.append(f"{name} at {width}px breaks column headings inside a word: {broken[:6]}")
        if broken := page.evaluate(BROKEN_WORDS, CELLS):
            problems.append(f"{name} at {width}px breaks words inside table cells: {broken[:6]}")
    page.set_viewport_size({"width": 1280, "height": 900})
    if axe:
        problems += [f"{name}: axe {v['id']}: {v['help']}" for v in axe_violations(page)]
    return problems
