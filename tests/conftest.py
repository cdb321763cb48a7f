"""Shared fixtures: the demo scenarios are loaded once per test session into the test database;
browser tests (which flush the database) run last."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from bettercare.cli import create_demo_users
    from bettercare.scenarios.loader import load

    with django_db_blocker.unblock():
        load()
        create_demo_users()


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: "browser" in item.keywords)
