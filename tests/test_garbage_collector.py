"""Python's cyclic garbage collector is held off while WeasyPrint works (``reports.pdf``), runs with
raised thresholds in a command (``cli.main``), and with Python's own in the web server."""

import gc
import subprocess
import sys

import pytest

from bettercare.cli import COMMAND_COLLECTOR_THRESHOLDS
from bettercare.reports.pdf import collector_held, render, write
from bettercare.web.server import PYTHON_COLLECTOR_THRESHOLDS, collect_as_python_does


def test_the_collector_is_off_while_weasyprint_works_and_on_after(monkeypatch):
    import weasyprint

    seen = []
    real = weasyprint.HTML.render
    monkeypatch.setattr(weasyprint.HTML, "render", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    document = render("<p>One page</p>")
    assert seen == [False] and gc.isenabled()
    assert write(document).startswith(b"%PDF") and gc.isenabled()


def test_nested_holds_leave_it_on_and_a_collector_found_off_stays_off():
    with collector_held():
        with collector_held():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer hold is still on
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_held():
            pass
        assert not gc.isenabled()  # whoever switched it off switches it back on
    finally:
        gc.enable()


def test_a_command_runs_with_the_raised_thresholds():
    script = ("import gc, os, sys\nfrom bettercare import cli\n"
              "cli.finish = lambda code: (print(gc.get_threshold(), flush=True), os._exit(0))\n"
              "sys.argv = ['bettercare', '--help']\ncli.main()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == str(COMMAND_COLLECTOR_THRESHOLDS)


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_the_web_server_collects_as_python_does(thresholds):
    gc.set_threshold(*COMMAND_COLLECTOR_THRESHOLDS)
    collect_as_python_does()
    assert gc.get_threshold() == PYTHON_COLLECTOR_THRESHOLDS == (700, 10, 10)
