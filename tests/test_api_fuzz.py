"""The open API under a schema-based fuzz run (schemathesis): requests made up from the served
OpenAPI description, valid and not, with a token holding every scope.  No answer may be a
server error, and every answer must be one the description declares, in the shape it declares.

Bounded (a few dozen examples per operation, no per-example deadline) so that it runs in the
normal suite in well under a minute.
"""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from carereview.api import services
from carereview.api.models import Scope
from carereview.reviews.models import Decision, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def fuzz_token(staff, make_child, clock) -> str:
    """A token with every scope, and children for it to find: the one the description's
    examples name (T00001, with a review held and a decision), and a restricted one."""
    clock.set_to(date(2025, 4, 1))
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    assert child.reference == "T00001"
    review = Review.objects.create(child=child, held_on=date(2024, 2, 1), participation="PN1")
    Decision.objects.create(
        review=review,
        text="Arrange family time",
        responsible="Social worker",
        deadline=date(2024, 3, 1),
    )
    make_child(staff["sw"], restricted=True)
    _, token = services.create_client("Fuzz run", Scope.values)
    return token


# Loaded when the module is collected: the description needs no database.  (Not through
# `schemathesis.pytest.from_fixture`: its lazy loading breaks on pytest 9, which removed the
# node attribute it renames.)
# schemathesis calls the application as "localhost".
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept():
    """The application is called directly, so Django's end of a request would close the
    database connection the test's transaction lives on (on PostgreSQL; SQLite's in-memory
    test database ignores it): kept open here, as Django's own test client does."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_never_fails_and_answers_as_its_description_says(
    case, fuzz_token, connection_kept, settings
):
    settings.ALLOWED_HOSTS = ["localhost"]
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_token}"}, checks=CHECKS)
