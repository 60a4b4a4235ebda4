"""`carereview ssda903 import DIR` and `carereview ssda903 export (--year YYYY | --all) DIR`.

Import reads every *.csv file in DIR as one year's SSDA903 return and prints a report: what was
created, updated and left unchanged, or, when the return is refused, every error grouped by rule
(the first 20 of each, and the total); then the warnings the same way.  Exit status 1 when the
return is refused (nothing is loaded), 2 when DIR cannot be read.  `--warnings-csv FILE` writes
every error and warning in full.

Export writes the return for a collection year (1 April YYYY to 31 March) - or everything held,
with --all - into DIR, one CSV file per table, in the form the import reads back.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carereview.interchange.report import problems_csv, report_text
from carereview.interchange.services import export_return, import_return, year_label


class Command(BaseCommand):
    help = "Import or export the SSDA903 looked-after children return (CSV tables)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        importing = actions.add_parser("import", help="Import a directory of the return's CSVs.")
        importing.add_argument("directory", metavar="DIR")
        importing.add_argument(
            "--warnings-csv", metavar="FILE", help="Write every error and warning in full."
        )
        exporting = actions.add_parser("export", help="Export the return into a directory.")
        which = exporting.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--year", type=int, help="The collection year, by the year it starts (2024 = 2024-25)."
        )
        which.add_argument("--all", action="store_true", help="Everything held.")
        exporting.add_argument("directory", metavar="DIR")

    def handle(self, *args: object, **options: Any) -> None:
        if options["action"] == "import":
            self.import_directory(Path(options["directory"]), options.get("warnings_csv"))
        else:
            self.export_directory(
                Path(options["directory"]), None if options["all"] else options["year"]
            )

    def import_directory(self, folder: Path, warnings_csv: str | None) -> None:
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a directory", returncode=2)
        files = {
            entry.name: entry.read_bytes()
            for entry in sorted(folder.iterdir())
            if entry.is_file() and entry.suffix.lower() == ".csv"
        }
        if not files:
            raise CommandError(f"{folder} has no .csv files", returncode=2)
        started = time.perf_counter()
        result = import_return(files, by=None, source=f"command line: {folder}")
        self.stdout.write(report_text(result), ending="")
        self.stdout.write(f"Took {time.perf_counter() - started:.1f} seconds.")
        if warnings_csv:
            Path(warnings_csv).write_bytes(problems_csv(result))
            self.stdout.write(f"Every error and warning written to {warnings_csv}.")
        if not result.ok:
            raise CommandError(
                f"the return was refused ({len(result.errors)} errors); nothing was loaded",
                returncode=1,
            )

    def export_directory(self, folder: Path, year: int | None) -> None:
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is not a directory", returncode=2)
        folder.mkdir(parents=True, exist_ok=True)
        files = export_return(year, by=None)
        for name, content in files.items():
            (folder / name).write_bytes(content)
            rows = max(content.count(b"\n") - 1, 0)
            self.stdout.write(f"{folder / name}: {rows} rows")
        self.stdout.write(f"SSDA903 return exported ({year_label(year)}).")
