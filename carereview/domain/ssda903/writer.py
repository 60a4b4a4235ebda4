"""Writing SSDA903 tables back to CSV, in the form the import reads.

Each table in its standard column order; dates dd/mm/yyyy; codes upper case; UTF-8 without a
byte-order mark; every line ended CRLF (the CSV standard, RFC 4180, what Python's csv module
and Excel write, and what carereview's own synthetic returns use), so that carereview's files
come back byte for byte; rows sorted by child (numbers in number order) then date.

`export_return` picks what belongs to a collection year (1 April to 31 March, named by the year
it starts): Header = the children in any table exported, Episodes = episodes open at any time in
the year, Reviews = reviews held in the year; of the other tables, the rows whose dates overlap
the year (Missing, PlacedAdoption, SWEpisodes, DoLo) and, for the tables with a row per child
(UASC, OC2, OC3, AD1, PrevPerm), the row of each child in Header.  Header takes in every child
with a row exported, so that the files can always be imported again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from carereview.domain.ssda903.cells import parse_date
from carereview.domain.ssda903.codes import SEX_LETTERS_FROM_YEAR
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow, ReviewRow
from carereview.domain.ssda903.tables import SPANS, TABLES

LINE_END = "\r\n"

#: The file each table is written to (the names the DfE's validator and most case systems use).
FILE_NAMES: dict[str, str] = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "sw_episodes.csv",
    "DoLo": "dolo.csv",
}

_TO_LETTERS = {"1": "M", "2": "F"}
_TO_NUMBERS = {"M": "1", "F": "2"}


@dataclass
class ReturnRows:
    """The rows of a return, to write."""

    header: list[HeaderRow] = field(default_factory=list)
    episodes: list[EpisodeRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    others: list[OtherRow] = field(default_factory=list)


def collection_year(year: int) -> tuple[date, date]:
    """The collection year named by the year it starts: 1 April to 31 March."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def sex_for_year(code: str, year: int | None) -> str:
    """SEX as the year's return writes it: 1/2 up to 2023-24, M/F/U from 2024-25 (and in an
    export of everything held)."""
    if year is None or year >= SEX_LETTERS_FROM_YEAR:
        return _TO_LETTERS.get(code, code)
    return _TO_NUMBERS.get(code, code)


def child_order(child: str) -> tuple[int, int, str]:
    """Children in number order when their references are numbers (9 before 10)."""
    return (0, int(child), child) if child.isdigit() else (1, 0, child)


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%d/%m/%Y}"


def write_table(table: str, rows: Iterable[Iterable[str]]) -> bytes:
    """One table: its columns, then the rows as given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow(TABLES[table].columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _other_order(row: OtherRow) -> tuple:
    dates = [parse_date(row.cell(column)) or date.min for column in TABLES[row.table].key]
    return (child_order(row.child), dates)


def _header_cells(r: HeaderRow, year: int | None) -> list[str]:
    sex = sex_for_year(r.sex, year)
    return [r.child, sex, _day(r.dob), r.ethnic, r.upn, r.mother, _day(r.mc_dob)]


def _episode_cells(r: EpisodeRow) -> list[str]:
    return [
        r.child,
        _day(r.decom),
        r.rne,
        r.ls,
        r.cin,
        r.place,
        r.place_provider,
        _day(r.dec),
        r.rec,
        r.reason_place_change,
        r.home_post,
        r.pl_post,
        r.urn,
    ]


def write_return(rows: ReturnRows, *, year: int | None = None) -> dict[str, bytes]:
    """Every row given, as the return's files (file name -> bytes).  Header, Episodes and
    Reviews are always written; the other tables when they have rows.  `year` decides how SEX
    is written."""
    header = sorted(rows.header, key=lambda r: child_order(r.child))
    episodes = sorted(rows.episodes, key=lambda r: (child_order(r.child), r.decom))
    reviews = sorted(rows.reviews, key=lambda r: (child_order(r.child), r.review))
    files = {
        FILE_NAMES["Header"]: write_table("Header", (_header_cells(r, year) for r in header)),
        FILE_NAMES["Episodes"]: write_table("Episodes", (_episode_cells(r) for r in episodes)),
        FILE_NAMES["Reviews"]: write_table(
            "Reviews",
            ([r.child, _day(r.dob), _day(r.review), r.review_code] for r in reviews),
        ),
    }
    for table in TABLES:
        held = sorted((r for r in rows.others if r.table == table), key=_other_order)
        if held:
            files[FILE_NAMES[table]] = write_table(
                table,
                (
                    [r.child]
                    + [
                        sex_for_year(r.cell(c), year) if c == "SEX" else r.cell(c)
                        for c in TABLES[table].columns[1:]
                    ]
                    for r in held
                ),
            )
    return files


def select_year(rows: ReturnRows, year: int) -> ReturnRows:
    """What a collection year's return holds (see the module's docstring)."""
    start, end = collection_year(year)
    episodes = [e for e in rows.episodes if e.decom <= end and (e.dec is None or e.dec >= start)]
    reviews = [r for r in rows.reviews if start <= r.review <= end]
    dated = [r for r in rows.others if _dated(r) and _overlaps(r, start, end)]
    children = {r.child for r in episodes} | {r.child for r in reviews} | {r.child for r in dated}
    per_child = [r for r in rows.others if not _dated(r) and r.child in children]
    return ReturnRows(
        header=[h for h in rows.header if h.child in children],
        episodes=episodes,
        reviews=reviews,
        others=dated + per_child,
    )


def _dated(row: OtherRow) -> bool:
    return row.table in SPANS and parse_date(row.cell(SPANS[row.table][0])) is not None


def _overlaps(row: OtherRow, start: date, end: date) -> bool:
    first, last = (parse_date(row.cell(column)) for column in SPANS[row.table])
    return first is not None and first <= end and (last is None or last >= start)


def export_return(rows: ReturnRows, *, year: int | None) -> dict[str, bytes]:
    """A collection year's return (or, with no year, everything held) as CSV files."""
    return write_return(select_year(rows, year) if year is not None else rows, year=year)
