"""Benchmark: the command line as a user starts it, each command in a fresh process.

Set-up (not timed): a fresh SQLite database in a temporary folder with the Leicestershire scenario
loaded. Timed: the wall-clock time of three fresh processes per command (the median is printed and
compared with its target), start-up, imports and the work included:

- ``bettercare --help`` under 0.5 s;
- ``bettercare report paper --area Leicestershire --quarter 2018-19-Q1 --out p.pdf`` under 3 s;
- ``bettercare metrics show --area Leicestershire --period 2018-19 --json`` under 1.5 s.

Byte code is compiled at install time (``make``), so these do not include compiling modules. The CPU
time of the median run is printed too: on a busy machine wall time exceeds it. Runs are listed in the
order they ran. The paper's first run lays it out (WeasyPrint); the next two find it kept
(``reports.kept``: a document is laid out once per content), so the median is a paper asked for
again; the first run's figure is printed on its own line, as what a new paper costs, against a
target of its own: under 10 s (it was 8.3 s when the target was set, 5.7 s once the collector,
schema checks and vl-convert's start were dealt with). Exits non-zero when a target is missed.

Run: ``python benchmarks/bench_cli.py`` (from the repository root; ``make bench`` runs it).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "bettercare"
COMMANDS = [  # label, arguments, target seconds
    ("bettercare --help", ["--help"], 0.5),
    (
        "report paper (PDF)",
        ["report", "paper", "--area", "Leicestershire", "--quarter", "2018-19-Q1", "--out", "{folder}/p.pdf"],
        3.0,
    ),
    ("metrics show --json", ["metrics", "show", "--area", "Leicestershire", "--period", "2018-19", "--json"], 1.5),
]
RUNS = 3
NEW_PAPER_TARGET = 10.0  # seconds: the paper's first run, which lays it out


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(BIN), *args], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    folder = tempfile.mkdtemp(prefix="bettercare-bench-cli-")
    env = {**os.environ, "BETTERCARE_DATA_DIR": folder}
    env.pop("DATABASE_URL", None)
    subprocess.run([str(BIN), "scenario", "load", "leicestershire-2018-19"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    missed = []
    print(f"{'command':<24} {'median wall':>12} {'its CPU':>9} {'target':>8}  runs (s)")
    for label, args, target in COMMANDS:
        args = [a.format(folder=folder) for a in args]
        in_order = [run(args, env) for _ in range(RUNS)]
        wall, cpu = sorted(in_order)[RUNS // 2]
        walls = ", ".join(f"{w:.2f}" for w, _ in in_order)
        verdict = "ok" if wall < target else "MISSED"
        print(f"{label:<24} {wall:>10.2f} s {cpu:>7.2f} s {target:>6.1f} s  {walls}  {verdict}")
        if wall >= target:
            missed.append(label)
        if args[0] == "report":
            first, first_cpu = in_order[0]
            verdict = "ok" if first < NEW_PAPER_TARGET else "MISSED"
            print(f"{'  its first run':<24} {first:>10.2f} s {first_cpu:>7.2f} s {NEW_PAPER_TARGET:>6.1f} s  "
                  f"laid out by WeasyPrint (the median is the paper asked for again)  {verdict}")
            if first >= NEW_PAPER_TARGET:
                missed.append(f"{label}, its first run")
    print(f"Median of {RUNS} fresh processes per command.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
