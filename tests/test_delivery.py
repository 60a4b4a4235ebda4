"""Email leaves through a real queue and a real mail server, exactly once, whatever goes wrong.

The worker here is django-tasks-db's own (its Worker class, in-process); the mail server is a
real SMTP server on a local port. GOV.UK Notify: test_delivery_notify.py; a worker process
killed mid-send: test_delivery_worker.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.checks import run_checks
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carereview.notifications.channels import message_id
from carereview.notifications.delivery import (
    CONFIGURATION_WAIT,
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    deliver,
)
from carereview.notifications.models import Channel, Message, Status
from carereview.notifications.outbox import enqueue, queue_email
from tests.conftest import PASSWORD
from tests.smtp_server import ClosedPort, RecordingHandler, SmtpServer, use_server, work_the_queue

T = timezone.make_aware(datetime(2024, 3, 4, 9, 0))
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # A test mail server wanting a sign-in without TLS (the sign-in is what is tested).
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
]


@pytest.fixture
def smtp(settings: Any) -> Iterator[RecordingHandler]:
    with SmtpServer() as server:
        use_server(settings, server)
        yield server.handler


@pytest.fixture
def queue_clock(monkeypatch: Any, clock: Any) -> Any:
    """The queue's "run after" read on the service's clock instead of the machine's, as on a
    live service where the two are one: an entry for 10:05 waits until `clock` says 10:05."""
    import django_tasks_db.models

    monkeypatch.setattr(django_tasks_db.models, "timezone", SimpleNamespace(now=clock.now))
    return clock


def statuses() -> dict[str, str]:
    return dict(Message.objects.values_list("key", "status"))


def its_queue_entry(message: Message) -> DBTaskResult:
    """The queue entry the message is waiting on, which must be waiting to run."""
    message.refresh_from_db()
    return DBTaskResult.objects.get(pk=message.task_id, status="READY")


def test_the_worker_sends_through_a_real_mail_server_with_the_invitation(clock, smtp):
    clock.set_to(T)
    message = queue_email(
        key="invite:1",
        to="iro.one@example.org",
        subject="Review meeting for Robin Example",
        body="The review is on 12 March at 10am.",
        attachments=[("review.ics", ICS, "text/calendar; method=REQUEST")],
    )
    message.refresh_from_db()
    assert message.status == Status.QUEUED and message.task_id  # queued, not sent
    assert smtp.received == []

    work_the_queue()

    [received] = smtp.received
    assert received["Subject"] == "Review meeting for Robin Example"
    assert received["To"] == "iro.one@example.org"
    assert received["Message-ID"] == message_id(message)
    assert "The review is on 12 March" in received.get_body(("plain",)).get_content()
    [invitation] = list(received.iter_attachments())
    assert invitation.get_content_type() == "text/calendar"
    assert invitation.get_param("method") == "REQUEST"
    assert invitation.get_filename() == "review.ics"
    assert invitation.get_content().replace("\r\n", "\n") == ICS.decode().replace("\r\n", "\n")
    message.refresh_from_db()
    assert (message.status, message.attempts, message.channel) == (Status.SENT, 1, Channel.SMTP)
    assert message.sent_at == T

    # A second queue entry for the same message (say, the safety net ran) sends nothing more.
    enqueue(message.pk)
    work_the_queue()
    assert len(smtp.received) == 1


def test_a_refusing_mail_server_is_retried_by_the_retrys_own_queue_entry(
    queue_clock, smtp, client, staff
):
    queue_clock.set_to(T)
    smtp.refuse_next = 2
    for n in range(3):
        queue_email(key=f"m{n}", to=f"person{n}@example.org", subject=f"Message {n}", body="b")

    work_the_queue()

    assert smtp.refused == 2 and smtp.to() == ["person2@example.org"]
    waiting = Message.objects.filter(status=Status.RETRY).order_by("key")
    assert [m.key for m in waiting] == ["m0", "m1"]
    for message in waiting:
        assert message.attempts == 1
        assert "451" in message.last_error and "try again later" in message.last_error
        assert message.next_attempt_at == T + timedelta(minutes=1)
        assert its_queue_entry(message).run_after == T + timedelta(minutes=1)
    # The IRO manager sees them waiting, with the error.
    client.login(username="iro.manager", password=PASSWORD)
    page = client.get("/notifications/undelivered/").content.decode()
    assert "Waiting to try again (2)" in page and "Mail server busy" in page

    queue_clock.advance(seconds=59)
    work_the_queue()  # not yet
    assert statuses()["m0"] == Status.RETRY
    queue_clock.advance(seconds=1)
    work_the_queue()  # nothing else puts them back on the queue: their own entries run

    assert statuses() == {"m0": Status.SENT, "m1": Status.SENT, "m2": Status.SENT}
    assert sorted(smtp.to()) == [f"person{n}@example.org" for n in range(3)]
    assert all(count == 1 for count in smtp.ids().values()) and len(smtp.ids()) == 3


def test_the_whole_backoff_schedule_then_not_delivered(queue_clock, smtp):
    queue_clock.set_to(T)
    smtp.refuse_next = 100
    message = queue_email(key="never", to="someone@example.org", subject="Never", body="b")
    work_the_queue()
    waits = []
    for attempt in range(1, MAX_ATTEMPTS):
        tried_at = queue_clock.now()
        entry = its_queue_entry(message)
        waits.append(entry.run_after - tried_at)
        assert message.attempts == attempt and message.next_attempt_at == entry.run_after
        queue_clock.set_to(entry.run_after)
        work_the_queue()
    assert waits == RETRY_DELAYS  # 1, 5, 15 minutes, 1, 4, 12 hours
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, MAX_ATTEMPTS)
    assert "451" in message.last_error
    assert smtp.refused == MAX_ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()  # and no more tries


def test_an_address_the_server_refuses_for_good_is_not_retried(clock, smtp):
    clock.set_to(T)
    smtp.unknown_addresses.add("gone@example.org")
    queue_email(key="gone", to="gone@example.org", subject="Hello", body="b")
    work_the_queue()
    message = Message.objects.get(key="gone")
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert "550" in message.last_error and "No such user" in message.last_error


def test_with_no_mail_server_nothing_is_lost(queue_clock, settings):
    queue_clock.set_to(T)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with ClosedPort() as port:  # nothing listens
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        queue_email(key="later", to="someone@example.org", subject="Hello", body="b")
        work_the_queue()
    message = Message.objects.get(key="later")
    assert message.status == Status.RETRY
    assert "Could not reach the mail server" in message.last_error

    with SmtpServer() as server:  # the server is back
        use_server(settings, server)
        queue_clock.advance(minutes=1)
        work_the_queue()
        assert server.handler.to() == ["someone@example.org"]
    assert Message.objects.get(key="later").status == Status.SENT


def test_a_queue_entry_run_before_its_message_is_due_queues_one_for_when_it_is(clock, smtp):
    clock.set_to(T)
    message = queue_email(key="early", to="a@example.org", subject="s", body="b")
    Message.objects.filter(pk=message.pk).update(next_attempt_at=T + timedelta(minutes=10))
    first = message.task_id or Message.objects.get(pk=message.pk).task_id

    assert deliver(message.pk, task_id=first).startswith("not due yet: queued again")

    entry = its_queue_entry(message)
    assert entry.pk != first and entry.run_after == T + timedelta(minutes=10)
    # Its own entry still waiting, another early run adds nothing.
    assert deliver(message.pk, task_id=first).startswith("not due yet: queued for")
    assert DBTaskResult.objects.filter(status="READY").count() == 2  # the first is not run here
    # A queue whose clock is past the due time while the service's is not does not spin.
    assert "queue's clock is ahead" in deliver(
        message.pk, queued_for=T + timedelta(minutes=10), task_id=str(entry.pk)
    )
    clock.set_to(T + timedelta(minutes=10))
    assert deliver(message.pk) == "sent" and smtp.to() == ["a@example.org"]


def test_a_refused_sign_in_waits_for_the_settings_to_be_put_right(
    queue_clock, settings, client, staff
):
    queue_clock.set_to(T)
    with SmtpServer(login=("carereview", "right-password")) as server:
        use_server(settings, server)
        settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "carereview", "wrong"
        for n in range(3):
            queue_email(key=f"k{n}", to=f"p{n}@example.org", subject=f"Message {n}", body="b")
        work_the_queue()
        for message in Message.objects.all():
            assert message.status == Status.RETRY and message.attempts == 0  # no try used up
            assert "535" in message.last_error and "EMAIL_HOST_PASSWORD" in message.last_error
            assert its_queue_entry(message).run_after == T + CONFIGURATION_WAIT

        # A day of it: still waiting, tried each hour, none given up.
        for _ in range(24):
            queue_clock.advance(hours=1)
            work_the_queue()
        assert set(statuses().values()) == {Status.RETRY}

        settings.EMAIL_HOST_PASSWORD = "right-password"  # put right
        client.login(username="iro.manager", password=PASSWORD)
        page = client.get("/notifications/undelivered/").content.decode()
        assert "Try all again" in page and "535" in page
        response = client.post("/notifications/undelivered/retry-all/", follow=True)
        assert "Sending 3 messages again now." in response.content.decode()
        work_the_queue()
        assert set(statuses().values()) == {Status.SENT}
        assert sorted(server.handler.to()) == ["p0@example.org", "p1@example.org", "p2@example.org"]


def test_a_refused_sender_is_a_configuration_problem_too(clock, smtp, settings):
    clock.set_to(T)
    settings.DEFAULT_FROM_EMAIL = "carereview <noreply@council.example>"
    smtp.allowed_senders = {"carereview@council.example"}
    message = queue_email(key="s", to="a@example.org", subject="s", body="b")
    work_the_queue()
    message.refresh_from_db()
    assert message.status == Status.RETRY and message.attempts == 0
    assert "553" in message.last_error and "DEFAULT_FROM_EMAIL" in message.last_error
    assert message.next_attempt_at == T + CONFIGURATION_WAIT


def test_a_server_wanting_a_sign_in_it_is_not_given_is_a_configuration_problem(clock, settings):
    clock.set_to(T)
    with SmtpServer(login=("carereview", "secret")) as server:
        use_server(settings, server)  # no EMAIL_HOST_USER
        message = queue_email(key="s", to="a@example.org", subject="s", body="b")
        work_the_queue()
    message.refresh_from_db()
    assert message.status == Status.RETRY and "530" in message.last_error


def test_tls_and_ssl_both_on_fails_at_once_and_is_refused_by_the_checks(clock, smtp, settings):
    clock.set_to(T)
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = True
    message = queue_email(key="s", to="a@example.org", subject="s", body="b")
    work_the_queue()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL are both on" in message.last_error
    assert "carereview.E101" in [error.id for error in run_checks()]
    settings.EMAIL_USE_SSL = False
    assert "carereview.E101" not in [error.id for error in run_checks()]
