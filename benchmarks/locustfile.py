"""Locust users for the load benchmark (``bench_load.py`` starts locust with this file): signed-in
people browsing the national pages and HWB pages of the national dataset. Loopback only: locust
refuses any other host. Each request is named by its page type, so the figures come per page type.

Set by ``bench_load.py``: BENCH_PASSWORD, BENCH_NATIONAL_USER, BENCH_HWB_USER, BENCH_HWB (the HWB
user's GSS code), BENCH_PLAN (its plan id), BENCH_HWBS (GSS codes the national users open),
BENCH_METRICS (the HWB plan's metric codes),
BENCH_COMPARE_METRICS (2023-25 metric codes, compared across HWBs), BENCH_QUARTER (the quarter of the return pages)."""

from __future__ import annotations

import os
import random
import re
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SIGN_IN = "sign-in (not a page: excluded from the targets)"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.init.add_listener
def loopback_only(environment, **_kwargs) -> None:
    host = urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"The load benchmark runs against this machine only (127.0.0.1), not {host!r}.")


def _list(name: str) -> list[str]:
    return [item for item in os.environ.get(name, "").split(",") if item]


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    username_variable = ""

    def on_start(self) -> None:
        page = self.client.get("/sign-in/", name=SIGN_IN)
        match = CSRF.search(page.text)
        with self.client.post(
            "/sign-in/",
            {"username": os.environ[self.username_variable], "password": os.environ["BENCH_PASSWORD"],
             "csrfmiddlewaretoken": match.group(1) if match else ""},
            headers={"Referer": f"{self.host}/sign-in/"},
            name=SIGN_IN,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused (status {response.status_code})")

    def page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class NationalTeam(SignedIn):
    """The national BCF team: the national pages, and any HWB's pages."""

    username_variable = "BENCH_NATIONAL_USER"

    @task(3)
    def hwb_list(self) -> None:
        self.page("/", "national: HWB list")

    @task(3)
    def compare(self) -> None:
        self.page(f"/benchmark/?metric={random.choice(_list('BENCH_COMPARE_METRICS'))}", "national: compare HWBs")

    @task(2)
    def summary(self) -> None:
        self.page(f"/reports/national/?quarter={os.environ['BENCH_QUARTER']}", "national: summary of returns")

    @task(2)
    def board(self) -> None:
        self.page(f"/delivery/national/returns/{os.environ['BENCH_QUARTER']}/", "national: return status board")

    @task(3)
    def any_hwb(self) -> None:
        self.page(f"/hwb/{random.choice(_list('BENCH_HWBS'))}/metrics/", "HWB: metrics dashboard")


class HwbTeam(SignedIn):
    """An HWB's BCF lead: the HWB's own pages."""

    username_variable = "BENCH_HWB_USER"

    @task(2)
    def home(self) -> None:
        self.page(f"/hwb/{os.environ['BENCH_HWB']}/", "HWB: home")

    @task(3)
    def dashboard(self) -> None:
        self.page(f"/hwb/{os.environ['BENCH_HWB']}/metrics/", "HWB: metrics dashboard")

    @task(3)
    def metric(self) -> None:
        self.page(f"/hwb/{os.environ['BENCH_HWB']}/metrics/{random.choice(_list('BENCH_METRICS'))}/",
                  "HWB: one metric")

    @task(2)
    def plan(self) -> None:
        self.page(f"/plans/{os.environ['BENCH_PLAN']}/", "HWB: plan")

    @task(1)
    def returns(self) -> None:
        self.page(f"/delivery/hwb/{os.environ['BENCH_HWB']}/returns/", "HWB: returns")
