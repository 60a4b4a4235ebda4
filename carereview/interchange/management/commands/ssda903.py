"""`carereview ssda903 import DIR` and `carereview ssda903 export (--year YYYY | --all) DIR`.

Import reads every *.csv file in DIR as one year's SSDA903 return and prints a report: what was
created, updated and left unchanged, or, when the return is refused, every error grouped by rule
(the first 20 of each, and the total); then the warnings the same way.  Exit status 1 when the
return is refused (nothing is loaded), 2 when DIR cannot be read or the warnings file cannot be
written (checked before anything is imported).  `--warnings-csv FILE` writes every error and
warning in full; `--year YYYY` says which collection year the return is for (worked out from its
dates otherwise).

Export writes the return for a collection year (1 April YYYY to 31 March) - or everything held,
with --all - into DIR, one CSV file per table, in the form the import reads back.  DIR must be
empty (or not exist yet): an old table file left beside the new ones would be read with them by
the next import.  `--replace` removes the table files carereview writes (header.csv,
episodes.csv...) from DIR first; any other CSV file there still refuses the export.  What the
export leaves out (reviews with no participation code, short-break-only children's reviews) or
writes doubtfully (SEX U before 2024-25) is listed after the files.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carereview.domain.ssda903.reader import csv_files
from carereview.domain.ssda903.writer import FILE_NAMES
from carereview.domain.ssda903.years import (
    FIRST_COLLECTION_YEAR,
    LAST_COLLECTION_YEAR,
    valid_year,
    year_label,
)
from carereview.interchange.report import problems_csv, report_text
from carereview.interchange.services import export_return, import_return


def collection_year(text: str) -> int:
    """--year: the year a collection year starts, 2000 to 2100."""
    if text.strip().isdigit() and valid_year(int(text)):
        return int(text)
    raise argparse.ArgumentTypeError(
        f"'{text}' is not a collection year: give the year it starts, "
        f"{FIRST_COLLECTION_YEAR} to {LAST_COLLECTION_YEAR} (2024 for 2024-25)"
    )


def _why(problem: OSError) -> str:
    return problem.strerror or str(problem)


class Command(BaseCommand):
    help = "Import or export the SSDA903 looked-after children return (CSV tables)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        importing = actions.add_parser("import", help="Import a directory of the return's CSVs.")
        importing.add_argument("directory", metavar="DIR")
        importing.add_argument(
            "--warnings-csv", metavar="FILE", help="Write every error and warning in full."
        )
        importing.add_argument(
            "--year",
            type=collection_year,
            help="The collection year the return is for (2024 = 2024-25); "
            "worked out from its dates when not given.",
        )
        exporting = actions.add_parser("export", help="Export the return into a directory.")
        which = exporting.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--year",
            type=collection_year,
            help="The collection year, by the year it starts (2024 = 2024-25).",
        )
        which.add_argument("--all", action="store_true", help="Everything held.")
        exporting.add_argument(
            "--replace",
            action="store_true",
            help="Remove the return's table files already in DIR before writing.",
        )
        exporting.add_argument("directory", metavar="DIR")

    def handle(self, *args: object, **options: Any) -> None:
        if options["action"] == "import":
            self.import_directory(
                Path(options["directory"]), options.get("warnings_csv"), options.get("year")
            )
        else:
            self.export_directory(
                Path(options["directory"]),
                None if options["all"] else options["year"],
                replace=options["replace"],
            )

    def import_directory(self, folder: Path, warnings_csv: str | None, year: int | None) -> None:
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a directory", returncode=2)
        files = csv_files(folder)
        if not files:
            raise CommandError(f"{folder} has no .csv files", returncode=2)
        with contextlib.ExitStack() as stack:
            # Opened before the import: a long import must not end in "cannot write the file".
            handle: BinaryIO | None = None
            if warnings_csv:
                try:
                    handle = stack.enter_context(open(warnings_csv, "wb"))
                except OSError as problem:
                    raise CommandError(
                        f"cannot write the warnings file {warnings_csv}: {_why(problem)}; "
                        "nothing was imported",
                        returncode=2,
                    ) from None
            started = time.perf_counter()
            result = import_return(files, by=None, source=f"command line: {folder}", year=year)
            self.stdout.write(report_text(result), ending="")
            self.stdout.write(f"Took {time.perf_counter() - started:.1f} seconds.")
            if handle is not None:
                handle.write(problems_csv(result))
                self.stdout.write(f"Every error and warning written to {warnings_csv}.")
        if not result.ok:
            raise CommandError(
                f"the return was refused ({len(result.errors)} errors); nothing was loaded",
                returncode=1,
            )

    def export_directory(self, folder: Path, year: int | None, *, replace: bool) -> None:
        self._make_room(folder, replace)
        exported = export_return(year, by=None)
        for name, content in exported.files.items():
            try:
                (folder / name).write_bytes(content)
            except OSError as problem:
                raise CommandError(
                    f"cannot write {folder / name}: {_why(problem)}", returncode=2
                ) from None
            rows = max(content.count(b"\n") - 1, 0)
            self.stdout.write(f"{folder / name}: {rows} rows")
        self.stdout.write(f"SSDA903 return exported ({year_label(year)}).")
        if exported.warnings:
            self.stdout.write(f"Left out or to check: {len(exported.warnings)}")
            for warning in exported.warnings:
                self.stdout.write(f"  {warning}")

    def _make_room(self, folder: Path, replace: bool) -> None:
        """An empty directory to write into (made if need be); with `replace`, the return's
        table files carereview writes removed from it first."""
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is not a directory", returncode=2)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            present = sorted(entry.name for entry in folder.iterdir())
        except OSError as problem:
            raise CommandError(
                f"cannot write into {folder}: {_why(problem)}", returncode=2
            ) from None
        ours = set(FILE_NAMES.values())
        if present and not replace:
            raise CommandError(
                f"{folder} is not empty ({', '.join(present[:5])}"
                f"{', ...' if len(present) > 5 else ''}): an old table file left there would be "
                "read with the new ones; choose an empty directory, or give --replace to remove "
                "the return's table files first",
                returncode=2,
            )
        others = [name for name in present if name.lower().endswith(".csv") and name not in ours]
        if others:
            raise CommandError(
                f"{folder} holds other CSV files ({', '.join(others[:5])}), which an import of "
                "the directory would read with the return: move them or choose another directory",
                returncode=2,
            )
        if not os.access(folder, os.W_OK):
            raise CommandError(f"cannot write into {folder}: permission denied", returncode=2)
        try:
            for name in present:
                if name in ours:
                    (folder / name).unlink()
        except OSError as problem:
            raise CommandError(
                f"cannot remove the old files in {folder}: {_why(problem)}", returncode=2
            ) from None
