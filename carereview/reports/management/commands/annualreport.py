"""`carereview annualreport --year 2024 --pdf FILE --docx FILE`: the IRO annual report for a
reporting year (1 April 2024 to 31 March 2025), with the tables and charts filled in and the
narrative the IRO manager has written on the report's page (IRO Handbook 7.11).

Exit status 2 when the year is not one the report can be made for, or a file cannot be written
(nothing is written then); each file is written whole or not at all.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carereview.reports.annual import YearNotAvailable, check_year
from carereview.reports.annual_services import create_report


class Command(BaseCommand):
    help = "Make the IRO annual report for a reporting year as PDF and/or Word."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help="The reporting year, by the year it starts (2024 = 1 April 2024 to 31 March 2025).",
        )
        parser.add_argument("--pdf", metavar="FILE", help="Write the report as PDF to FILE.")
        parser.add_argument("--docx", metavar="FILE", help="Write the report as Word to FILE.")

    def handle(self, *args: object, **options: Any) -> None:
        wanted = [(fmt, Path(options[fmt])) for fmt in ("pdf", "docx") if options.get(fmt)]
        if not wanted:
            raise CommandError("Say where to write the report: --pdf FILE, --docx FILE or both.")
        try:
            check_year(options["year"])
        except YearNotAvailable as problem:
            raise CommandError(str(problem), returncode=2) from problem
        for _, path in wanted:
            _check_writable(path)
        for fmt, path in wanted:
            _, content = create_report(options["year"], fmt)
            _write(path, content)
            self.stdout.write(
                f"{path}: the IRO annual report ({fmt.upper()}, {len(content):,} bytes)"
            )


def _check_writable(path: Path) -> None:
    """Refuse before any work when a file could not be written."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CommandError(f"{path} is a directory: give a file name", returncode=2)
    if not folder.is_dir():
        raise CommandError(
            f"cannot write {path}: the directory {folder} does not exist", returncode=2
        )
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CommandError(f"cannot write {path}: permission denied", returncode=2)


def _write(path: Path, content: bytes) -> None:
    """Write beside the file and then move it into place: never a half-written report."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except OSError as problem:
        raise CommandError(f"cannot write {path}: {problem.strerror}", returncode=2) from problem
