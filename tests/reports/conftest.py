"""Fixtures for the reports tests: documents are generated once per test module, inside a
transaction that is rolled back, so rows a module adds (commentary, returns) do not leak."""

import pytest

from .helpers import rolled_back


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """``with module_db(): ...`` runs database work for a module-scoped fixture, rolled back."""
    return lambda: rolled_back(django_db_blocker)
