"""`carereview reminders`: the daily reminder run (once a day from cron or a systemd timer;
`--loop SECONDS` repeats it, for development)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from carereview.notifications import reminders


def seconds(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"--loop takes a number of seconds, not {value!r}") from None
    if number < 1:
        raise CommandError("--loop takes a number of seconds of 1 or more")
    return number


class Command(BaseCommand):
    help = (
        "Remind people of deadlines coming up and alert them to deadlines missed (in the app and "
        "by email, each once), then queue again any email that lost its place in the queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            metavar="SECONDS",
            help="run again every SECONDS until stopped (development; production uses cron)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = seconds(options["loop"]) if options["loop"] else None
        while True:
            if interval is not None:
                # A connection kept from the last pass may have been closed by the database.
                close_old_connections()
            try:
                summary = reminders.run()
            except Exception as error:
                if interval is None:
                    raise
                self.stderr.write(f"The reminder run failed: {type(error).__name__}: {error}")
            else:
                self.stdout.write(f"Reminders for {summary}")
                for problem in summary.problems:
                    self.stderr.write(f"Problem: {problem}")
                if summary.problems and interval is None:
                    raise CommandError(f"{len(summary.problems)} problem(s): see above")
            if interval is None:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
