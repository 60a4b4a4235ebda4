"""`carereview prunemessages`: forget emails sent long ago (once a day from cron or a timer).

Never a message not delivered or still to send (docs/notifications.md, "Keeping messages")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carereview.notifications.retention import NOTICE_DAYS, SENT_DAYS, prune


def days(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"Give a number of days, not {value!r}") from None
    if number < 1:
        raise CommandError("Give a number of days of 1 or more")
    return number


class Command(BaseCommand):
    help = (
        "Delete emails sent more than DAYS ago (90 by default) with their attachments, and the "
        "reminder run's records of reminders made more than a year ago. Emails not delivered "
        "or still to send are never deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            metavar="DAYS",
            type=days,
            default=SENT_DAYS,
            help=f"delete emails sent more than DAYS ago (default {SENT_DAYS})",
        )
        parser.add_argument(
            "--notices-older-than",
            metavar="DAYS",
            type=days,
            default=NOTICE_DAYS,
            help=f"delete records of reminders made more than DAYS ago (default {NOTICE_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pruned = prune(options["older_than"], options["notices_older_than"])
        self.stdout.write(
            f"Deleted {pruned.messages} email(s) sent more than {options['older_than']} days ago "
            f"({pruned.attachments} attachment(s)) and {pruned.notices} reminder record(s)."
        )
