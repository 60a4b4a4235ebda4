"""The outbox: the one way to send an email from carereview.

    from carereview.notifications.outbox import queue_email

    queue_email(
        key=f"invite:{meeting.pk}:{person.pk}:{meeting.version}",
        to=person.email,
        subject="Review meeting for Robin Example",
        body="...",
        recipient=person,                      # a member of staff, or None for anyone else
        attachments=[("review.ics", ics_bytes, "text/calendar; method=REQUEST")],
        child_id=meeting.child_id,             # the child it is about, if one
    )

`queue_email` only writes rows (the message, its attachments): it is safe to call inside a web
request and inside the caller's transaction. Once that transaction commits, the message is put on
the task queue; a background worker (`carereview db_worker`) sends it, retrying with increasing
waits when the mail server is away. The same `key` is never queued twice: a second call returns
the message already there, whatever it now says.

`resend_pending` is the safety net (run by `carereview sendpending` and by every reminder run): a
message that is due but has no live queue entry (the entry was lost, the worker died mid-send) is
put on the queue again, so delivery never depends on one queue row. It must run every few
minutes (`carereview sendpending --loop 300`, or cron): docs/notifications.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from carereview.core import clock
from carereview.notifications.models import Attachment, Message, Status

logger = logging.getLogger(__name__)

#: A message still "being sent" after this long belongs to a worker that died (a live worker
#: gives up on a silent server after EMAIL_TIMEOUT, 30 seconds by default).
STALE_AFTER = timedelta(minutes=15)
#: A message queued a moment ago may not have its queue entry yet (it is added on commit).
GRACE = timedelta(minutes=1)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def queue_email(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    recipient: Any = None,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    child_id: int | None = None,
) -> Message:
    """Put an email in the outbox (once per key) and queue it for sending after commit."""
    return add_to_outbox(
        key=key,
        to=to,
        subject=subject,
        body=body,
        recipient=recipient,
        attachments=attachments,
        child_id=child_id,
    )[0]


def add_to_outbox(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    recipient: Any = None,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    child_id: int | None = None,
) -> tuple[Message, bool]:
    """`queue_email`, also saying whether the message is new (False: the key was there)."""
    key = (key or "").strip()
    to = (to or "").strip()
    if not key or len(key) > 255:
        raise ValidationError({"key": "An email needs a key of 1 to 255 characters"})
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError(
            {"to": f"{to or 'An empty address'} is not an email address"}
        ) from None
    # A line break in a subject would be a header injection; Django refuses it outright.
    subject = " ".join((subject or "").split())[:300] or "(no subject)"
    files = []
    for item in attachments:
        try:
            filename, content, mimetype = item
        except (TypeError, ValueError):
            raise ValidationError(
                {"attachments": "Each attachment is (file name, bytes, type)"}
            ) from None
        if not isinstance(content, bytes | bytearray | memoryview):
            raise ValidationError({"attachments": f"{filename}: the content must be bytes"})
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachments": f"{filename} is larger than 10 MB"})
        if "/" not in (mimetype or ""):
            raise ValidationError({"attachments": f"{filename}: {mimetype!r} is not a file type"})
        files.append((str(filename)[:200], bytes(content), mimetype[:100]))

    with transaction.atomic():
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    key=key,
                    to_address=to,
                    subject=subject,
                    body=body or "",
                    recipient=recipient if getattr(recipient, "pk", None) else None,
                    child_id=child_id,
                )
        except IntegrityError:
            existing = Message.objects.filter(key=key).first()
            if existing is None:
                raise
            return existing, False
        Attachment.objects.bulk_create(
            Attachment(message=message, filename=name, content=content, mimetype=mimetype)
            for name, content, mimetype in files
        )
        transaction.on_commit(partial(enqueue, message.pk), robust=True)
    return message, True


def enqueue(message_id: int, run_after: datetime | None = None) -> str:
    """Put a sending task on the queue for the message, and remember which."""
    from carereview.notifications.tasks import send_message

    task = send_message.using(run_after=run_after) if run_after else send_message
    result = task.enqueue(message_id)
    Message.objects.filter(pk=message_id).update(task_id=str(result.id))
    return str(result.id)


def live_task_ids(task_ids: Iterable[str]) -> set[str]:
    """Those of these queue entries still waiting to run. (One "running" for a message that is
    still waiting belongs to a worker that died before it could claim the message: a live one
    claims it at once. Were it alive after all, the message's claim stops a second sending.)"""
    from django_tasks_db.models import DBTaskResult

    ids = [task_id for task_id in task_ids if task_id]
    if not ids:
        return set()
    live = DBTaskResult.objects.filter(pk__in=ids, status="READY")
    return {str(pk) for pk in live.values_list("pk", flat=True)}


def resend_pending(now: datetime | None = None) -> dict[str, int]:
    """The safety net: queue again what is due but would otherwise never be sent."""
    now = now or clock.now()
    counts = {"requeued": 0, "stale": 0}
    # A worker that died while sending leaves the message "being sent" for ever.
    for message in Message.objects.filter(
        status=Status.SENDING, sending_since__lt=now - STALE_AFTER
    ):
        with transaction.atomic():
            taken_back = Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
                status=Status.RETRY,
                sending_since=None,
                next_attempt_at=now,
                last_error=(
                    f"The worker stopped while sending this (attempt {message.attempts}); "
                    "sending it again. If the first attempt did reach the mail server, the "
                    "person gets it twice, with the same Message-ID."
                ),
            )
            if taken_back:
                counts["stale"] += 1
                transaction.on_commit(partial(enqueue, message.pk), robust=True)
    due = list(
        Message.objects.filter(
            status__in=[Status.QUEUED, Status.RETRY], next_attempt_at__lte=now - GRACE
        ).only("pk", "task_id")
    )
    live = live_task_ids(m.task_id for m in due)
    for message in due:
        if message.task_id not in live:
            enqueue(message.pk)
            counts["requeued"] += 1
    if counts["requeued"] or counts["stale"]:
        logger.warning("Outbox: queued again %s", counts)
    return counts


def try_again(message: Message) -> bool:
    """Send a message again now (after someone has put right what stopped it)."""
    with transaction.atomic():
        updated = Message.objects.filter(
            pk=message.pk, status__in=[Status.FAILED, Status.RETRY]
        ).update(status=Status.RETRY, next_attempt_at=clock.now(), attempts=0)
        if updated:
            transaction.on_commit(partial(enqueue, message.pk), robust=True)
    return bool(updated)


def try_all_again() -> int:
    """Send again now every message not delivered or waiting to try again (after the mail
    server's or GOV.UK Notify's configuration has been put right)."""
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update()
            .filter(status__in=[Status.FAILED, Status.RETRY])
            .values_list("pk", flat=True)
        )
        Message.objects.filter(status__in=[Status.FAILED, Status.RETRY]).update(
            status=Status.RETRY, next_attempt_at=clock.now(), attempts=0
        )
        for pk in ids:
            transaction.on_commit(partial(enqueue, pk), robust=True)
    return len(ids)
