"""Email leaves through a real queue and a real mail server, exactly once, whatever goes wrong.

The worker here is django-tasks-db's own (its Worker class in-process, or `carereview db_worker`
as a separate process); the mail server is a real SMTP server on a local port; GOV.UK Notify is
a local HTTP server that records what the official client sends it.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from carereview.notifications.channels import message_id, reference
from carereview.notifications.delivery import MAX_ATTEMPTS, deliver
from carereview.notifications.models import Channel, Message, Status
from carereview.notifications.outbox import queue_email, resend_pending
from tests.conftest import PASSWORD
from tests.smtp_server import SmtpServer

T = timezone.make_aware(datetime(2024, 3, 4, 9, 0))
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_TIMEOUT = 10
        settings.CAREREVIEW_EMAIL_CHANNEL = "smtp"
        yield server.handler


def work_the_queue() -> None:
    """What `carereview db_worker --batch` does: run every task that is ready, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def statuses() -> dict[str, str]:
    return dict(Message.objects.values_list("key", "status"))


@pytest.mark.django_db(transaction=True)
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
    from carereview.notifications.outbox import enqueue

    enqueue(message.pk)
    work_the_queue()
    assert len(smtp.received) == 1


@pytest.mark.django_db(transaction=True)
def test_a_refusing_mail_server_is_retried_later_and_each_message_arrives_once(
    clock, smtp, client, staff
):
    clock.set_to(T)
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
    # The IRO manager sees them waiting, with the error.
    client.login(username="iro.manager", password=PASSWORD)
    page = client.get("/notifications/undelivered/").content.decode()
    assert "Waiting to try again (2)" in page and "Mail server busy" in page

    clock.advance(minutes=5)
    resend_pending()  # the daily run's safety net, or the retry's own queue entry
    work_the_queue()

    assert statuses() == {"m0": Status.SENT, "m1": Status.SENT, "m2": Status.SENT}
    assert sorted(smtp.to()) == [f"person{n}@example.org" for n in range(3)]
    assert all(count == 1 for count in smtp.ids().values()) and len(smtp.ids()) == 3


@pytest.mark.django_db(transaction=True)
def test_after_the_last_attempt_a_message_is_not_delivered_and_listed(clock, smtp, settings):
    clock.set_to(T)
    smtp.refuse_next = 100
    queue_email(key="never", to="someone@example.org", subject="Never", body="b")
    for _ in range(MAX_ATTEMPTS):
        work_the_queue()
        clock.advance(hours=13)
        resend_pending()
    message = Message.objects.get(key="never")
    assert (message.status, message.attempts) == (Status.FAILED, MAX_ATTEMPTS)
    assert "451" in message.last_error
    assert smtp.refused == MAX_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_an_address_the_server_refuses_for_good_is_not_retried(clock, smtp):
    clock.set_to(T)
    smtp.unknown_addresses.add("gone@example.org")
    queue_email(key="gone", to="gone@example.org", subject="Hello", body="b")
    work_the_queue()
    message = Message.objects.get(key="gone")
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert "550" in message.last_error and "No such user" in message.last_error


@pytest.mark.django_db(transaction=True)
def test_with_no_mail_server_nothing_is_lost(clock, settings):
    from tests.smtp_server import free_port

    clock.set_to(T)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    queue_email(key="later", to="someone@example.org", subject="Hello", body="b")
    work_the_queue()
    message = Message.objects.get(key="later")
    assert message.status == Status.RETRY
    assert "Could not reach the mail server" in message.last_error

    with SmtpServer() as server:  # the server is back
        settings.EMAIL_PORT = server.port
        clock.advance(minutes=2)
        resend_pending()
        work_the_queue()
        assert server.handler.to() == ["someone@example.org"]
    assert Message.objects.get(key="later").status == Status.SENT


# -- GOV.UK Notify ------------------------------------------------------------------------------

SERVICE_ID = "8b3aa916-ec82-434e-b0c5-d5d9b371d6b3"
SECRET = "d3d1ec4b-e24d-4b54-b2b4-11f6e5a4f4bd"
API_KEY = f"carereview_test-{SERVICE_ID}-{SECRET}"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
FILE_TEMPLATE = "0d1b1a55-6cf5-4d5f-a0b3-8c3a0a3e5b6a"


class NotifyRecorder(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]]
    answer: tuple[int, dict[str, Any]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.requests.append(
            {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
        )
        status, payload = self.answer
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def notify(settings):
    handler = type(
        "Handler",
        (NotifyRecorder,),
        {"requests": [], "answer": (201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"})},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CAREREVIEW_EMAIL_CHANNEL = "notify"
    settings.CAREREVIEW_NOTIFY_API_KEY = API_KEY
    settings.CAREREVIEW_NOTIFY_TEMPLATE_ID = TEMPLATE
    settings.CAREREVIEW_NOTIFY_FILE_TEMPLATE_ID = ""
    settings.CAREREVIEW_NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield handler
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_notify_gets_the_template_personalisation_and_a_signed_request(clock, notify):
    clock.set_to(T)
    message = queue_email(
        key="remind:x", to="iro.one@example.org", subject="Reminder: Robin", body="Do it by Friday"
    )
    assert deliver(message.pk) == "sent"

    [request] = notify.requests
    assert request["path"] == "/v2/notifications/email"
    assert request["json"] == {
        "email_address": "iro.one@example.org",
        "template_id": TEMPLATE,
        "personalisation": {"subject": "Reminder: Robin", "body": "Do it by Friday"},
        "reference": reference(message),
    }
    token = request["headers"]["Authorization"].removeprefix("Bearer ")
    assert jwt.decode(token, SECRET, algorithms=["HS256"])["iss"] == SERVICE_ID
    message.refresh_from_db()
    assert (message.status, message.channel) == (Status.SENT, Channel.NOTIFY)
    assert message.provider_reference == "740e5834-3a29-46b4-9a6f-16142fde533a"


@pytest.mark.django_db
def test_notify_sends_a_file_as_a_link_and_names_what_it_cannot_send(clock, notify, settings):
    clock.set_to(T)
    settings.CAREREVIEW_NOTIFY_FILE_TEMPLATE_ID = FILE_TEMPLATE
    pdf = queue_email(
        key="report",
        to="a@example.org",
        subject="Report",
        body="Attached.",
        attachments=[("review-record.pdf", b"%PDF-1.7 made up", "application/pdf")],
    )
    ics = queue_email(
        key="invite",
        to="a@example.org",
        subject="Meeting",
        body="On Friday.",
        attachments=[("review.ics", ICS, "text/calendar; method=REQUEST")],
    )
    assert deliver(pdf.pk) == "sent" and deliver(ics.pk) == "sent"
    first, second = (r["json"] for r in notify.requests)
    assert first["template_id"] == FILE_TEMPLATE
    upload = first["personalisation"]["link_to_file"]
    assert base64.b64decode(upload["file"]) == b"%PDF-1.7 made up"
    assert upload["filename"] == "review-record.pdf"
    assert upload["confirm_email_before_download"] is True
    assert second["template_id"] == TEMPLATE
    assert "link_to_file" not in second["personalisation"]
    assert second["personalisation"]["body"].startswith("On Friday.")
    assert (
        "Not attached (GOV.UK Notify cannot send it as an attachment): review.ics"
        in (second["personalisation"]["body"])
    )


@pytest.mark.django_db
def test_notify_refusals_are_told_apart_from_outages(clock, notify):
    clock.set_to(T)
    notify.answer = (
        400,
        {
            "errors": [{"error": "BadRequestError", "message": "Missing personalisation: body"}],
            "status_code": 400,
        },
    )
    bad = queue_email(key="bad", to="a@example.org", subject="s", body="b")
    deliver(bad.pk)
    bad.refresh_from_db()
    assert bad.status == Status.FAILED
    assert "400" in bad.last_error and "Missing personalisation" in bad.last_error

    notify.answer = (500, {"errors": [{"error": "Exception", "message": "Internal server error"}]})
    busy = queue_email(key="busy", to="a@example.org", subject="s", body="b")
    deliver(busy.pk)
    busy.refresh_from_db()
    assert busy.status == Status.RETRY and "500" in busy.last_error


@pytest.mark.django_db
def test_a_misconfigured_channel_is_shown_not_crashed(clock, settings):
    clock.set_to(T)
    settings.CAREREVIEW_EMAIL_CHANNEL = "notify"
    settings.CAREREVIEW_NOTIFY_API_KEY = ""
    message = queue_email(key="k", to="a@example.org", subject="s", body="b")
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "CAREREVIEW_NOTIFY_API_KEY" in message.last_error


@pytest.mark.django_db
def test_sendpending_takes_back_a_message_a_dead_worker_left_being_sent(clock, capsys):
    clock.set_to(T)
    message = queue_email(key="stuck", to="a@example.org", subject="s", body="b")
    Message.objects.filter(pk=message.pk).update(status=Status.SENDING, sending_since=T, attempts=1)
    clock.advance(minutes=10)
    call_command("sendpending")
    assert Message.objects.get(pk=message.pk).status == Status.SENDING  # may still be alive
    clock.advance(minutes=10)
    call_command("sendpending")
    assert "1 taken back" in capsys.readouterr().out
    message.refresh_from_db()
    assert message.status == Status.RETRY
    assert "The worker stopped while sending this" in message.last_error


# -- a worker killed in the middle of sending ----------------------------------------------------


@pytest.fixture
def shared_database(tmp_path):
    """A database that separate processes can share: a throwaway PostgreSQL database when the
    suite runs on PostgreSQL, otherwise an SQLite file."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    import psycopg

    s = connection.settings_dict
    name = f"cr_worker_test_{os.getpid()}"
    admin = psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    yield f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def carereview(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "carereview.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def outbox_statuses(env: dict[str, str]) -> dict[str, str]:
    script = (
        "import json; from carereview.notifications.models import Message; "
        "print(json.dumps(dict(Message.objects.values_list('key', 'status'))))"
    )
    return json.loads(carereview("shell", "-c", script, env=env).strip().splitlines()[-1])


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "carereview.cli",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_send_loses_nothing_and_sends_nothing_twice(
    shared_database, tmp_path
):
    with SmtpServer() as server:
        mail = server.handler
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "carereview.settings",
            "DATABASE_URL": shared_database,
            "DJANGO_DEBUG": "0",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.port),
            "EMAIL_TIMEOUT": "10",
            "CAREREVIEW_EMAIL_CHANNEL": "smtp",
            "CAREREVIEW_CLOCK": T.isoformat(),
        }
        carereview("migrate", "--no-input", env=env)
        carereview(
            "shell",
            "-c",
            "from carereview.notifications.outbox import queue_email\n"
            "for n in range(5):\n"
            "    queue_email(key=f'k{n}', to=f'person{n}@example.org', subject=f'Message {n}',"
            " body='b')",
            env=env,
        )
        # The third message is held at the mail server while the worker is killed.
        mail.hold_address = "person2@example.org"
        worker = start_worker(env, tmp_path / "worker.log")
        try:
            assert mail.holding.wait(timeout=120), (tmp_path / "worker.log").read_text()
        finally:
            worker.kill()  # SIGKILL: no chance to tidy up
            worker.wait(timeout=30)
        mail.release.set()
        assert mail.to() == ["person0@example.org", "person1@example.org"]
        assert outbox_statuses(env) == {
            "k0": "sent",
            "k1": "sent",
            "k2": "sending",
            "k3": "queued",
            "k4": "queued",
        }

        # Twenty minutes later: the safety net takes back the message the dead worker held,
        # and a new worker sends everything still due.
        later = {**env, "CAREREVIEW_CLOCK": (T + timedelta(minutes=20)).isoformat()}
        assert "1 taken back" in carereview("sendpending", env=later)
        worker = start_worker(later, tmp_path / "worker.log")
        try:
            mail.wait_for(5, timeout=120)
        finally:
            worker.terminate()
            worker.wait(timeout=30)

        assert outbox_statuses(env) == {f"k{n}": "sent" for n in range(5)}
        assert sorted(mail.to()) == [f"person{n}@example.org" for n in range(5)]
        assert sorted(mail.ids().values()) == [1, 1, 1, 1, 1]


@pytest.mark.django_db(transaction=True)
def test_a_message_whose_queue_entry_was_lost_or_died_is_queued_again(clock):
    from django_tasks_db.models import DBTaskResult

    clock.set_to(T)
    message = queue_email(key="lost", to="a@example.org", subject="s", body="b")
    DBTaskResult.objects.all().delete()  # the queue entry is lost
    clock.advance(minutes=2)
    assert resend_pending()["requeued"] == 1
    assert resend_pending()["requeued"] == 0  # it has a live entry now
    # A worker takes the entry and dies before it can claim the message.
    DBTaskResult.objects.update(status="RUNNING")
    assert resend_pending()["requeued"] == 1
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert DBTaskResult.objects.filter(pk=message.task_id, status="READY").exists()
