"""`carereview timescales CASE.json`: the review calculator for scripts and other systems.

Prints JSON: every review that fell due with its deadline and the rule behind it, whether each was
held on time, the next deadline and whether it is overdue, and the deadlines around each review.
Bad input is refused with a message naming the field and value, and exit status 2.
With `--propose DATE`, also says whether the next review may be held on DATE (exit status 1 when
the date is refused).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carereview.authority.services import NotSetUp, policy_profiles, working_calendar
from carereview.domain.timescales import schedule
from carereview.domain.timescales.caseio import CaseError, parse_case, parse_date
from carereview.domain.timescales.explain import schedule_dict
from carereview.domain.timescales.proposal import check_proposed_date


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Work out a child's review deadlines from their care history (JSON; '-' for stdin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", metavar="CASE.json", help="The case file, or - for stdin.")
        parser.add_argument(
            "--propose", metavar="DATE", help="Check a proposed date for the next review."
        )
        parser.add_argument("--compact", action="store_true", help="One line of JSON.")

    def handle(self, *args: object, **options: Any) -> None:
        data = self._read(options["case"])
        try:
            profiles = policy_profiles()
        except NotSetUp as error:
            raise CommandError(str(error), returncode=2) from error
        try:
            case = parse_case(data, profiles=profiles)
        except CaseError as error:
            raise CommandError(
                "the case was refused:\n  " + "\n  ".join(error.problems), returncode=2
            ) from None
        cal = working_calendar(case.closure_days)
        result = schedule(case.history, case.as_of, case.profile, cal)
        output = schedule_dict(result, cal, case.profile)
        refused = False
        if options["propose"]:
            try:
                proposed = parse_date(options["propose"], "--propose")
            except CaseError as error:
                raise CommandError(str(error), returncode=2) from None
            verdict = check_proposed_date(result, proposed, cal)
            output["proposal"] = verdict.as_dict()
            refused = not verdict.accepted
        self.stdout.write(json.dumps(output, indent=None if options["compact"] else 2))
        if refused:
            self.stderr.write(f"refused: {output['proposal']['reason']}")
            sys.exit(1)

    def _read(self, source: str) -> Any:
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                f"CASE.json: cannot read {source!r}: {error}", returncode=2
            ) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"CASE.json: not valid JSON ({error.msg} at line {error.lineno}, "
                f"column {error.colno})",
                returncode=2,
            ) from None
