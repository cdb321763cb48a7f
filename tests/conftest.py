"""Shared fixtures: the demo scenarios are loaded once per test session into the test database;
browser tests (which flush the database) run last."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from bettercare.scenarios.loader import load
    from bettercare.scenarios.users import create_demo_users

    with django_db_blocker.unblock():
        load()
        create_demo_users()


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: "browser" in item.keywords)
