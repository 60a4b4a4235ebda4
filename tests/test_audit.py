"""The audit log: written for sign-in and every change, and impossible to rewrite."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from carereview.audit.models import Action, AuditEvent, AuditLogIsAppendOnly

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_success_and_failure_are_logged(client, staff) -> None:
    client.post("/sign-in/", {"username": "sw.north", "password": "wrong"})
    client.post("/sign-in/", {"username": "sw.north", "password": PASSWORD})
    actions = list(AuditEvent.objects.order_by("pk").values_list("username", "action"))
    assert actions == [("sw.north", Action.SIGN_IN_FAILED), ("sw.north", Action.SIGN_IN)]


def test_audit_events_cannot_be_changed_or_deleted_by_the_application(staff) -> None:
    event = AuditEvent.objects.create(action=Action.VIEW, summary="Viewed")
    event.summary = "Rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_itself_refuses_to_rewrite_the_audit_log(staff) -> None:
    event = AuditEvent.objects.create(action=Action.VIEW, summary="Viewed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="Rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
