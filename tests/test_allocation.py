"""Allocating an IRO through the service: proposal, override with reason, history kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from carereview.audit.models import AuditEvent
from carereview.staff import services

pytestmark = pytest.mark.django_db


def test_choosing_someone_other_than_the_proposal_needs_a_reason(staff, make_child):
    child = make_child(staff["sw"], communication_needs="Uses Makaton")
    proposed = next(c for c in services.propose(child) if c.eligible)
    assert proposed.iro_id == staff["iro2"].pk  # the communication specialist
    with pytest.raises(ValidationError) as refused:
        services.allocate(child, staff["iro"], staff["manager"], date(2024, 1, 9))
    assert "rather than the proposed IRO" in refused.value.message_dict["override_reason"][0]
    services.allocate(
        child,
        staff["iro"],
        staff["manager"],
        date(2024, 1, 9),
        override_reason="Knows the family from a previous period",
    )
    assert services.current_iro(child) == staff["iro"]


def test_every_change_of_iro_is_kept_and_audited(staff, make_child):
    child = make_child(staff["sw"])
    services.allocate(
        child, staff["iro"], staff["manager"], date(2024, 1, 9), override_reason="Testing"
    )
    services.allocate(
        child, staff["iro2"], staff["manager"], date(2024, 5, 1), override_reason="Caseload"
    )
    history = list(
        child.allocations.order_by("started_on").values_list(
            "iro__username", "started_on", "ended_on"
        )
    )
    assert history == [
        ("iro.one", date(2024, 1, 9), date(2024, 5, 1)),
        ("iro.two", date(2024, 5, 1), None),
    ]
    assert AuditEvent.objects.filter(child_id=child.pk, action="change").count() == 2


def test_an_ineligible_iro_is_refused(staff, make_child):
    parent = make_child(staff["sw"], iro=staff["iro"])
    child = make_child(staff["sw"])
    child.looked_after_parents.add(parent)
    with pytest.raises(ValidationError, match="different IROs"):
        services.allocate(
            child, staff["iro"], staff["manager"], date(2024, 1, 9), override_reason="x"
        )


def test_children_of_an_iro_who_has_left_are_listed_for_reallocation(client, staff, make_child):
    from .conftest import PASSWORD

    child = make_child(staff["sw"], start=date.today(), iro=staff["iro"])
    staff["iro"].is_active = False
    staff["iro"].save()
    client.login(username="iro.manager", password=PASSWORD)
    page = client.get("/service/").content.decode()
    assert "Children whose IRO has left" in page and child.last_name in page


def test_the_iro_manager_is_alerted_at_once_when_a_child_becomes_looked_after(client, staff):
    from carereview.notifications.models import Alert

    from .conftest import PASSWORD

    client.login(username="sw.north", password=PASSWORD)
    today = date.today()
    response = client.post(
        "/children/new/",
        {
            "first_name": "Ari",
            "last_name": "Alerted",
            "reference": "ALERT1",
            "date_of_birth-day": "1",
            "date_of_birth-month": "1",
            "date_of_birth-year": str(today.year - 9),
            "gender": "other",
            "ethnicity": "NOBT",
            "first_language": "English",
            "looked_after_from-day": str(today.day),
            "looked_after_from-month": str(today.month),
            "looked_after_from-year": str(today.year),
            "legal_status": "V2",
            "placement": "U6",
        },
    )
    assert response.status_code == 302
    (alert,) = Alert.objects.filter(recipient=staff["manager"])
    assert "Ari Alerted became looked after" in alert.text and alert.respond_by > today
    client.login(username="iro.manager", password=PASSWORD)
    assert "Ari Alerted became looked after" in client.get("/service/").content.decode()
    client.post(f"/alerts/{alert.pk}/read/", {"next": "/service/"})
    assert "Ari Alerted became looked after" not in client.get("/service/").content.decode()


def test_allocating_the_child_clears_the_managers_alert(staff, make_child):
    from django.urls import reverse

    from carereview.notifications.models import Alert
    from carereview.notifications.services import alert

    child = make_child(staff["sw"])
    alert([staff["manager"]], "allocate", link=reverse("child_allocation", args=[child.pk]))
    services.allocate(
        child, staff["iro"], staff["manager"], date(2024, 1, 9), override_reason="Testing"
    )
    assert not Alert.objects.filter(read_at__isnull=True).exists()
