"""GOV.UK Notify, through its official client, talking to a local HTTP server that records what
the client sends and answers as Notify would."""

from __future__ import annotations

import base64
import json
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from django.utils import timezone

from carereview.notifications.channels import reference
from carereview.notifications.delivery import CONFIGURATION_WAIT, deliver
from carereview.notifications.models import Channel, Status
from carereview.notifications.outbox import queue_email

T = timezone.make_aware(datetime(2024, 3, 4, 9, 0))
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"

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
def test_a_refused_notify_key_waits_for_the_key_to_be_put_right(clock, notify):
    clock.set_to(T)
    notify.answer = (
        403,
        {"errors": [{"error": "AuthError", "message": "Invalid token: API key not found"}]},
    )
    message = queue_email(key="k", to="a@example.org", subject="s", body="b")
    deliver(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.RETRY, 0)
    assert "403" in message.last_error and "CAREREVIEW_NOTIFY_API_KEY" in message.last_error
    assert message.next_attempt_at == T + CONFIGURATION_WAIT

    notify.answer = (201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"})  # the key put right
    clock.advance(hours=1)
    assert deliver(message.pk) == "sent"


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
