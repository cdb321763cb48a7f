"""Locust users for the load benchmark (``bench_load.py`` starts locust with this file): signed-in
people browsing the national pages and HWB pages of the national dataset. Loopback only: locust
refuses any other host. Each request is named by its page type, so the figures come per page type;
a page that is not a 200 (a redirect to sign-in included) is an error.

Set by ``bench_load.py``: BENCH_SESSIONS_NATIONAL and BENCH_SESSIONS_HWB (session cookies signed in
through the sign-in form before the run), BENCH_HWB (the HWB user's GSS code), BENCH_PLAN (its plan
id), BENCH_HWBS (GSS codes the national users open), BENCH_METRICS (the HWB plan's metric codes),
BENCH_METRICS_YEAR (the plan's first year), BENCH_COMPARE_METRICS (2023-25 metric codes compared
across HWBs), BENCH_QUARTER (the return pages' quarter)."""

from __future__ import annotations

import os
import random
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@events.init.add_listener
def loopback_only(environment, **_kwargs) -> None:
    host = urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"The load benchmark runs against this machine only (127.0.0.1), not {host!r}.")


def _list(name: str) -> list[str]:
    return [item for item in os.environ.get(name, "").split(",") if item]


class SignedIn(HttpUser):
    """A person with a session signed in through the sign-in form before the run (``bench_load``)."""

    abstract = True
    wait_time = between(0.5, 1.5)
    sessions_variable = ""
    _taken: dict[str, int] = {}

    def on_start(self) -> None:
        sessions = _list(self.sessions_variable)
        index = SignedIn._taken.get(self.sessions_variable, 0)
        SignedIn._taken[self.sessions_variable] = index + 1
        self.client.cookies.set("sessionid", sessions[index % len(sessions)])

    def page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class NationalTeam(SignedIn):
    """The national BCF team: the national pages, and any HWB's pages."""

    sessions_variable = "BENCH_SESSIONS_NATIONAL"

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

    sessions_variable = "BENCH_SESSIONS_HWB"

    @task(2)
    def home(self) -> None:
        self.page(f"/hwb/{os.environ['BENCH_HWB']}/", "HWB: home")

    @task(3)
    def dashboard(self) -> None:
        self.page(f"/hwb/{os.environ['BENCH_HWB']}/metrics/", "HWB: metrics dashboard")

    @task(3)
    def metric(self) -> None:
        self.page(f"/hwb/{os.environ['BENCH_HWB']}/metrics/{random.choice(_list('BENCH_METRICS'))}/"
                  f"?period={os.environ['BENCH_METRICS_YEAR']}", "HWB: one metric")

    @task(2)
    def plan(self) -> None:
        self.page(f"/plans/{os.environ['BENCH_PLAN']}/", "HWB: plan")

    @task(1)
    def returns(self) -> None:
        self.page(f"/delivery/hwb/{os.environ['BENCH_HWB']}/returns/", "HWB: returns")
