"""Arranging the next review, and recording that a review was held."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from carereview.reviews import services
from carereview.reviews.forms import ScheduleReviewForm
from carereview.reviews.models import Review

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 16) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def test_a_date_after_the_statutory_deadline_is_refused_with_the_reason(staff, make_child):
    today = timezone.localdate()
    child = make_child(staff["sw"], start=today - timedelta(days=3), iro=staff["iro"])
    with pytest.raises(ValidationError) as refused:
        services.schedule_next_review(
            child, at(today + timedelta(days=60)), "Placement", staff["iro"]
        )
    message = refused.value.message_dict["date"][0]
    assert "after the statutory deadline" in message and "CPPCR 2010 reg 33(1)" in message
    review = services.schedule_next_review(
        child, at(today + timedelta(days=10)), "Placement", staff["iro"]
    )
    assert review.scheduled_for.date() == today + timedelta(days=10)


def test_moving_a_review_keeps_one_planned_review(staff, make_child):
    today = timezone.localdate()
    child = make_child(staff["sw"], start=today - timedelta(days=3), iro=staff["iro"])
    services.schedule_next_review(child, at(today + timedelta(days=10)), "Placement", staff["iro"])
    services.schedule_next_review(
        child,
        at(today + timedelta(days=12)),
        "School",
        staff["iro"],
        postponed_because="iro_unavailable",
    )
    assert child.reviews.count() == 1 and child.reviews.get().venue == "School"


def test_a_review_in_school_hours_needs_the_childs_wish_recorded():
    monday = date(2030, 3, 4)
    form = ScheduleReviewForm(
        {
            "date-day": monday.day,
            "date-month": monday.month,
            "date-year": monday.year,
            "time": "10:00",
            "venue": "School",
        },
        child_age=10,
    )
    assert not form.is_valid() and "school hours" in form.errors["in_school_hours_because"][0]
    form = ScheduleReviewForm(
        {
            "date-day": monday.day,
            "date-month": monday.month,
            "date-year": monday.year,
            "time": "16:00",
            "venue": "Home",
        },
        child_age=10,
    )
    assert form.is_valid(), form.errors


def test_recording_a_review_held_moves_the_timetable_on(staff, make_child, client):
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    services.record_review_held(child, date(2024, 1, 30), "iro", "PN1", staff["iro"])
    from carereview.records.services import child_schedule

    schedule = child_schedule(child, date(2024, 2, 1))
    assert schedule.reviews[0].on_time and schedule.next_review.due == date(2024, 4, 30)


def test_participation_codes_follow_the_childs_age(staff, make_child):
    child = make_child(staff["sw"], start=date(2024, 1, 8), date_of_birth=date(2022, 6, 1))
    with pytest.raises(ValidationError, match="under 4"):
        services.record_review_held(child, date(2024, 1, 30), "iro", "PN1", staff["iro"])
    older = make_child(staff["sw"], start=date(2024, 1, 8))
    with pytest.raises(ValidationError, match="PN0 is only"):
        services.record_review_held(older, date(2024, 1, 30), "iro", "PN0", staff["iro"])


def test_a_review_is_refused_on_a_day_the_child_was_not_looked_after(staff, make_child):
    child = make_child(staff["sw"], start=date(2024, 1, 8))
    with pytest.raises(ValidationError, match="not looked after"):
        services.record_review_held(child, date(2023, 12, 1), "iro", "PN1", staff["iro"])


def test_a_review_without_a_meeting_only_for_long_term_foster_care_with_a_yearly_meeting(
    staff, make_child
):
    today = timezone.localdate()
    child = make_child(staff["sw"], start=today - timedelta(days=800), iro=staff["iro"])
    when = at(today + timedelta(days=5))
    Review.objects.create(child=child, held_on=today - timedelta(days=400))
    Review.objects.create(child=child, held_on=today - timedelta(days=170))
    with pytest.raises(ValidationError, match="designated long-term foster placement"):
        services.schedule_next_review(child, when, "Home", staff["iro"], without_meeting=True)
    child.long_term_foster_designated_on = today - timedelta(days=500)
    child.save()
    review = services.schedule_next_review(child, when, "Home", staff["iro"], without_meeting=True)
    assert review.without_meeting
    Review.objects.filter(child=child, held_on__isnull=False).update(without_meeting=True)
    with pytest.raises(ValidationError, match="a meeting is needed at least once a year"):
        services.schedule_next_review(child, when, "Home", staff["iro"], without_meeting=True)


def test_brothers_and_sisters_can_share_a_meeting_each_with_their_own_review(staff, make_child):
    today = timezone.localdate()
    older = make_child(staff["sw"], start=today - timedelta(days=3), iro=staff["iro"])
    younger = make_child(staff["sw"], start=today - timedelta(days=3), iro=staff["iro"])
    older.siblings.add(younger)
    when = at(today + timedelta(days=10))
    services.schedule_next_review(older, when, "Foster home", staff["iro"], siblings=[younger])
    assert younger.reviews.get().scheduled_for == when
    assert older.reviews.get().pk != younger.reviews.get().pk
