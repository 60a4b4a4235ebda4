"""Sending one message from the outbox: run by the background worker, never in a web request.

Exactly once, as far as email allows:
1. The message is *claimed* by one conditional update (waiting → being sent). Two queue entries
   for the same message, or two workers, cannot both claim it; a message already sent is never
   claimed again.
2. The claim is committed before the mail server is contacted, and nothing holds a database lock
   while it talks to the server.
3. Accepted → recorded as sent. Refused or unreachable → recorded with the error, and queued to
   try again later (RETRY_DELAYS), until MAX_ATTEMPTS; then it is "Not delivered", listed for
   the IRO manager with a "try again" button.
The one window left: the mail server accepts the message and the worker dies before step 3 is
committed. After STALE_AFTER the safety net sends it again; the copy has the same Message-ID.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F

from carereview.core import clock
from carereview.notifications.channels import (
    PermanentFailure,
    TemporaryFailure,
    configured_channel,
)
from carereview.notifications.models import Message, Status

logger = logging.getLogger(__name__)

#: The wait after each failed attempt: 1 minute, 5, 15, an hour, 4 hours, 12 hours.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60, 240, 720)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def deliver(message_id: int) -> str:
    """Try to send the message; say what happened (kept as the task's result)."""
    now = clock.now()
    claimed = Message.objects.filter(
        pk=message_id, status__in=[Status.QUEUED, Status.RETRY], next_attempt_at__lte=now
    ).update(status=Status.SENDING, sending_since=now, attempts=F("attempts") + 1)
    if not claimed:
        message = Message.objects.filter(pk=message_id).only("status").first()
        if message is None:
            return "no such message"
        if message.status in (Status.QUEUED, Status.RETRY):
            # Early (a queue running on a different clock): the safety net queues it when due.
            return "not due yet"
        return f"nothing to do: {message.get_status_display().lower()}"
    message = Message.objects.get(pk=message_id)
    try:
        channel = configured_channel()
        Message.objects.filter(pk=message_id).update(channel=channel.name)
        provider_reference = channel.send(message)
    except (TemporaryFailure, PermanentFailure) as error:
        return _failed(message, error)
    except Exception as error:  # an unforeseen fault in sending: retried, and shown
        logger.exception("Sending message %s failed unexpectedly", message_id)
        return _failed(message, TemporaryFailure(f"{type(error).__name__}: {error}"))
    Message.objects.filter(pk=message_id, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=clock.now(),
        sending_since=None,
        last_error="",
        provider_reference=provider_reference[:100],
    )
    return "sent"


def _failed(message: Message, error: Exception) -> str:
    from carereview.notifications.outbox import enqueue

    attempts = message.attempts
    text = str(error)[:2000] or type(error).__name__
    give_up = isinstance(error, PermanentFailure) or attempts >= MAX_ATTEMPTS
    with transaction.atomic():
        if give_up:
            Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
                status=Status.FAILED, sending_since=None, last_error=text
            )
            logger.warning("Message %s not delivered: %s", message.pk, text)
            return f"not delivered: {text}"
        next_attempt = clock.now() + RETRY_DELAYS[attempts - 1]
        updated = Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.RETRY, sending_since=None, last_error=text, next_attempt_at=next_attempt
        )
        if updated:
            transaction.on_commit(lambda: enqueue(message.pk, run_after=next_attempt), robust=True)
    return f"will try again at {next_attempt:%Y-%m-%d %H:%M}: {text}"
