"""`carereview workdays add DATE N`: working-day arithmetic for England and this authority."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carereview.authority.services import NotSetUp, working_calendar
from carereview.domain.calendar import england_calendar


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{what}: {text!r} is not a date (use YYYY-MM-DD)", returncode=2
        ) from None


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Working days in England (not weekends, Christmas Day, Good Friday, bank holidays in "
        "England and Wales, or the authority's closure days)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--ignore-closure-days",
            action="store_true",
            help="Count bank holidays only, not the authority's closure days.",
        )
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser(
            "add", help="Print the date N working days after DATE (N < 0: before)."
        )
        add.add_argument("date", metavar="DATE")
        add.add_argument("n", metavar="N")
        check = sub.add_parser("check", help="Say whether DATE is a working day, and why not.")
        check.add_argument("date", metavar="DATE")
        between = sub.add_parser("between", help="Count working days after START up to END.")
        between.add_argument("start", metavar="START")
        between.add_argument("end", metavar="END")

    def handle(self, *args: object, **options: object) -> None:
        try:
            cal = england_calendar() if options["ignore_closure_days"] else working_calendar()
        except NotSetUp as error:
            raise CommandError(str(error), returncode=2) from error
        action = options["action"]
        if action == "add":
            day = parse_date(str(options["date"]), "DATE")
            try:
                n = int(str(options["n"]))
            except ValueError:
                raise CommandError(
                    f"N: {options['n']!r} is not a whole number", returncode=2
                ) from None
            try:
                result = cal.add(day, n)
            except (OverflowError, ValueError):
                raise CommandError(
                    f"N: {n} working days from {day} is outside the calendar", returncode=2
                ) from None
            self.stdout.write(result.isoformat())
        elif action == "check":
            day = parse_date(str(options["date"]), "DATE")
            reason = cal.why_not_working(day)
            self.stdout.write(
                f"{day.isoformat()} "
                + (f"not a working day: {reason}" if reason else "working day")
            )
        else:
            start = parse_date(str(options["start"]), "START")
            end = parse_date(str(options["end"]), "END")
            self.stdout.write(str(cal.working_days_between(start, end)))
