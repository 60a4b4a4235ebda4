"""Sending one message from the outbox: run by the background worker, never in a web request.

Exactly once, as far as email allows:
1. The message is *claimed* by one conditional update (waiting → being sent). Two queue entries
   for the same message, or two workers, cannot both claim it; a message already sent is never
   claimed again.
2. The claim is committed before the mail server is contacted, and nothing holds a database lock
   while it talks to the server.
3. Accepted → recorded as sent. Refused or unreachable → recorded with the error, and queued to
   try again later (RETRY_DELAYS), until MAX_ATTEMPTS; then it is "Not delivered", listed for
   the IRO manager with a "try again" button. A configuration problem (the mail server refuses
   the service's sign-in or sender address, GOV.UK Notify its key) is nothing wrong with the
   message: it waits, tried every CONFIGURATION_WAIT without using up its tries, so that once
   the settings are put right everything flows ("Try all again" sends it at once).
4. A queue entry that runs before its message is due ("not due yet") puts a new entry on the
   queue for when it is, unless the queue's clock is already past that (then the clocks differ,
   and the safety net, which follows the service's clock, queues it when due).
The one window left: the mail server accepts the message and the worker dies before step 3 is
committed. After STALE_AFTER the safety net sends it again; the copy has the same Message-ID.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F

from carereview.core import clock
from carereview.notifications.channels import (
    ConfigurationProblem,
    PermanentFailure,
    TemporaryFailure,
    configured_channel,
)
from carereview.notifications.models import Message, Status

logger = logging.getLogger(__name__)

#: The wait after each failed attempt: 1 minute, 5, 15, an hour, 4 hours, 12 hours.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60, 240, 720)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
#: The wait after an attempt stopped by the service's own configuration.
CONFIGURATION_WAIT = timedelta(hours=1)
#: How long a message waits for the configuration to be put right before it is "Not delivered".
CONFIGURATION_PATIENCE = timedelta(days=3)


def deliver(message_id: int, queued_for: datetime | None = None, task_id: str = "") -> str:
    """Try to send the message; say what happened (kept as the task's result). `queued_for` and
    `task_id` are the queue entry's own "run after" and id, when a queue entry runs it."""
    now = clock.now()
    claimed = Message.objects.filter(
        pk=message_id, status__in=[Status.QUEUED, Status.RETRY], next_attempt_at__lte=now
    ).update(status=Status.SENDING, sending_since=now, attempts=F("attempts") + 1)
    if not claimed:
        message = (
            Message.objects.filter(pk=message_id)
            .only("status", "next_attempt_at", "task_id")
            .first()
        )
        if message is None:
            return "no such message"
        if message.status in (Status.QUEUED, Status.RETRY):
            return _not_due_yet(message_id, queued_for, task_id)
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


def _not_due_yet(message_id: int, queued_for: datetime | None, task_id: str) -> str:
    """A queue entry ran before its message was due: queue one for when it is."""
    from carereview.notifications.outbox import enqueue, live_task_ids

    message = Message.objects.only("next_attempt_at", "task_id").get(pk=message_id)
    due = message.next_attempt_at
    if message.task_id and message.task_id != task_id and live_task_ids([message.task_id]):
        return f"not due yet: queued for {due:%Y-%m-%d %H:%M}"
    if queued_for is not None and queued_for >= due:
        # The queue's clock says it is due and the service's says not: queueing it again for
        # the same moment would run it again at once, for ever. The safety net, on the
        # service's clock, queues it when due.
        return f"not due yet (the queue's clock is ahead): due {due:%Y-%m-%d %H:%M}"
    enqueue(message_id, run_after=due)
    return f"not due yet: queued again for {due:%Y-%m-%d %H:%M}"


def _failed(message: Message, error: Exception) -> str:
    from carereview.notifications.outbox import enqueue

    text = str(error)[:2000] or type(error).__name__
    if isinstance(error, ConfigurationProblem):
        return _configuration_problem(message, text)
    attempts = message.attempts
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


def _configuration_problem(message: Message, text: str) -> str:
    """Wait for the settings to be put right: an hour at a time, without using up a try, for up
    to CONFIGURATION_PATIENCE."""
    from carereview.notifications.outbox import enqueue

    now = clock.now()
    if now - message.created >= CONFIGURATION_PATIENCE:
        Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.FAILED, sending_since=None, last_error=text
        )
        logger.warning("Message %s not delivered: %s", message.pk, text)
        return f"not delivered: {text}"
    next_attempt = now + CONFIGURATION_WAIT
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.RETRY,
            sending_since=None,
            last_error=text,
            next_attempt_at=next_attempt,
            attempts=F("attempts") - 1,
        )
        if updated:
            transaction.on_commit(lambda: enqueue(message.pk, run_after=next_attempt), robust=True)
    logger.error("Email configuration problem (message %s waits): %s", message.pk, text)
    return f"configuration problem, will try again at {next_attempt:%Y-%m-%d %H:%M}: {text}"
