"""Plain words (issue 16): crawl every page each demo user can reach from the home page, and the
board paper, and find no developer words — catalogue ids, file paths, Python names, float noise or
internal source notes."""

import re
import subprocess
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve

from bettercare.scenarios.users import DEMO_USERS
from leak_scan import leaks, visible_text

pytestmark = pytest.mark.django_db
SKIP_PREFIXES = ("/admin/", "/sign-out/", "/api/", "/static/")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".docx", ".csv", ".json", ".svg", ".png")
PER_PAGE_KIND = 6  # pages followed per URL name and argument pattern: enough to meet every template


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def page_kind(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client, start: str = "/") -> dict[str, str]:
    """Breadth-first walk of the pages reachable from ``start``: {path: visible text}."""
    seen: dict[str, str] = {}
    per_kind: Counter = Counter()
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), f"{url} answered {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            seen[url] = ""
            continue
        html = response.content.decode()
        seen[url] = visible_text(html)
        for href in links(html):
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = page_kind(parts.path)
            if kind is None or target in seen or target in queue:
                continue
            key = (kind, bool(parts.query))
            if per_kind[key] >= PER_PAGE_KIND:
                continue
            per_kind[key] += 1
            queue.append(target)
    return seen


@pytest.mark.parametrize("username", [user[0] for user in DEMO_USERS])
def test_no_developer_words_on_any_page(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    pages = crawl(client)
    assert len([text for text in pages.values() if text]) > 5
    found = {url: hits for url, text in pages.items() if (hits := leaks(text))}
    assert not found, "\n".join(f"{url}\n  " + "\n  ".join(hits[:8]) for url, hits in found.items())


def test_the_scanner_finds_each_kind_of_leak():
    samples = [
        "see catalogue/rules/plans/2017-19.yaml",
        "from primer or seeds",
        "rebase group 0",
        "metric dtoc-monthly",
        "bettercare.monitoring.results.area_results",
        "status not_compared",
        "tolerance ±0.05000000000000000277555756156",
        "condition nhs_contribution_asc",
        "Deleted user (pk=None)",
        "{'amount': 3}",
        "source: 004 para 14",
        "002 KPI table line 5",
        "Source: seed 001_caec44cb1e4c3a56.txt",
        "placeholder code as in norfolk-2014-16",
    ]
    for sample in samples:
        assert leaks(sample), sample
    assert not leaks("Delayed transfers of care, tolerance ±5%, £1,234,567 in 2017-18 Q1 (E10000020)")


@pytest.mark.parametrize("gss_code, quarter", [("E10000018", "2018-19-Q1"), ("E10000020", "2017-18-Q4")])
def test_no_developer_words_in_the_board_paper(tmp_path, gss_code, quarter):
    """The paper as committee members read it: the PDF's text (poppler's pdftotext) and the HTML."""
    from bettercare.reference.models import Area
    from bettercare.reports.paper import build_paper, paper_html, paper_pdf

    built = build_paper(Area.objects.get(gss_code=gss_code), quarter)
    path = tmp_path / "paper.pdf"
    path.write_bytes(paper_pdf(built))
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    text = re.sub(r"\s+", " ", text)
    assert "Better Care Fund" in text
    assert not leaks(text), "\n".join(leaks(text))
    html_text = visible_text(paper_html(built))
    assert not leaks(html_text), "\n".join(leaks(html_text))
