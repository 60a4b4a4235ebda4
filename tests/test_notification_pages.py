"""The pages: people's email settings and their emails, all their alerts, and for the IRO manager
the messages the service could not deliver."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from carereview.audit.models import Action, AuditEvent
from carereview.notifications.models import (
    Alert,
    EmailChoice,
    Message,
    NotificationPreference,
    Status,
)
from carereview.notifications.outbox import queue_email
from carereview.notifications.services import BANNER_LIMIT, alert
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
T = timezone.make_aware(datetime(2024, 3, 4, 9, 0))


@pytest.fixture
def people(staff):
    for name, user in staff.items():
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return staff


def test_everyone_can_choose_how_they_get_email(client, people):
    client.login(username="sw.north", password=PASSWORD)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="digest" checked' in html
    assert "sw@example.org" in html
    saved = client.post("/notifications/preferences/", {"email": "immediately"})
    assert saved.status_code == 302
    assert NotificationPreference.objects.get(user=people["sw"]).email == EmailChoice.IMMEDIATELY
    assert AuditEvent.objects.filter(
        user=people["sw"], action=Action.CHANGE, summary__contains="email preference"
    ).exists()
    refused = client.post("/notifications/preferences/", {"email": "carrier pigeon"})
    assert refused.status_code == 200
    assert "Choose one of the options for reminders by email" in refused.content.decode()
    assert NotificationPreference.objects.get(user=people["sw"]).email == EmailChoice.IMMEDIATELY


def test_the_header_links_to_notifications_and_the_page_lists_my_emails(client, people):
    queue_email(
        key="mine", to="iro@example.org", subject="For me", body="b", recipient=people["iro"]
    )
    queue_email(key="theirs", to="x@example.org", subject="Not mine", body="b")
    client.login(username="iro.one", password=PASSWORD)
    html = client.get("/notifications/").content.decode()
    assert 'href="/notifications/"' in client.get("/children/").content.decode()
    assert "For me" in html and "Waiting to be sent" in html
    assert "Not mine" not in html
    assert "Messages not delivered" not in html


def _failed_message() -> Message:
    message = queue_email(key="f", to="gone@example.org", subject="Reminder: Robin", body="b")
    Message.objects.filter(pk=message.pk).update(
        status=Status.FAILED, attempts=7, last_error="550 No such user here"
    )
    return message


def test_the_iro_manager_sees_messages_not_delivered_and_can_try_again(
    client, people, django_capture_on_commit_callbacks
):
    message = _failed_message()
    client.login(username="iro.manager", password=PASSWORD)
    page = client.get("/notifications/undelivered/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "gone@example.org" in html and "550 No such user here" in html
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(f"/notifications/undelivered/{message.pk}/retry/")
    assert retried.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.RETRY, 0)
    assert message.task_id  # queued again for the worker
    assert AuditEvent.objects.filter(action=Action.CHANGE, summary__contains="send again").exists()
    again = client.post(f"/notifications/undelivered/{message.pk}/retry/", follow=True)
    assert "nothing to send again" not in again.content.decode()  # still waiting: allowed
    missing = client.post("/notifications/undelivered/999999/retry/", follow=True)
    assert "no longer in the outbox" in missing.content.decode()


def test_others_are_refused_the_messages_not_delivered(client, people):
    message = _failed_message()
    for username in ("iro.one", "sw.north", "support.one"):
        client.login(username=username, password=PASSWORD)
        assert client.get("/notifications/undelivered/").status_code == 403
        assert client.post(f"/notifications/undelivered/{message.pk}/retry/").status_code == 403
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert AuditEvent.objects.filter(action=Action.REFUSED).count() == 6


def test_being_a_staff_administrator_is_not_enough(client, people):
    people["support"].is_staff = True
    people["support"].save()
    message = _failed_message()
    client.login(username="support.one", password=PASSWORD)
    assert client.get("/notifications/undelivered/").status_code == 403
    assert client.post(f"/notifications/undelivered/{message.pk}/retry/").status_code == 403
    assert client.post("/notifications/undelivered/retry-all/").status_code == 403


def test_a_restricted_childs_messages_are_listed_by_key_not_subject(client, people, make_child):
    hidden = make_child(people["sw"], restricted=True, first_name="Kit", last_name="Hidden")
    seen = make_child(people["sw"], first_name="Sam", last_name="Seen")
    for child, key in ((hidden, "invite:7:0:a@example.org"), (seen, "invite:8:0:b@example.org")):
        message = queue_email(
            key=key,
            to=key.rsplit(":", 1)[1],
            subject=f"Review for {child.first_name} {child.last_name[0]}., 1 March",
            body="b",
            child_id=child.pk,
        )
        Message.objects.filter(pk=message.pk).update(status=Status.FAILED, last_error="550")
    client.login(username="iro.manager", password=PASSWORD)
    html = client.get("/notifications/undelivered/").content.decode()
    assert "Review for Sam S." in html
    assert "Kit" not in html
    assert f"Restricted record {hidden.reference}: message invite:7:0:a@example.org" in html
    restricted = Message.objects.get(child_id=hidden.pk)
    response = client.post(f"/notifications/undelivered/{restricted.pk}/retry/", follow=True)
    assert "Kit" not in response.content.decode()
    assert not AuditEvent.objects.filter(summary__contains="Kit").exists()


def test_messages_waiting_too_long_warn_that_the_worker_may_be_stopped(clock, client, people):
    clock.set_to(T)
    queue_email(key="fresh", to="a@example.org", subject="Just queued", body="b")
    queue_email(key="stale", to="b@example.org", subject="Long waiting", body="b")
    Message.objects.filter(key="stale").update(next_attempt_at=T - timedelta(minutes=31))
    client.login(username="iro.manager", password=PASSWORD)
    html = client.get("/notifications/undelivered/").content.decode()
    assert "Waiting to be sent for more than 30 minutes (1)" in html
    assert "Long waiting" in html and "Just queued" not in html
    assert "may be stopped" in html
    clock.advance(minutes=40)
    html = client.get("/notifications/undelivered/").content.decode()
    assert "Waiting to be sent for more than 30 minutes (2)" in html


# -- alerts ----------------------------------------------------------------------------------------


def test_the_banner_says_how_many_more_and_all_alerts_are_on_their_own_page(
    clock, client, people, make_child
):
    clock.set_to(T)
    iro = people["iro"]
    for n in range(BANNER_LIMIT + 35):
        clock.advance(minutes=1)
        alert([iro], f"Alert number {n}", link=f"/reviews/{n}/", respond_by=date(2024, 3, 8))
    client.login(username="iro.one", password=PASSWORD)
    home = client.get("/work/").content.decode()
    assert "Alert number 54" in home and "Alert number 34" not in home  # the newest 20
    assert "and 35 more." in home and 'href="/alerts/"' in home
    assert "All your alerts (55)" in home

    first = client.get("/alerts/").content.decode()
    assert "55 not yet done" in first
    assert "Alert number 54" in first and "Alert number 4<" not in first
    second = client.get("/alerts/?page=2").content.decode()
    assert "Alert number 4<" in second and "Alert number 54" not in second
    assert AuditEvent.objects.filter(user=iro, summary__contains="Viewed own alerts").exists()

    oldest = Alert.objects.get(text="Alert number 0")
    done = client.post(f"/alerts/{oldest.pk}/read/", {"next": "/alerts/?page=2"})
    assert done["Location"] == "/alerts/?page=2"
    assert "54 not yet done" in client.get("/alerts/?page=2").content.decode()
    # Nobody sees another's alerts.
    client.login(username="iro.two", password=PASSWORD)
    assert "Alert number" not in client.get("/alerts/").content.decode()
    client.post(f"/alerts/{Alert.objects.filter(read_at__isnull=True).first().pk}/read/")
    assert Alert.objects.filter(read_at__isnull=True).count() == 54


def test_an_alert_takes_its_time_from_the_services_clock(clock, people):
    clock.set_to(T)
    (made,) = alert([people["iro"]], "Something to do")
    made.refresh_from_db()
    assert made.created == T
