"""The developer-words scanner: finds catalogue ids, file paths, Python names, float noise and
internal notes in the text a user reads (issue 16, "plain words"). Shared by the crawl test and the
board paper test."""

import re
from functools import cache
from html.parser import HTMLParser

from bettercare.catalogue import list_periods, load_period

FIXED = [
    (re.compile(r"\w\.ya?ml\b"), "file path"),
    (re.compile(r"\bcatalogue/"), "file path"),
    (re.compile(r"\b\w+\.py\b"), "file path"),
    (re.compile(r"\bbettercare\.\w"), "Python name"),
    (re.compile(r"\brebase group\b", re.I), "Python name"),
    (re.compile(r"\bpk=|\bNone\b|\bTrue\b|\bFalse\b"), "Python value"),
    (re.compile(r"\{'\w+'|\['\w+'"), "raw Python dict or list"),
    (re.compile(r"\d[.,]\d{7,}|\d{12,}"), "float noise or long digit run"),
    (re.compile(r"primer or seeds?\b|\bprimer s\d", re.I), "internal source note"),
    (re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"), "identifier with underscores"),
    (re.compile(r"\b\d{3}_[0-9a-f]{8,}\b"), "seed file name"),
    (re.compile(r"(?<![\w.,£/:-])00\d\s+(?:paras?\b|Part\b|[A-Z])"), "seed reference by number"),
]


@cache
def catalogue_ids() -> frozenset[str]:
    """Ids a user never types: every metric, stream, scheme type and condition id with a hyphen
    or underscore in the shipped catalogue (plain one-word ids such as "nea" or "dfg" are also
    abbreviations users know, so they are not flagged)."""
    ids = set()
    for period_id in list_periods():
        period = load_period(period_id)
        for name in ("metrics", "funding_streams", "scheme_types", "national_conditions"):
            for item in period.get(name) or ():
                if "-" in item["id"] or "_" in item["id"]:
                    ids.add(item["id"])
                if item.get("engine_rule"):
                    ids.add(item["engine_rule"])
    return frozenset(ids)


@cache
def scenario_names() -> frozenset[str]:
    """The demo scenarios' ids ("norfolk-2014-16"): the project's file names, not words users read."""
    from bettercare.scenarios import scenario_ids

    return frozenset(scenario_ids())


def leaks(text: str, skip: tuple[str, ...] = ()) -> list[str]:
    """Each developer word in ``text``, with a few words of context and what kind of leak it is
    (kinds named in ``skip`` are not looked for)."""
    found = []
    for pattern, kind in FIXED:
        if kind in skip:
            continue
        for match in pattern.finditer(text):
            found.append(f"{kind}: …{text[max(0, match.start() - 40):match.end() + 40]}…")
    alternatives = "|".join(map(re.escape, sorted(catalogue_ids() | scenario_names(), key=len, reverse=True)))
    id_pattern = re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])")
    for match in id_pattern.finditer(text):
        found.append(f"catalogue id: …{text[max(0, match.start() - 40):match.end() + 40]}…")
    return found


class _Text(HTMLParser):
    """Visible text of a page plus the attributes assistive technology reads out."""

    SKIP = {"script", "style", "template"}
    SPOKEN = {"title", "aria-label", "alt", "placeholder", "aria-description"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)
            if tag == "option" and name == "value":
                continue

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))
