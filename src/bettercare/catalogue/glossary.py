"""Plain words for what the catalogue names by id: the title of every metric, funding stream,
scheme type and national condition (``term``), the documents behind a source note
(``plain_source``) and the wording of a period's rules (``rules_name``). Pages, papers and messages
use these instead of ids, file names or the project's internal references. Pure Python."""

import re
from functools import cache

from .loader import CatalogueError, list_periods, load_period

SECTIONS = ("metrics", "funding_streams", "scheme_types", "national_conditions")
PARTS = {  # metric breakdowns stored by id (e.g. delayed transfers of care by responsible organisation)
    "nhs": "NHS",
    "social_care": "social care",
    "both": "both NHS and social care",
    "total": "total",
}
DOCUMENTS = {  # the public papers the scenarios and rules are taken from
    "000": "Norfolk HWB, BCF review 2017-18",
    "001": "Norfolk HWB, BCF plan 2014-16 (1 April 2014)",
    "002": "Norfolk system summary for the LGA peer review (September 2018)",
    "003": "North East Lincolnshire BCF narrative plan 2017-19",
    "004": "Leicestershire HWB, BCF update Q1 2018-19 (27 September 2018)",
}
GUIDANCE = "BCF policy guidance"
_REWRITES = [
    (re.compile(r"\b(?:in )?the primer or (?:the )?seeds?\b", re.I), "in the BCF guidance or the HWB papers"),
    (re.compile(r"\bprimer or (?:the )?seeds?\b", re.I), "the BCF guidance or the HWB papers"),
    (re.compile(r"\bthe primer\b", re.I), f"the {GUIDANCE}"),
    (re.compile(r"\bprimer s(\d+)(?:-\d+)?\b", re.I), GUIDANCE),
    (re.compile(r"\bprimer\b", re.I), GUIDANCE),
    (re.compile(r"\bseeds?\b(?! \d)", re.I), "HWB papers"),
]
_SEED = re.compile(r"\bseed (\d{3})\b", re.I)
# a source note's own citation of a paper by its number ("004 para 14", "002 KPI table line 5")
_CITED = re.compile(r"(?<![\w.,£/:'’-])(00\d)(\s+(?=[A-Za-z(\d])|(?=\s*[;)])|\s*$)")  # not "£'000"
_PARAGRAPHS = [
    (re.compile(r"\bparas (\d[\w.]*)\s*-\s*(\d[\w.]*)"), r"paragraphs \1 to \2"),
    (re.compile(r"\bparas\b"), "paragraphs"),
    (re.compile(r"\bpara\b"), "paragraph"),
]
_FILE = re.compile(r"\(?\b(?:file )?catalogue/[\w/.-]+\.ya?ml\)?")


@cache
def _titles() -> dict[str, str]:
    titles: dict[str, str] = {}
    for code in list_periods():
        try:
            period = load_period(code)
        except CatalogueError:
            continue
        for section in SECTIONS:
            for item in period.get(section) or ():
                titles.setdefault(item["id"], item.get("title") or item["id"])
    return titles


def term(ident: str) -> str:
    """The title a user knows for a catalogue id ("perm-admissions-65" → "Long-term support needs
    of older people (65+) …"); a metric breakdown part ("social_care" → "social care"); an unknown
    id with its separators turned into spaces."""
    if not ident:
        return ""
    return _titles().get(ident) or PARTS.get(ident) or ident.replace("_", " ").replace("-", " ")


def plain_source(text: str) -> str:
    """A source note with the project's internal references in words: "seed 004" becomes the
    paper's name, "004 para 14" a citation ("Leicestershire HWB, BCF update Q1 2018-19 (27 September
    2018), paragraph 14"), "primer s4" the BCF policy guidance, a rules file path is dropped."""
    if not text:
        return text
    text = _SEED.sub(lambda match: DOCUMENTS.get(match.group(1), "an HWB paper"), text)
    text = _CITED.sub(_citation, text)
    for pattern, words in _PARAGRAPHS:
        text = pattern.sub(words, text)
    for pattern, words in _REWRITES:
        text = pattern.sub(words, text)
    text = _FILE.sub("", text)
    return re.sub(r"\s+([;,.)])", r"\1", re.sub(r"\(\s*\)", "", text)).strip()


def _citation(match: re.Match) -> str:
    """ "004 para 14" → "<title of paper 004>, para 14"; "004" alone → its title."""
    title = DOCUMENTS.get(match.group(1), "an HWB paper")
    followed_by_words = match.group(2) and not match.group(2).strip() and match.end() < len(match.string)
    return f"{title}, " if followed_by_words else title


def document_title(reference: str) -> str:
    """The title of a source paper named by its number or file ("002", "002_b5a596e42c6ef703.txt")."""
    return DOCUMENTS.get((reference or "")[:3], "an HWB paper") if reference else ""


def rules_name(period: str) -> str:
    """How pages name a period's plan rules (instead of its file): "the 2017-19 plan rules"."""
    return f"the BCF {period} plan rules"


MEETS = {"lower": "at or below", "higher": "at or above"}


def rule_words(spec: dict | str | None, polarity: str = "") -> str:
    """A RAG rule of the rule catalogue (``indicators.rag``) in plain words, for pages and papers:
    ``{"rule": "threshold"}`` with lower better → "green at or below the target, red above it"."""
    spec = {"rule": spec} if isinstance(spec, str) else dict(spec or {"rule": "significance"})
    rule = str(spec.get("rule") or "significance")
    meets = MEETS.get(polarity, "meeting")
    misses = {"lower": "above it", "higher": "below it"}.get(polarity, "otherwise")
    if rule == "threshold":
        return f"green {meets} the target, red {misses}"
    if rule == "tolerance":
        band = spec.get("band", 0.02)
        relative = spec.get("relative", True)
        try:
            amount = f"{float(band) * 100:g}% of the target" if relative else f"{float(band):g}"
        except (TypeError, ValueError):
            amount = str(band)
        return f"green {meets} the target, amber when it misses by no more than {amount}, red otherwise"
    return ("green when the 95% confidence interval is wholly on the better side of the target, amber when "
            "it includes the target (statistically similar), red when wholly on the worse side")
