"""`carereview closuredays list|add|remove`: the authority's own non-working days."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from carereview.authority import services
from carereview.authority.management.commands.workdays import parse_date
from carereview.authority.models import ClosureDay


class Command(BaseCommand):
    help = "List, add or remove the authority's closure days (not working days for deadlines)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="List closure days.")
        add = sub.add_parser("add", help="Add a closure day (or change its reason).")
        add.add_argument("date", metavar="DATE")
        add.add_argument("reason", nargs="?", default="Authority closure day")
        remove = sub.add_parser("remove", help="Remove a closure day.")
        remove.add_argument("date", metavar="DATE")

    def handle(self, *args: object, **options: object) -> None:
        try:
            self._handle(options)
        except DatabaseError as error:
            raise CommandError(
                f"The database is not set up (run `carereview migrate` first): {error}",
                returncode=2,
            ) from error

    def _handle(self, options: dict[str, object]) -> None:
        action = options["action"]
        if action == "list":
            for day in ClosureDay.objects.all():
                self.stdout.write(f"{day.date.isoformat()}  {day.reason}")
            return
        day = parse_date(str(options["date"]), "DATE")
        if action == "add":
            reason = str(options["reason"]).strip()
            if not reason or len(reason) > 200:
                raise CommandError("REASON: give a reason of 1 to 200 characters", returncode=2)
            _, created = services.add_closure_day(day, reason)
            self.stdout.write(f"{'Added' if created else 'Updated'} {day.isoformat()}: {reason}")
        elif services.remove_closure_day(day):
            self.stdout.write(f"Removed {day.isoformat()}")
        else:
            raise CommandError(f"DATE: {day.isoformat()} is not a closure day", returncode=2)
