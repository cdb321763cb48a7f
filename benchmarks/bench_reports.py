"""Benchmark: generating the Leicestershire 2018/19 Q1 board paper (seed 004) from the data.

Set-up (not timed): a fresh SQLite database in a temporary folder, migrated, with the Leicestershire
scenario loaded, and the Python modules imported (importing is the interpreter's start-up, which
is slow where PYTHONDONTWRITEBYTECODE stops Python caching compiled modules). Timed: the paper
built from the data and rendered to PDF by WeasyPrint, first in the process (cold: includes
starting vl-convert's chart engine and WeasyPrint's first fonts) and then three more times (the
median is printed); also the HTML paper, the return workbook, the plan on a page and the national
summary. Documents are kept once laid out (``reports.kept``), so the cache is emptied before each
timed run, except the one that times a paper asked for again. Exits non-zero unless the cold paper
(data + charts + PDF) takes under 5 seconds.

Run: ``python benchmarks/bench_reports.py`` (from the repository root; ``make bench`` runs it).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_SECONDS = 5.0
SCENARIO = "leicestershire-2018-19"
QUARTER = "2018-19-Q1"


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def setup(folder: str) -> None:
    os.environ["BETTERCARE_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    try:
        from bettercare.cli import migrate, setup_django
    except ImportError:  # not installed: use the source tree beside this script
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        from bettercare.cli import migrate, setup_django
    setup_django()
    migrate()
    from bettercare.scenarios.loader import ScenarioLoader

    ScenarioLoader(SCENARIO).load()
    import vl_convert  # noqa: F401  (imported, not started: the first chart is timed)
    import weasyprint  # noqa: F401  (imported; its first document, fonts included, is timed)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bettercare-bench-") as folder:
        start = time.perf_counter()
        setup(folder)
        print(f"set-up (migrate, load {SCENARIO}): {time.perf_counter() - start:.2f} s (not timed)")
        from django.core.cache import cache

        from bettercare.indicators.periods import Quarter
        from bettercare.reference.models import Area
        from bettercare.reports.paper import build_paper, paper_html, paper_pdf
        from bettercare.reports.plan_page import build_plan_page, choose_plan, plan_page_pdf
        from bettercare.reports.workbook import national_workbook, return_workbook
        from bettercare.reports.workbook.cells import to_bytes

        area = Area.objects.get(gss_code="E10000018")
        quarter = Quarter.parse(QUARTER)

        def paper() -> bytes:
            return paper_pdf(build_paper(area, quarter))

        def afresh(fn: Callable[[], object]) -> tuple[float, object]:
            """``fn`` timed with nothing kept (the cache emptied first, not timed)."""
            cache.clear()
            return timed(fn)

        cold, pdf = afresh(paper)
        warm = [afresh(paper)[0] for _ in range(3)]
        again, _ = timed(paper)
        html_time, _ = afresh(lambda: paper_html(build_paper(area, quarter)))
        built_time, built = afresh(lambda: build_paper(area, quarter))
        render_time, _ = afresh(lambda: paper_pdf(built))
        workbook_time, _ = timed(lambda: to_bytes(return_workbook(area, quarter)))
        page_time, _ = afresh(lambda: plan_page_pdf(build_plan_page(choose_plan(area))))
        national_time, _ = timed(lambda: to_bytes(national_workbook(quarter)))

    print(f"board paper PDF, cold (data + charts + PDF):    {cold:6.2f} s  ({len(pdf):,} bytes; target < "
          f"{TARGET_SECONDS:.0f} s)")
    print(f"board paper PDF, warm (median of 3):            {statistics.median(warm):6.2f} s")
    print(f"board paper PDF asked for again (kept):         {again:6.2f} s")
    print(f"  of which data and charts / WeasyPrint:        {built_time:6.2f} s / {render_time:.2f} s")
    print(f"board paper HTML (data + charts + HTML):        {html_time:6.2f} s")
    print(f"quarterly return workbook (.xlsx):              {workbook_time:6.2f} s")
    print(f"plan on a page PDF:                             {page_time:6.2f} s")
    print(f"national summary workbook (.xlsx):              {national_time:6.2f} s")
    if cold >= TARGET_SECONDS:
        print(f"FAIL: the board paper took {cold:.2f} s (target under {TARGET_SECONDS:.0f} s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
