"""Schemathesis against the listings API's own OpenAPI document, through WSGI (no network).

Every generated request, valid or not, must get an answer the document describes, and never a 5xx.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from tests.api.conftest import LISTINGS, course_day
from tests.library.factories import make_resource

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Loading the document needs no database: it is made from the code.
schema = schemathesis.openapi.from_wsgi(f"{LISTINGS}/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def some_events(index, settings):
    settings.LISTINGS_API_RATE_LIMIT = 1_000_000  # the limit has its own tests
    course_day(1)
    course_day(2, english=False, status="cancelled")
    make_resource(title="Idékort", slug="idekort")


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """Like Django's test client: a request must not close the connection that holds the test's data."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_conforms_to_the_openapi_document(case):
    # Through WSGI, schemathesis reads the body as sent: ask for it uncompressed (gzip has its own test).
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
