"""Schemathesis against the OpenAPI document: made-up paths, queries and bodies for every operation, sent
with a real token through the WSGI application (in-process, in the test's database). No input may produce a
server error, and every documented answer must match its schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from lamtheobac.api import tokens

from ..cycle.builders import make_commitment, open_year

pytestmark = pytest.mark.django_db

EXAMPLES = 25  # per operation


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request (``close_old_connections``); the
    test's transaction lives on that connection, so the test keeps it open as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_input_makes_the_api_fail(cast, keep_connection):
    open_year(cast.district_a, actor=cast.officer)
    make_commitment(person=cast.member_person, actor=cast.member)
    key = tokens.create(user=cast.leader, name="Schemathesis")[1]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    answers: dict[int, int] = {}
    for operation in operations:

        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=operation.as_strategy())
        def call(case):
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {key}"},
                checks=[not_a_server_error, response_schema_conformance],
            )
            answers[response.status_code] = answers.get(response.status_code, 0) + 1

        call()
    # the token opened the doors: most answers are real answers or refusals of the input, not 401
    assert answers.get(200, 0) > 100 and answers.get(401, 0) == 0, answers
    print(
        f"schemathesis: {sum(answers.values())} calls over {len(operations)} operations: {sorted(answers.items())}"
    )
