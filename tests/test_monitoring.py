"""Between reviews: significant events, the IRO's decision, changes a review must consider first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from carereview.monitoring import services
from carereview.monitoring.models import ChangeKind
from carereview.notifications.models import Alert
from carereview.records.changes import CareChange, record_care_change
from carereview.records.services import child_schedule
from carereview.reviews.models import Review

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_event_alerts_the_iro_and_a_review_it_needs_brings_the_next_one_forward(
    staff, make_child
) -> None:
    today = timezone.localdate()
    child = make_child(staff["sw"], start=today - timedelta(days=100), iro=staff["iro"])
    Review.objects.create(child=child, held_on=today - timedelta(days=80))
    before = child_schedule(child, today).next_review.due
    event = services.record_event(
        child,
        "missing",
        today - timedelta(days=1),
        "Missing overnight; returned by police",
        staff["sw"],
    )
    (alert,) = Alert.objects.filter(recipient=staff["iro"])
    assert "missing from the placement" in alert.text
    with pytest.raises(ValidationError, match="reasons"):
        services.decide_event(event, True, "", today + timedelta(days=10), None, None, staff["iro"])
    services.decide_event(
        event,
        True,
        "Placement stability at risk",
        today + timedelta(days=10),
        today,
        today,
        staff["iro"],
    )
    upcoming = child_schedule(child, today).next_review
    assert upcoming.due == today + timedelta(days=10) < before
    assert upcoming.statutory.rule.id == "significant_event"
    assert not Alert.objects.filter(recipient=staff["iro"], read_at__isnull=True).exists()


def test_no_review_needed_is_recorded_with_reasons_and_changes_nothing(staff, make_child):
    today = timezone.localdate()
    child = make_child(staff["sw"], start=today - timedelta(days=100), iro=staff["iro"])
    before = child_schedule(child, today).next_review.due
    event = services.record_event(child, "health", today, "Sprained ankle", staff["sw"])
    services.decide_event(
        event, False, "Minor, no change to the plan", None, None, None, staff["iro"]
    )
    assert child_schedule(child, today).next_review.due == before


def test_leaving_care_at_17_is_blocked_until_a_review_considers_it(staff, make_child) -> None:
    today = timezone.localdate()
    child = make_child(
        staff["sw"],
        start=today - timedelta(days=300),
        iro=staff["iro"],
        date_of_birth=today - timedelta(days=17 * 365 + 30),
    )
    ending = CareChange("ceased", today, reason_ceased="E6")
    with pytest.raises(ValidationError, match="leaving care before 18"):
        record_care_change(child, ending, staff["sw"])
    change = services.propose_change(
        child,
        ChangeKind.LEAVING_CARE,
        today + timedelta(days=20),
        "Wants to move to a flat",
        staff["sw"],
    )
    upcoming = child_schedule(child, today).next_review
    assert upcoming.due <= today + timedelta(days=19)  # before the change
    review = Review.objects.create(child=child, held_on=today)
    services.mark_considered(change, review, staff["iro"])
    record_care_change(child, ending, staff["sw"])
    assert not child_schedule(child, today + timedelta(days=1)).looked_after


def test_a_move_in_key_stage_4_is_declared_and_blocked_until_considered(staff, make_child):
    today = timezone.localdate()
    child = make_child(staff["sw"], start=today - timedelta(days=300), iro=staff["iro"])
    move = CareChange("placement", today, placement="U6", declared=frozenset({"key_stage_4"}))
    with pytest.raises(ValidationError, match="key stage 4"):
        record_care_change(child, move, staff["sw"])
    record_care_change(child, CareChange("placement", today, placement="U6"), staff["sw"])


def test_a_move_to_unregulated_accommodation_is_seen_from_the_placement_code(staff, make_child):
    today = timezone.localdate()
    child = make_child(
        staff["sw"],
        start=today - timedelta(days=300),
        iro=staff["iro"],
        date_of_birth=today - timedelta(days=16 * 365 + 40),
    )
    with pytest.raises(ValidationError, match="unregulated"):
        record_care_change(child, CareChange("placement", today, placement="H5"), staff["sw"])


def test_the_events_page_for_the_social_worker_and_the_iro(client, staff, make_child) -> None:
    today = timezone.localdate()
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    client.login(username="sw.north", password=PASSWORD)
    response = client.post(
        f"/children/{child.pk}/events/",
        {
            "form": "event",
            "event-kind": "exclusion",
            "event-occurred_on-day": str(today.day),
            "event-occurred_on-month": str(today.month),
            "event-occurred_on-year": str(today.year),
            "event-details": "Fixed-term exclusion, 3 days",
        },
    )
    assert response.status_code == 302
    event = child.events.get()
    page = client.get(f"/children/{child.pk}/events/").content.decode()
    assert "Waiting for the IRO's decision" in page
    assert (
        client.post(
            f"/children/{child.pk}/events/",
            {
                "form": f"decide-{event.pk}",
                f"d{event.pk}-review_needed": "no",
                f"d{event.pk}-decision_reason": "x",
            },
        ).status_code
        == 403
    )
    client.login(username="iro.one", password=PASSWORD)
    client.post(
        f"/children/{child.pk}/events/",
        {
            "form": f"decide-{event.pk}",
            f"d{event.pk}-review_needed": "no",
            f"d{event.pk}-decision_reason": "Discussed with the school; plan unchanged",
        },
    )
    event.refresh_from_db()
    assert event.review_needed is False and event.decided_by == staff["iro"]
    client.login(username="support.one", password=PASSWORD)
    assert client.get(f"/children/{child.pk}/events/").status_code == 403


def test_an_event_before_the_child_came_into_care_is_refused_on_the_page(
    client, staff, make_child
) -> None:
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    client.login(username="sw.north", password=PASSWORD)
    response = client.post(
        f"/children/{child.pk}/events/",
        {
            "form": "event",
            "event-kind": "exclusion",
            "event-occurred_on-day": "2",
            "event-occurred_on-month": "1",
            "event-occurred_on-year": "2024",
            "event-details": "Fixed-term exclusion, 3 days",
        },
    )
    assert response.status_code == 200
    assert "The child was not looked after on 2 January 2024" in response.content.decode()
    assert not child.events.exists()
