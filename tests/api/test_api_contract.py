"""Contract test from the OpenAPI document: schemathesis generates requests for every operation
(valid and edge-case path, query and upload values) and sends them to the app through its WSGI
interface. Every answer must be free of server errors and match the document: a documented status
code, its content type and its schema. Bounded: EXAMPLES per operation (about a minute on 2 cores)."""

import time

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import bearer

pytestmark = pytest.mark.django_db
EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept_open():
    """Calls through the WSGI handler would close the database connection at each request's end, and
    with it the test's transaction (PostgreSQL); Django's test client stops that the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@override_settings(BETTERCARE_API_RATE_LIMIT=100000)
def test_every_operation_answers_as_its_openapi_document_says(connection_kept_open):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    readers, writer = bearer("national"), bearer("norfolk.editor")
    headers = {
        "GET": {"Authorization": readers["HTTP_AUTHORIZATION"]},
        "POST": {"Authorization": writer["HTTP_AUTHORIZATION"]},
    }
    started, calls, statuses = time.monotonic(), [0], {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            response = case.call(headers=headers[case.method.upper()])
            case.validate_response(response, checks=CHECKS)
            calls[0] += 1
            statuses.setdefault(case.operation.label, set()).add(response.status_code)

        call()
    assert calls[0] >= len(operations) * 5
    assert time.monotonic() - started < 150
    assert any(200 in codes for codes in statuses.values()), statuses
