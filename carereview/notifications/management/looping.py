"""A management command that runs once (from cron or a systemd timer) or, with `--loop SECONDS`,
again and again until stopped (development, or beside the worker)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections


def seconds(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"--loop takes a number of seconds, not {value!r}") from None
    if number < 1:
        raise CommandError("--loop takes a number of seconds of 1 or more")
    return number


class LoopingCommand(BaseCommand):
    #: What a failed pass is called in the message: "The reminder run".
    what = "The run"
    loop_help = "run again every SECONDS until stopped"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", metavar="SECONDS", help=self.loop_help)

    def run_once(self, looping: bool) -> None:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        interval = seconds(options["loop"]) if options["loop"] else None
        while True:
            if interval is not None:
                # A connection kept from the last pass may have been closed by the database.
                close_old_connections()
            try:
                self.run_once(looping=interval is not None)
            except Exception as error:
                if interval is None:
                    raise
                self.stderr.write(f"{self.what} failed: {type(error).__name__}: {error}")
            if interval is None:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
