"""`carereview sendpending`: the outbox's safety net. Required, every 5 minutes (cron, a systemd
timer, or `--loop 300` beside the worker as `make run` does).

Queues again every email that is due but has no live queue entry, and takes back any that a
worker which died left "being sent" for more than 15 minutes. The daily reminder run does the
same at its end.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from carereview.notifications.management.commands.reminders import seconds
from carereview.notifications.outbox import resend_pending


class Command(BaseCommand):
    help = "Queue again any email that is due but would otherwise not be sent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            metavar="SECONDS",
            help="run again every SECONDS until stopped (e.g. 300, beside the worker)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = seconds(options["loop"]) if options["loop"] else None
        while True:
            if interval is not None:
                # A connection kept from the last pass may have been closed by the database.
                close_old_connections()
            try:
                counts = resend_pending()
            except Exception as error:
                if interval is None:
                    raise
                self.stderr.write(f"The safety net failed: {type(error).__name__}: {error}")
            else:
                self.stdout.write(
                    f"{counts['requeued']} email(s) queued again; "
                    f"{counts['stale']} taken back from a worker that stopped while sending."
                )
            if interval is None:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
