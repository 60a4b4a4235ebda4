"""Reviews held late need the reason (IRO Handbook 7.11), correctable on the review's page; a
review's date put back is a postponement, kept with its reason (seed 001 section 17)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from carereview.audit.models import Action, AuditEvent
from carereview.reviews import services
from carereview.reviews.models import Postponement, Review

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

# A child looked after from Monday 8 January 2024: the first review is due by 5 February 2024
# (20 working days, CPPCR 2010 reg 33(1)).
DEADLINE = date(2024, 2, 5)


def at(day: date, hour: int = 16) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def child(staff, make_child):
    return make_child(staff["sw"], iro=staff["iro"], first_name="Dee", last_name="Delay")


def held_form(day: date, **extra: str) -> dict[str, str]:
    return {
        "held_on-day": str(day.day),
        "held_on-month": str(day.month),
        "held_on-year": str(day.year),
        "chair": "iro",
        "participation": "PN1",
        **extra,
    }


# -- late reviews --------------------------------------------------------------------------


def test_a_review_held_late_is_refused_without_the_reason_and_nothing_is_saved(
    staff, child, clock
) -> None:
    clock.set_to(date(2024, 2, 20))
    with pytest.raises(ValidationError) as refused:
        services.record_review_held(child, date(2024, 2, 20), "iro", "PN1", staff["iro"])
    message = refused.value.message_dict["late_reason"][0]
    assert "15 days after its deadline of 5 February 2024" in message
    assert not Review.objects.filter(child=child, held_on__isnull=False).exists()


def test_a_review_held_late_keeps_its_reason(staff, child, clock) -> None:
    clock.set_to(date(2024, 2, 20))
    review = services.record_review_held(
        child, date(2024, 2, 20), "iro", "PN1", staff["iro"], late_reason="report_not_ready"
    )
    assert review.late_reason == "report_not_ready"


def test_another_reason_needs_saying_what_it_was(staff, child, clock) -> None:
    clock.set_to(date(2024, 2, 20))
    with pytest.raises(ValidationError) as refused:
        services.record_review_held(
            child, date(2024, 2, 20), "iro", "PN1", staff["iro"], late_reason="other"
        )
    assert "late_reason_details" in refused.value.message_dict


def test_a_review_held_on_its_deadline_keeps_no_reason(staff, child, clock) -> None:
    clock.set_to(date(2024, 2, 20))
    review = services.record_review_held(
        child, DEADLINE, "iro", "PN1", staff["iro"], late_reason="child_unwell"
    )
    assert review.late_reason == "" and review.late_reason_details == ""


def test_the_held_page_asks_why_only_when_the_review_is_late(client, staff, child, clock) -> None:
    assert client.login(username="iro.one", password=PASSWORD)
    clock.set_to(date(2024, 2, 1))
    assert (
        "Why was the review held late?"
        not in client.get(f"/children/{child.pk}/review-held/").content.decode()
    )
    clock.set_to(date(2024, 2, 20))
    page = client.get(f"/children/{child.pk}/review-held/").content.decode()
    assert "Why was the review held late?" in page and "5 February 2024" in page
    refused = client.post(f"/children/{child.pk}/review-held/", held_form(date(2024, 2, 20)))
    text = refused.content.decode()
    assert refused.status_code == 200 and "There is a problem" in text
    assert "choose why it was late" in text
    done = client.post(
        f"/children/{child.pk}/review-held/",
        held_form(date(2024, 2, 20), late_reason="iro_unavailable"),
    )
    assert done.status_code == 302
    assert Review.objects.get(child=child, held_on=date(2024, 2, 20)).late_reason == (
        "iro_unavailable"
    )


def test_the_reason_is_corrected_on_the_reviews_page(client, staff, child, clock) -> None:
    clock.set_to(date(2024, 2, 20))
    review = services.record_review_held(
        child, date(2024, 2, 20), "iro", "PN1", staff["iro"], late_reason="report_not_ready"
    )
    assert client.login(username="iro.one", password=PASSWORD)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Held late" in page and "The social worker&#39;s report was not ready" in page
    refused = client.post(
        f"/reviews/{review.pk}/", {"action": "late_reason", "late_reason": "other"}
    )
    assert "Say what the other reason was" in refused.content.decode()
    client.post(
        f"/reviews/{review.pk}/",
        {"action": "late_reason", "late_reason": "other", "late_reason_details": "Snow"},
    )
    review.refresh_from_db()
    assert (review.late_reason, review.late_reason_details) == ("other", "Snow")
    assert AuditEvent.objects.filter(
        action=Action.CHANGE, summary__startswith="Reason for lateness"
    ).exists()


def test_only_the_iro_and_managers_change_the_reason(client, staff, child, clock) -> None:
    clock.set_to(date(2024, 2, 20))
    review = services.record_review_held(
        child, date(2024, 2, 20), "iro", "PN1", staff["iro"], late_reason="report_not_ready"
    )
    assert client.login(username="sw.north", password=PASSWORD)
    assert "Save the reason" not in client.get(f"/reviews/{review.pk}/").content.decode()
    posted = client.post(
        f"/reviews/{review.pk}/", {"action": "late_reason", "late_reason": "child_unwell"}
    )
    assert posted.status_code == 403
    review.refresh_from_db()
    assert review.late_reason == "report_not_ready"


def test_an_on_time_review_has_no_lateness_to_explain(client, staff, child, clock) -> None:
    clock.set_to(date(2024, 2, 20))
    review = services.record_review_held(child, date(2024, 2, 1), "iro", "PN1", staff["iro"])
    assert client.login(username="iro.one", password=PASSWORD)
    assert "Held late" not in client.get(f"/reviews/{review.pk}/").content.decode()


# -- postponements -------------------------------------------------------------------------


def test_putting_a_review_back_needs_a_reason_and_is_kept(staff, child, clock) -> None:
    clock.set_to(date(2024, 1, 15))
    services.schedule_next_review(child, at(date(2024, 2, 1)), "School", staff["iro"])
    with pytest.raises(ValidationError) as refused:
        services.schedule_next_review(child, at(date(2024, 2, 2)), "School", staff["iro"])
    assert (
        "moving from 1 February 2024 to a later date, 2 February 2024"
        in (refused.value.message_dict["postponed_because"][0])
    )
    assert not Postponement.objects.exists()
    services.schedule_next_review(
        child, at(date(2024, 2, 2)), "School", staff["iro"], postponed_because="child_unwell"
    )
    kept = Postponement.objects.get()
    assert (kept.from_date, kept.to_date, kept.reason, kept.by, kept.recorded_on) == (
        date(2024, 2, 1),
        date(2024, 2, 2),
        "child_unwell",
        staff["iro"],
        date(2024, 1, 15),
    )


def test_setting_bringing_forward_or_changing_the_time_is_no_postponement(
    staff, child, clock
) -> None:
    clock.set_to(date(2024, 1, 15))
    services.schedule_next_review(child, at(date(2024, 2, 1)), "School", staff["iro"])
    services.schedule_next_review(child, at(date(2024, 1, 31)), "School", staff["iro"])
    services.schedule_next_review(child, at(date(2024, 1, 31), 18), "Home", staff["iro"])
    assert not Postponement.objects.exists()


def test_the_schedule_page_asks_why_when_a_date_is_set(client, staff, child, clock) -> None:
    clock.set_to(date(2024, 1, 15))
    assert client.login(username="iro.one", password=PASSWORD)
    path = f"/children/{child.pk}/next-review/"
    assert "Putting the review back" not in client.get(path).content.decode()
    services.schedule_next_review(child, at(date(2024, 2, 1)), "School", staff["iro"])
    assert "Putting the review back" in client.get(path).content.decode()
    form = {
        "date-day": "2",
        "date-month": "2",
        "date-year": "2024",
        "time": "16:00",
        "venue": "School",
        "in_school_hours_because": "",
    }
    refused = client.post(path, form)
    assert "choose why it is postponed" in refused.content.decode()
    assert client.post(path, {**form, "postponed_because": "iro_unavailable"}).status_code == 302
    assert Postponement.objects.get().reason == "iro_unavailable"


def test_the_demo_has_late_reasons_and_postponements() -> None:
    call_command("loaddemo", force=True, children=60)
    assert Review.objects.exclude(late_reason="").exists()
    made = Postponement.objects.count()
    assert made
    call_command("loaddemo", force=True, children=60)  # again: nothing added
    assert Postponement.objects.count() == made
