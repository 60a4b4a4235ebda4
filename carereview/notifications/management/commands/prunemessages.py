"""`carereview prunemessages`: forget emails sent long ago (once a day from cron or a timer).

Never a message not delivered or still to send (docs/notifications.md, "Keeping messages").  It
also empties the errors and warnings of SSDA903 imports finished more than 90 days ago: they
quote children's details from the files (`interchange.retention`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carereview.interchange.retention import PROBLEMS_DAYS, clear_old_problems
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
        "reminder run's records of reminders made more than a year ago, and the errors and "
        "warnings of SSDA903 imports finished more than 90 days ago. Emails not delivered "
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
        parser.add_argument(
            "--import-problems-older-than",
            metavar="DAYS",
            type=days,
            default=PROBLEMS_DAYS,
            help="empty the errors and warnings of SSDA903 imports finished more than DAYS ago "
            f"(default {PROBLEMS_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pruned = prune(options["older_than"], options["notices_older_than"])
        cleared = clear_old_problems(options["import_problems_older_than"])
        self.stdout.write(
            f"Deleted {pruned.messages} email(s) sent more than {options['older_than']} days ago "
            f"({pruned.attachments} attachment(s)) and {pruned.notices} reminder record(s)."
        )
        self.stdout.write(
            f"Emptied the errors and warnings of {cleared} SSDA903 import(s) finished more than "
            f"{options['import_problems_older_than']} days ago."
        )
