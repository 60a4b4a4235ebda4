"""Review meetings as calendar invitations: downloaded from the review's page, emailed to the
people invited, and updated in their calendars when the meeting moves."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone
from icalendar import Calendar

from carereview.audit.models import Action, AuditEvent
from carereview.notifications.models import Message
from carereview.records.codes import ContactRole
from carereview.records.models import Child, ChildContact, Episode
from carereview.reviews import calendar, services
from carereview.reviews.models import Invitee, Review

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=hour)))


def parse(ics: bytes):
    parsed = Calendar.from_ical(ics)
    (event,) = parsed.events
    return parsed, event


@pytest.fixture
def child(staff, make_child, clock):
    clock.set_to(date(2024, 1, 10))
    for name in ("iro", "sw", "tm"):
        staff[name].email = f"{staff[name].username}@council.example"
        staff[name].save()
    child = make_child(
        staff["sw"],
        start=date(2024, 1, 8),
        iro=staff["iro"],
        first_name="Robin",
        last_name="Ashdown",
    )
    Episode.objects.filter(child=child).update(placement_address="12 Hidden Lane, Sometown")
    return child


def invite(review: Review, key: str, name: str, role: str, invited: bool = True) -> Invitee:
    return Invitee.objects.create(
        review=review, key=key, name=name, role=role, reason="test", invited=invited
    )


def test_the_invitation_parses_back_and_keeps_private_details_out(staff, child) -> None:
    review = services.schedule_next_review(
        child, at(date(2024, 2, 1), 16), "Sometown Family Centre", staff["iro"]
    )
    ics = calendar.invitation(review, staff["iro"], None)
    parsed, event = parse(ics)
    assert parsed["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"review-{review.pk}@carereview"
    assert event["SEQUENCE"] == 0
    # 4pm in February is 16:00 UTC; an end is given so calendars block the time.
    assert event.start == datetime(2024, 2, 1, 16, 0, tzinfo=UTC)
    assert event.end > event.start
    assert str(event["SUMMARY"]) == "Review for Robin A."
    assert str(event["LOCATION"]) == "Sometown Family Centre"
    assert str(event["ORGANIZER"]) == "mailto:iro.one@council.example"
    text = ics.decode()
    assert "Ashdown" not in text and "Hidden Lane" not in text


def test_moving_the_meeting_updates_the_same_event(staff, child) -> None:
    review = services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    first_uid = str(parse(calendar.invitation(review, staff["iro"], None))[1]["UID"])
    same = services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    assert same.pk == review.pk and same.calendar_sequence == 0  # nothing changed
    moved = services.schedule_next_review(
        child, at(date(2024, 2, 2), 10), "School", staff["iro"], postponed_because="child_unwell"
    )
    _, event = parse(calendar.invitation(moved, staff["iro"], None))
    assert (str(event["UID"]), event["SEQUENCE"]) == (first_uid, 1)
    assert event.start == datetime(2024, 2, 2, 10, 0, tzinfo=UTC)
    elsewhere = services.schedule_next_review(
        child, at(date(2024, 2, 2), 10), "Town Hall", staff["iro"]
    )
    assert elsewhere.calendar_sequence == 2  # a new venue is a change too


def test_a_cancelled_review_cancels_the_event(staff, child) -> None:
    review = services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    review.cancelled_because = "The child has moved out of the area"
    review.calendar_sequence += 1
    review.save()
    parsed, event = parse(calendar.invitation(review, staff["iro"], None))
    assert parsed["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_the_download_follows_the_review_pages_access_rules(client, staff, child) -> None:
    review = services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    client.login(username="sw.north", password=PASSWORD)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Add to calendar (.ics)" in page
    response = client.get(f"/reviews/{review.pk}/invitation.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="review-20240201.ics"' in response["Content-Disposition"]
    _, event = parse(response.content)
    assert str(event["UID"]) == calendar.uid(review)
    assert str(event["ATTENDEE"]) == "mailto:sw.north@council.example"
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, child_id=child.pk, summary__contains="downloaded"
    ).exists()
    client.logout()
    client.login(username="sw.south", password=PASSWORD)  # another team's social worker
    assert client.get(f"/reviews/{review.pk}/invitation.ics").status_code == 404
    assert AuditEvent.objects.filter(action=Action.REFUSED, child_id=child.pk).exists()


def test_no_download_before_the_meeting_is_arranged(client, staff, child) -> None:
    review = Review.objects.create(child=child)
    client.login(username="iro.one", password=PASSWORD)
    assert client.get(f"/reviews/{review.pk}/invitation.ics").status_code == 404


def test_invitations_are_emailed_once_per_person_and_again_when_the_meeting_moves(
    staff, child
) -> None:
    review = Review.objects.create(child=child, created_by=staff["iro"])
    mother = ChildContact.objects.create(
        child=child, role=ContactRole.MOTHER, name="Ann Parent", email="ann@home.example"
    )
    carer = ChildContact.objects.create(
        child=child, role=ContactRole.CARER, name="Cal Carer", email="cal@carers.example"
    )
    no_email = ChildContact.objects.create(child=child, role=ContactRole.FATHER, name="Dan Ashdown")
    left_out = ChildContact.objects.create(
        child=child, role=ContactRole.ADVOCATE, name="Ava Advocate", email="ava@advocacy.example"
    )
    invite(review, "child", "Robin Ashdown", "child")
    invite(review, f"contact:{mother.pk}", mother.name, "mother")
    invite(review, f"contact:{carer.pk}", carer.name, "carer")
    invite(review, f"contact:{no_email.pk}", no_email.name, "father")
    invite(review, f"contact:{left_out.pk}", left_out.name, "advocate", invited=False)
    invite(review, f"staff:{staff['tm'].pk}", "Tm Tester", "team_manager")

    services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    sent = {m.to_address: m for m in Message.objects.all()}
    assert set(sent) == {
        "iro.one@council.example",
        "ann@home.example",
        "cal@carers.example",
        "tm.north@council.example",
    }
    to_mother = sent["ann@home.example"]
    assert to_mother.key == f"invite:{review.pk}:0:ann@home.example"
    assert to_mother.recipient is None and sent["tm.north@council.example"].recipient == staff["tm"]
    assert "Robin A." in to_mother.subject and "Ashdown" not in to_mother.body
    (attachment,) = to_mother.attachments.all()
    assert attachment.mimetype == "text/calendar; method=REQUEST; charset=UTF-8"
    _, event = parse(bytes(attachment.content))
    assert str(event["ATTENDEE"]) == "mailto:ann@home.example"  # nobody else's address
    assert "cal@carers.example" not in bytes(attachment.content).decode()

    services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    assert Message.objects.count() == 4  # the same meeting: nobody is sent it twice

    services.schedule_next_review(
        child, at(date(2024, 2, 2), 10), "School", staff["iro"], postponed_because="child_unwell"
    )
    assert Message.objects.count() == 8
    update = Message.objects.get(key=f"invite:{review.pk}:1:ann@home.example")
    assert update.subject.startswith("Moved:")
    _, event = parse(bytes(update.attachments.get().content))
    assert event["SEQUENCE"] == 1 and str(event["UID"]) == calendar.uid(review)
    assert (
        AuditEvent.objects.filter(
            action=Action.EXPORT, child_id=child.pk, summary__contains="emailed to 4 people"
        ).count()
        == 2
    )


def test_sending_again_reaches_only_people_added_since(client, staff, child) -> None:
    review = services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    assert list(Message.objects.values_list("to_address", flat=True)) == ["iro.one@council.example"]
    carer = ChildContact.objects.create(
        child=child, role=ContactRole.CARER, name="Cal Carer", email="cal@carers.example"
    )
    invite(review, f"contact:{carer.pk}", carer.name, "carer")
    client.login(username="sw.south", password=PASSWORD)
    assert client.post(f"/reviews/{review.pk}/invitation/send/").status_code == 404
    client.logout()
    client.login(username="sw.north", password=PASSWORD)
    response = client.post(f"/reviews/{review.pk}/invitation/send/", follow=True)
    assert "Calendar invitation sent to 1 person." in response.content.decode()
    assert sorted(Message.objects.values_list("to_address", flat=True)) == [
        "cal@carers.example",
        "iro.one@council.example",
    ]
    response = client.post(f"/reviews/{review.pk}/invitation/send/", follow=True)
    assert "already has this invitation" in response.content.decode()
    assert Message.objects.count() == 2


def test_a_bad_address_does_not_stop_the_meeting_being_arranged(staff, child) -> None:
    review = Review.objects.create(child=child, created_by=staff["iro"])
    broken = ChildContact.objects.create(
        child=child, role=ContactRole.MOTHER, name="Ann Ashdown", email="not an address"
    )
    invite(review, f"contact:{broken.pk}", broken.name, "mother")
    services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    assert Review.objects.get(pk=review.pk).scheduled_for is not None
    assert list(Message.objects.values_list("to_address", flat=True)) == ["iro.one@council.example"]


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else fixed for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_people_moving_the_meeting_at_once_make_two_updates(staff, child) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite lets one writer in at a time anyway")
    review = services.schedule_next_review(child, at(date(2024, 2, 1), 16), "School", staff["iro"])
    seen: dict[str, int] = {}

    def second_person() -> None:
        try:
            moved = services.schedule_next_review(
                Child.objects.get(pk=child.pk),
                at(date(2024, 2, 2), 10),
                "School",
                staff["iro"],
                postponed_because="iro_unavailable",
            )
            seen["second"] = moved.calendar_sequence
        finally:
            connection.close()

    with transaction.atomic():
        first = services.schedule_next_review(
            child, at(date(2024, 2, 1), 14), "School", staff["iro"]
        )
        other = threading.Thread(target=second_person)
        other.start()
        for _ in range(600):  # until the second waits for the first to finish
            if waiting_for_a_lock():
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the second move never waited for the first")
    other.join(timeout=60)
    assert (first.calendar_sequence, seen["second"]) == (1, 2)
    assert Review.objects.get(pk=review.pk).calendar_sequence == 2
    keys = set(Message.objects.values_list("key", flat=True))
    assert {f"invite:{review.pk}:{n}:iro.one@council.example" for n in (0, 1, 2)} <= keys
