"""How long the outbox keeps what it has done (`carereview prunemessages`, once a day).

- A message **sent** more than `sent_days` ago (90 by default) goes, with its attachments: it is
  a copy of what left, kept for people to see what they were sent and for the IRO manager to
  answer "did it go?". A message not delivered, waiting or being sent is never pruned, however
  old: someone must see it.
- The reminder run's bookkeeping (`Notice`: which reminders and missed alerts were made) goes
  after `notice_days` (365): it is what stops a deadline being reminded of twice, so it is kept
  well past any deadline it could be about. The in-app alerts stay.
The notices a pruned message carried stay marked as emailed, so nothing is emailed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from carereview.core import clock
from carereview.notifications.models import Attachment, EmailChoice, Message, Notice, Status

SENT_DAYS = 90
NOTICE_DAYS = 365
BATCH = 500


@dataclass
class Pruned:
    messages: int = 0
    attachments: int = 0
    notices: int = 0


def prune(
    sent_days: int = SENT_DAYS, notice_days: int = NOTICE_DAYS, now: datetime | None = None
) -> Pruned:
    now = now or clock.now()
    pruned = Pruned()
    sent_before = now - timedelta(days=sent_days)
    while True:
        with transaction.atomic():
            ids = list(
                Message.objects.filter(status=Status.SENT, sent_at__lt=sent_before)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH]
            )
            if not ids:
                break
            # Emailed already: without its message the notice must not look still to send.
            Notice.objects.filter(message_id__in=ids).update(email=EmailChoice.NONE)
            pruned.attachments += Attachment.objects.filter(message_id__in=ids).delete()[0]
            pruned.messages += Message.objects.filter(pk__in=ids, status=Status.SENT).delete()[0]
    pruned.notices = Notice.objects.filter(created__lt=now - timedelta(days=notice_days)).delete()[
        0
    ]
    return pruned
