"""Shared fixtures: the demo scenarios are loaded once per test session into the test database;
browser tests (which flush the database) run last."""

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
    from bettercare.plans.catalogue_store import DatabaseSource

    previous = use_source(DatabaseSource())
    yield
    use_source(previous)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from bettercare.cli import create_demo_users
    from bettercare.scenarios.loader import load

    with django_db_blocker.unblock():
        load()
        create_demo_users()


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: "browser" in item.keywords)
