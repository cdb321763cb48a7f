"""Benchmark: 20 signed-in people browsing the national and HWB pages at once (locust, headless).

Set-up (not timed):
- the database: DATABASE_URL when it points at PostgreSQL, else an embedded SQLite file in
  ``var/bench`` (said so in the output: the targets are for PostgreSQL);
- the national dataset as ``bettercare demo`` loads it (every scenario, the national register and the
  engine's 2023-25 actuals for every HWB) and the demo users;
- the production server: gunicorn serving ``bettercare.web.wsgi`` as ``bettercare serve`` does (production
  settings ``bettercare.web.settings``, application preloaded,
  a throw-away signing key, HTTPS off because it listens on 127.0.0.1 only), on a free loopback port.

Then, as a deployment does after loading data, ``bettercare metrics warm`` computes the national
comparisons, every HWB's dashboard and every page of the locust HWB into the shared cache (the
database's); each page is computed again only after the data change (``reference.data_version``).

Timed: locust, ``USERS`` users (half national team, half an HWB's lead), started over 5 s and run for
``RUN_SECONDS`` s, think time 0.5-1.5 s between pages. Printed per page type: requests, errors, median,
p95 and p99 (locust's percentiles, in ms). Exits non-zero when a page type's p95 exceeds 150 ms, its
p99 400 ms, or any request fails. The users are signed in through the sign-in form before the timed
run (one session each: the password hash is deliberately slow and people sign in once a day).

Run: ``python benchmarks/bench_load.py`` (from the repository root; ``make bench`` runs it).
``LOAD_SECONDS`` and ``LOAD_USERS`` override the run time and users."""

from __future__ import annotations

import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = int(os.environ.get("LOAD_USERS", "20"))
RUN_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
P95_MS, P99_MS = 150, 400
SIGN_IN_PREFIX = "sign-in"
SERVER_WAIT = 300  # seconds for migrate and gunicorn's first answer on a busy machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_env() -> tuple[dict[str, str], str]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return {"DATABASE_URL": url}, "PostgreSQL (DATABASE_URL)"
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    env = {"BETTERCARE_DATA_DIR": str(folder)}
    return env, (f"SQLite in {folder} — DATABASE_URL does not point at PostgreSQL, so these figures are not the "
                 "PostgreSQL ones the targets are set for")


def dataset_loaded(env: dict[str, str]) -> bool:
    """True when the database already holds the national register and computed actuals for every HWB."""
    script = (
        "import django; django.setup()\n"
        "from bettercare.monitoring.models import MetricActual\n"
        "from bettercare.reference.models import AreaRegistration\n"
        "print(AreaRegistration.objects.count() >= 151\n"
        "      and MetricActual.objects.filter(origin='computed').count() > 10000)"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    return out.returncode == 0 and out.stdout.strip().endswith("True")


def load_dataset(env: dict[str, str]) -> None:
    if dataset_loaded(env):
        print("national dataset already in the database: not loaded again", flush=True)
        return
    started = time.monotonic()
    subprocess.run([str(BIN / "bettercare"), "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"national dataset loaded in {time.monotonic() - started:.0f} s", flush=True)


def compute_pages(env: dict[str, str]) -> None:
    """``bettercare metrics warm``, as a deployment runs it after loading data: the national comparisons,
    every HWB's dashboard and every page of the locust HWB, computed once into the shared cache."""
    started = time.monotonic()
    subprocess.run([str(BIN / "bettercare"), "metrics", "warm", "--area", env["BENCH_HWB"]], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"pages computed ahead (bettercare metrics warm) in {time.monotonic() - started:.0f} s", flush=True)


def parameters(env: dict[str, str]) -> dict[str, str]:
    """Users, HWBs, a plan, metrics and a quarter for the locust users, read from the database."""
    script = """
import json, django
django.setup()
from django.db.models import Count
from bettercare.delivery.collection import hwbs_in_force
from bettercare.indicators.periods import Quarter
from bettercare.monitoring.models import MetricActual
from bettercare.plans.models import Plan
from bettercare.reference.models import Metric
from bettercare.scenarios.users import DEMO_PASSWORD
plan = Plan.objects.filter(area__name="Norfolk").order_by("-period__code", "-version").first()
quarter = Quarter.parse("2024-25-Q2")
codes = [a.gss_code for a, _ in hwbs_in_force(quarter)]
metrics = sorted(set(Metric.objects.filter(period=plan.period, area=None).values_list("code", flat=True)))
compare = sorted(set(Metric.objects.filter(period__code="2023-25", area=None).values_list("code", flat=True)))
print(json.dumps({"BENCH_PASSWORD": DEMO_PASSWORD, "BENCH_NATIONAL_USER": "national",
                  "BENCH_HWB_USER": "norfolk.editor", "BENCH_HWB": plan.area.gss_code, "BENCH_PLAN": str(plan.pk),
                  "BENCH_HWBS": ",".join(codes), "BENCH_METRICS": ",".join(metrics),
                  "BENCH_METRICS_YEAR": plan.period.financial_years[0],
                  "BENCH_COMPARE_METRICS": ",".join(compare),
                  "BENCH_QUARTER": str(quarter), "HWB_COUNT": str(len(codes))}))
"""
    import json

    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(env: dict[str, str], port: int, log) -> subprocess.Popen:
    """gunicorn serving ``bettercare.web.wsgi`` (what ``bettercare serve`` runs) with the production
    settings; the application and its URL map are loaded once before the workers fork (--preload),
    and a worker may take up to 300 s on its first request on a busy machine before it is restarted."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "bettercare.web.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--preload", "--timeout", "300", "--access-logfile", "-"],
        env={**env, "DJANGO_SETTINGS_MODULE": "bettercare.web.settings"}, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + SERVER_WAIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}); see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the server did not answer within {SERVER_WAIT} s; see {log.name}")


def _opener():
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    return jar, urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def sign_in(base: str, username: str, password: str):
    """A signed-in session (cookie jar and opener), through the real sign-in form."""
    import re
    import urllib.parse

    jar, opener = _opener()
    page = opener.open(f"{base}/sign-in/", timeout=300).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{base}/sign-in/", data.encode(), headers={"Referer": f"{base}/sign-in/"})
    opener.open(request, timeout=300).read()
    session = next((c.value for c in jar if c.name == "sessionid"), "")
    if not session:
        raise SystemExit(f"signing in as {username} failed")
    return session, opener


def warm_up(env: dict[str, str], port: int) -> None:
    """Sign in one session per locust user (the password hash is deliberately slow, and people sign in
    once a day, so it is kept out of the timed run; the sessions go to locust in BENCH_SESSIONS_*),
    then open every page type a few times so each worker has loaded its code and templates."""
    base = f"http://127.0.0.1:{port}"
    national = [sign_in(base, env["BENCH_NATIONAL_USER"], env["BENCH_PASSWORD"]) for _ in range((USERS + 1) // 2)]
    hwb = [sign_in(base, env["BENCH_HWB_USER"], env["BENCH_PASSWORD"]) for _ in range(USERS // 2 + 1)]
    env["BENCH_SESSIONS_NATIONAL"] = ",".join(session for session, _ in national)
    env["BENCH_SESSIONS_HWB"] = ",".join(session for session, _ in hwb)
    opener = national[0][1]
    hwb_code, quarter = env["BENCH_HWB"], env["BENCH_QUARTER"]
    urls = ["/", f"/benchmark/?metric={env['BENCH_COMPARE_METRICS'].split(',')[0]}",
            f"/reports/national/?quarter={quarter}", f"/delivery/national/returns/{quarter}/", f"/hwb/{hwb_code}/",
            f"/hwb/{hwb_code}/metrics/", f"/hwb/{hwb_code}/metrics/{env['BENCH_METRICS'].split(',')[0]}/"
            f"?period={env['BENCH_METRICS_YEAR']}",
            f"/plans/{env['BENCH_PLAN']}/", f"/delivery/hwb/{hwb_code}/returns/"]
    for _ in range(WORKERS):
        for url in urls:
            opener.open(f"{base}{url}", timeout=300).read()


def run_locust(env: dict[str, str], port: int, folder: Path) -> list[dict[str, str]]:
    subprocess.run(
        [str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
         "--host", f"http://127.0.0.1:{port}", "--users", str(USERS), "--spawn-rate", str(max(1, USERS // 5)),
         "--run-time", f"{RUN_SECONDS}s", "--stop-timeout", "5", "--csv", str(folder / "load"), "--only-summary",
         "--loglevel", "WARNING", "--exit-code-on-error", "0"],
        env=env, check=True,
    )
    with open(folder / "load_stats.csv", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["Name"] != "Aggregated"]


def report(rows: list[dict[str, str]]) -> list[str]:
    """Print the table; return the targets missed."""
    missed = []
    print(f"{'page type':<48} {'requests':>8} {'errors':>6} {'median':>7} {'p95':>6} {'p99':>6}  (ms)")
    for row in sorted(rows, key=lambda r: r["Name"]):
        name, count, errors = row["Name"], int(row["Request Count"]), int(row["Failure Count"])
        median, p95, p99 = (float(row[k] or 0) for k in ("50%", "95%", "99%"))
        print(f"{name[:48]:<48} {count:>8} {errors:>6} {median:>7.0f} {p95:>6.0f} {p99:>6.0f}")
        if errors:
            missed.append(f"{name}: {errors} error(s)")
        if name.startswith(SIGN_IN_PREFIX):
            continue
        if p95 > P95_MS:
            missed.append(f"{name}: p95 {p95:.0f} ms > {P95_MS} ms")
        if p99 > P99_MS:
            missed.append(f"{name}: p99 {p99:.0f} ms > {P99_MS} ms")
    return missed


def main() -> int:
    db_env, database = database_env()
    env = {**os.environ, **db_env, "BETTERCARE_SECRET_KEY": secrets.token_urlsafe(50), "BETTERCARE_HTTPS": "0",
           "BETTERCARE_ALLOWED_HOSTS": "127.0.0.1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    print(f"database: {database}", flush=True)
    load_dataset({**env, "DJANGO_SETTINGS_MODULE": "bettercare.web.dev_settings"})
    found = parameters({**env, "DJANGO_SETTINGS_MODULE": "bettercare.web.settings"})
    env.update({k: v for k, v in found.items() if k.startswith("BENCH_")})
    compute_pages({**env, "DJANGO_SETTINGS_MODULE": "bettercare.web.settings"})
    print(f"{found['HWB_COUNT']} HWBs in force; {USERS} users for {RUN_SECONDS} s against gunicorn "
          f"({WORKERS} workers, production settings) on 127.0.0.1", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = free_port()
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        with open(ROOT / "var" / "bench" / "server.log", "w") as log:
            server = start_server(env, port, log)
            try:
                warm_up(env, port)
                rows = run_locust(env, port, folder)
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
    missed = report(rows)
    if not rows:
        missed.append("no request was made")
    for line in missed:
        print(f"MISSED {line}")
    print("load: targets met" if not missed else "load: targets missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
