"""`carereview sendpending`: the outbox's safety net. Required, every 5 minutes (cron, a systemd
timer, or `--loop 300` beside the worker as `make run` does).

Queues again every email that is due but has no live queue entry, and takes back any that a
worker which died left "being sent" for more than 15 minutes. The daily reminder run does the
same at its end.
"""

from __future__ import annotations

from carereview.notifications.management.looping import LoopingCommand
from carereview.notifications.outbox import resend_pending


class Command(LoopingCommand):
    help = "Queue again any email that is due but would otherwise not be sent."
    what = "The safety net"
    loop_help = "run again every SECONDS until stopped (e.g. 300, beside the worker)"

    def run_once(self, looping: bool) -> None:
        counts = resend_pending()
        self.stdout.write(
            f"{counts['requeued']} email(s) queued again; "
            f"{counts['stale']} taken back from a worker that stopped while sending."
        )
