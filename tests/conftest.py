"""Shared fixtures: the demo scenarios are loaded once per test session into the test database;
browser tests (which flush the database) run last."""

import os

import pytest


def pytest_collection(session):
    """Tests read the shipped catalogue files; the web app's database source of catalogue
    versions (installed when Django's apps are ready) is installed again only by tests that ask
    for it (``catalogue_db_source``), so that tests and collection without database access can
    still read the catalogue."""
    from bettercare.catalogue import use_source

    use_source(None)


@pytest.fixture
def catalogue_db_source():
    from bettercare.catalogue import use_source
    from bettercare.reference.catalogue_store import DatabaseSource

    previous = use_source(DatabaseSource())
    yield
    use_source(previous)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from bettercare.scenarios.loader import load
    from bettercare.scenarios.users import create_demo_users

    with django_db_blocker.unblock():
        load()
        create_demo_users()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page computed in another test's data is never read."""
    from django.core.cache import cache

    cache.clear()


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: "browser" in item.keywords)


_skips: list[str] = []  # the reason of every skipped test or module


def pytest_runtest_logreport(report):
    if report.skipped and report.when in ("setup", "call"):
        _skips.append(str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr))


def pytest_collectreport(report):
    if report.skipped:
        _skips.append(str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr))


def pytest_terminal_summary(terminalreporter):
    from shared_dir import SHARED_MISSING

    want = sum(SHARED_MISSING in reason for reason in _skips)
    if want:
        terminalreporter.write_line(
            f"Skipped for want of ../shared: {want} (a skipped module counts once) — {SHARED_MISSING}."
        )
    if _skips and os.environ.get("BETTERCARE_REQUIRE_SHARED"):
        terminalreporter.write_line(f"BETTERCARE_REQUIRE_SHARED is set: {len(_skips)} skipped, and CI runs everything.")


def pytest_sessionfinish(session, exitstatus):
    """In CI (``BETTERCARE_REQUIRE_SHARED=1``) a skipped test fails the run: CI has ../shared and
    every tool the tests need, so a skip there means something is missing."""
    if _skips and os.environ.get("BETTERCARE_REQUIRE_SHARED") and session.exitstatus == 0:
        session.exitstatus = 1
