"""Reading an SSDA903 return's CSV files into typed rows, with every error found.

Errors refuse the whole import: a file that is not UTF-8 CSV, columns of no table, no Header, a
date that cannot be read, a code not in the return's lists, a missing required value, a row for a
child not in Header, a child in Header twice with different details.  All of them are collected
(not just the first) so the council can put the file right in one go.  Inconsistencies that real
returns carry are warnings and belong to `checks`, which `read_return` runs once the files read
cleanly.

Dates are dd/mm/yyyy (d/m/yyyy too); codes are read in any letter case and held upper case;
UTF-8 with or without a byte-order mark (as Excel saves "CSV UTF-8").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from carereview.domain.ssda903.cells import READERS, Row, other_row, parse_date
from carereview.domain.ssda903.checks import check_links, check_return
from carereview.domain.ssda903.problems import Problem
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow, ReviewRow
from carereview.domain.ssda903.tables import Table, clean_column, recognise

__all__ = [
    "Problem",
    "ReturnRead",
    "csv_files",
    "parse_date",
    "parse_return",
    "read_directory",
    "read_return",
]

#: How spreadsheets and other binary files begin: a CSV never does.
BINARY_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG")


@dataclass
class ReturnRead:
    """A return as read: the rows to load, and what was wrong.  `files` says which file held
    each table."""

    header: list[HeaderRow] = field(default_factory=list)
    episodes: list[EpisodeRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    others: list[OtherRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(name: str, content: bytes, read: ReturnRead) -> str | None:
    if not content.strip():
        read.errors.append(Problem(name, None, "", "", "not CSV", f"{name} is empty"))
        return None
    if content.startswith(BINARY_STARTS) or b"\x00" in content[:8192]:
        read.errors.append(
            Problem(
                name,
                None,
                "",
                "",
                "not CSV",
                f"{name} is not a CSV file (it looks like a spreadsheet or other document): "
                "save each table of the return as CSV",
            )
        )
        return None
    if b"\x00" in content:
        # A zero byte deep in a file: a damaged file or two files run together.  No text holds
        # one, and PostgreSQL refuses it in a text column, so it is refused here, not mid-load.
        line = content[: content.index(b"\x00")].count(b"\n") + 1
        read.errors.append(
            Problem(
                name,
                line,
                "",
                "",
                "not CSV",
                f"{name} row {line} holds a NUL character (a zero byte), which no CSV text "
                "holds: the file may be damaged; save the table again as 'CSV UTF-8'",
            )
        )
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = content[: problem.start].count(b"\n") + 1
        read.errors.append(
            Problem(
                name,
                line,
                "",
                "",
                "not UTF-8",
                f"{name} row {line} has characters that are not UTF-8 text: save the file as "
                "'CSV UTF-8' and import it again",
            )
        )
        return None


def _table_of(name: str, columns: list[str], read: ReturnRead) -> Table | None:
    cleaned = [clean_column(c) for c in columns]
    repeated = sorted({c for c in cleaned if c and cleaned.count(c) > 1})
    for column in repeated:
        read.errors.append(
            Problem(
                name,
                1,
                column,
                column,
                "repeated column",
                f"{name}: column {column} is named twice",
            )
        )
    found = recognise(columns)
    if found.table is None:
        nearest = found.nearest
        lacking = ", ".join(found.lacking)
        read.errors.append(
            Problem(
                name,
                1,
                "",
                ",".join(columns),
                "columns",
                f"{name}: its columns are not those of any table of the return; the nearest is "
                f"{nearest.name if nearest else 'none'}, which also needs {lacking}",
            )
        )
        return None
    for column in found.ignored:
        read.warnings.append(
            Problem(
                name,
                1,
                column,
                column,
                "extra column",
                f"{name}: column {column} is not part of the {found.table.name} table and is ignored",
            )
        )
    if found.also:
        names = " and ".join(t.name for t in (found.table, *found.also))
        read.errors.append(
            Problem(
                name,
                1,
                "",
                ",".join(columns),
                "two tables",
                f"{name}: this file holds two tables ({names}): give each its own file",
            )
        )
        return None
    if found.table.name in read.files:
        read.errors.append(
            Problem(
                name,
                None,
                "",
                "",
                "table twice",
                f"{name} and {read.files[found.table.name]} both hold the {found.table.name} "
                "table: import one year's return at a time",
            )
        )
        return None
    read.files[found.table.name] = name
    return None if repeated else found.table


def _parse_rows(name: str, text: str, read: ReturnRead) -> tuple[Table, list[Row]] | None:
    try:
        lines = csv.reader(io.StringIO(text, newline=""))
        columns = next(lines, [])
        table = _table_of(name, columns, read)
        if table is None:
            return None
        positions = [clean_column(c) for c in columns]
        rows: list[Row] = []
        # Rows as a spreadsheet numbers them (header row 1): a record, not a line of text, since a
        # quoted cell may run over several lines.
        for number, cells in enumerate(lines, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, as spreadsheets leave at the end
            if len(cells) > len(positions) and any(c.strip() for c in cells[len(positions) :]):
                read.errors.append(
                    Problem(
                        name,
                        number,
                        "",
                        ",".join(cells),
                        "cells",
                        f"{table.name} row {number} has {len(cells)} cells but the file "
                        f"has {len(positions)} columns (a comma inside a value needs quotes)",
                    )
                )
                continue
            values = {
                column: cell.strip()
                for column, cell in zip(positions, cells, strict=False)
                if column
            }
            rows.append(Row((read.errors, read.warnings), table, name, number, values))
        return table, rows
    except csv.Error as problem:
        read.errors.append(
            Problem(name, None, "", "", "not CSV", f"{name} cannot be read as CSV: {problem}")
        )
        return None


def parse_return(files: Mapping[str, bytes]) -> ReturnRead:
    """Every file read into rows, with every error found; no consistency checks yet."""
    read = ReturnRead()
    for name in sorted(files):
        text = _decode(name, files[name], read)
        parsed = _parse_rows(name, text, read) if text is not None else None
        if parsed is None:
            continue
        table, rows = parsed
        reader = READERS.get(table.name, other_row)
        for row in rows:
            result = reader(row)
            if result is None:
                continue
            target = {"Header": read.header, "Episodes": read.episodes, "Reviews": read.reviews}
            target.get(table.name, read.others).append(result)  # type: ignore[attr-defined]
    # A file that could not be read may have been the Header: its own error says enough.
    unreadable = {"not CSV", "not UTF-8", "columns", "two tables"}
    if "Header" not in read.files and not any(p.rule in unreadable for p in read.errors):
        read.errors.append(
            Problem(
                "",
                None,
                "",
                "",
                "no Header",
                "There is no Header table among the files: the return's Header (CHILD, SEX, DOB, "
                "ETHNIC, UPN, MOTHER, MC_DOB) says who the children are, and nothing can be "
                "loaded without it",
            )
        )
    check_links(read)
    return read


def read_return(files: Mapping[str, bytes], *, today: date | None = None) -> ReturnRead:
    """A return read and, when it read cleanly, checked: the rows as they would be loaded.
    `today` is the day of the import: reviews after it are not loaded (none are dropped for
    that reason when it is not given)."""
    read = parse_return(files)
    return check_return(read, today=today) if read.ok else read


def read_directory(path: str | Path, *, today: date | None = None) -> ReturnRead:
    """Every *.csv file in a directory, read as one return."""
    return read_return(csv_files(path), today=today)


def csv_files(path: str | Path) -> dict[str, bytes]:
    """Every *.csv file in a directory (the letter case of .csv aside), by name."""
    return {
        entry.name: entry.read_bytes()
        for entry in sorted(Path(path).iterdir())
        if entry.is_file() and entry.suffix.lower() == ".csv"
    }
