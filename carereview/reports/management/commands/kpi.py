"""`carereview kpi --year 2024 [--from-903 DIR] [--json]`: the timeliness and participation
indicators for a reporting year (1 April 2024 to 31 March 2025), from the records or straight
from a directory of an SSDA903 return's CSV files.

The files may hold many years of history: all of it sets the deadlines, the given year is
reported.  A summary for people by default; with --json the figures as
{"year": "2024-25", "timeliness": {...}, "participation": {...}}.

Exit status 1 when the files have errors (each listed, nothing computed), 2 when the year or the
directory cannot be used.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carereview.authority.services import NotSetUp, working_calendar
from carereview.core import clock
from carereview.domain.calendar import england_calendar
from carereview.domain.ssda903.problems import Problem, rule_heading
from carereview.domain.ssda903.reader import csv_files
from carereview.domain.years import year_label, year_of
from carereview.reports.indicators import (
    ReturnRefused,
    YearIndicators,
    indicators_for_year,
    indicators_from_files,
)

SHOWN_PER_RULE = 20
FIRST_YEAR = 1990


def reporting_year(text: str) -> int:
    """--year: the year the reporting year starts, as four digits."""
    value = text.strip()
    # ASCII digits only: "²⁰²⁴" passes str.isdigit() but is no number int() reads.
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a year: give the year the reporting year starts, such as 2024 "
            "for 1 April 2024 to 31 March 2025"
        )
    return int(value)


class Command(BaseCommand):
    help = "The review timeliness and participation indicators for a reporting year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=reporting_year,
            required=True,
            help="The reporting year, by the year it starts (2024 = 1 April 2024 to 31 March 2025).",
        )
        parser.add_argument(
            "--from-903",
            metavar="DIR",
            dest="from_903",
            help="Work from the SSDA903 return's CSV files in DIR instead of the records.",
        )
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args: object, **options: Any) -> None:
        year: int = options["year"]
        today = clock.today()
        if year < FIRST_YEAR:
            raise CommandError(
                f"{year} is too early: the figures start at {FIRST_YEAR}", returncode=2
            )
        if year > year_of(today):
            raise CommandError(
                f"The reporting year {year_label(year)} begins on 1 April {year}, "
                f"after today ({today:%d/%m/%Y})",
                returncode=2,
            )
        notes: list[str] = []
        if options.get("from_903") is not None:
            if not options["from_903"].strip():
                # Not the records instead: the person asked for the files.
                raise CommandError("--from-903 needs a directory of CSV files", returncode=2)
            found, notes = self.from_files(Path(options["from_903"]), year)
        else:
            try:
                found = indicators_for_year(year)
            except NotSetUp as error:
                raise CommandError(str(error), returncode=2) from error
        if options["json"]:
            self.stdout.write(json.dumps(found.as_json(), indent=2))
            return
        self.stdout.write("\n".join([*found.summary(), *notes]))

    def from_files(self, folder: Path, year: int) -> tuple[YearIndicators, list[str]]:
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a directory", returncode=2)
        try:
            files = csv_files(folder)
        except OSError as problem:
            raise CommandError(
                f"cannot read {folder}: {problem.strerror}", returncode=2
            ) from problem
        if not files:
            raise CommandError(f"{folder} has no .csv files", returncode=2)
        notes = ["", f"Worked out from the SSDA903 files in {folder} ({len(files)} files)."]
        try:
            calendar = working_calendar()
        except NotSetUp:
            # The files need no database; only the authority's closure days live there.
            calendar = england_calendar()
            notes.append(
                "The database is not set up: deadlines in working days use England's bank "
                "holidays only, without the authority's own closure days."
            )
        try:
            result = indicators_from_files(files, year, calendar)
        except ReturnRefused as refused:
            raise CommandError(_refusal(folder, refused.errors), returncode=1) from refused
        if result.read.warnings:
            notes.append(
                f"The files carry {len(result.read.warnings)} inconsistencies the import would "
                f"list as warnings (carereview ssda903 import {folder} lists them)."
            )
        end = result.indicators.timeliness.end
        if result.latest is not None and result.latest < end:
            notes.append(
                f"The files speak of nothing after {result.latest:%d/%m/%Y}: episodes open in "
                "them are taken to have stayed open, with no review held since."
            )
        return result.indicators, notes


def _refusal(folder: Path, errors: list[Problem]) -> str:
    """Every error, grouped by the rule broken (the first few of each)."""
    by_rule: dict[str, list[Problem]] = {}
    for problem in errors:
        by_rule.setdefault(problem.rule, []).append(problem)
    lines = [
        f"The files in {folder} cannot be read as an SSDA903 return ({len(errors)} errors); "
        "no figures were worked out. Put these right and run it again:"
    ]
    for rule, group in sorted(by_rule.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"  {rule_heading(rule)} [{rule}]: {len(group)}")
        for problem in group[:SHOWN_PER_RULE]:
            lines.append(
                f"    {problem.file}: {problem.message}"
                if problem.file
                else f"    {problem.message}"
            )
        if len(group) > SHOWN_PER_RULE:
            lines.append(f"    ... and {len(group) - SHOWN_PER_RULE} more")
    return "\n".join(lines)
