"""`carereview sendpending`: the outbox's safety net, on its own (every few minutes from cron).

Queues again every email that is due but has no live queue entry, and takes back any that a
worker which died left "being sent" for more than 15 minutes. The daily reminder run does the
same at its end.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from carereview.notifications.outbox import resend_pending


class Command(BaseCommand):
    help = "Queue again any email that is due but would otherwise not be sent."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = resend_pending()
        self.stdout.write(
            f"{counts['requeued']} email(s) queued again; "
            f"{counts['stale']} taken back from a worker that stopped while sending."
        )
