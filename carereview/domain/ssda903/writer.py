"""Writing SSDA903 tables back to CSV, in the form the import reads.

Each table in its standard column order; dates dd/mm/yyyy; codes upper case; UTF-8 without a
byte-order mark; every line ended CRLF (the CSV standard, RFC 4180, what Python's csv module
and Excel write, and what carereview's own synthetic returns use), so that carereview's files
come back byte for byte; rows sorted by child (numbers in number order) then date.

`export_return` picks what belongs to a collection year (1 April to 31 March, named by the year
it starts): Header = the children in any table exported, Episodes = episodes open at any time in
the year, Reviews = reviews held in the year; of the other tables, the rows whose dates overlap
the year (Missing, PlacedAdoption, SWEpisodes, DoLo), the year's own row of each child for the
tables with one row per child and year (UASC, OC2, OC3, PrevPerm), and AD1's rows of each child
in Header.  Header takes in every child with a row exported, so that the files can always be
imported again.  The year's files say how things stood on 31 March: an end after it (DEC and
REC, MIS_END, DATE_PLACED_CEASED...) is left blank (validator rule 385).  What the export leaves
out, or writes though the year's validator will not accept it, is listed in `Exported.warnings`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from carereview.domain.ssda903.cells import format_date, parse_date
from carereview.domain.ssda903.codes import SEX_LETTERS_FROM_YEAR, SHORT_BREAK_LS
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow, ReviewRow
from carereview.domain.ssda903.tables import ENDS, PER_CHILD, SPANS, TABLES
from carereview.domain.ssda903.years import collection_year, year_label

__all__ = ["Exported", "ReturnRows", "collection_year", "export_return", "write_return"]

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
    #: Reviews held without a participation code: never written (the return needs one with
    #: every review date, rule 167), but listed in the export's warnings.
    uncoded: list[ReviewRow] = field(default_factory=list)


@dataclass
class Exported:
    """A return's files (file name -> bytes), and what the export left out or could not write
    as the year's return wants it, one line each."""

    files: dict[str, bytes]
    warnings: list[str] = field(default_factory=list)


def sex_for_year(code: str, year: int | None) -> str:
    """SEX as the year's return writes it: 1/2 up to 2023-24, M/F/U from 2024-25 (and in an
    export of everything held)."""
    if year is None or year >= SEX_LETTERS_FROM_YEAR:
        return _TO_LETTERS.get(code, code)
    return _TO_NUMBERS.get(code, code)


def child_order(child: str) -> tuple[int, int, str]:
    """Children in number order when their references are numbers (9 before 10).  ASCII
    digits only: "²" is a digit to str.isdigit() but not to int()."""
    return (0, int(child), child) if child.isascii() and child.isdigit() else (1, 0, child)


_day = format_date


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


def select_year(rows: ReturnRows, year: int, warnings: list[str] | None = None) -> ReturnRows:
    """What a collection year's return holds (see the module's docstring); what it leaves out
    or writes doubtfully is added to `warnings`."""
    notes = [] if warnings is None else warnings
    start, end = collection_year(year)
    episodes = [
        e if e.dec is None or e.dec <= end else dataclasses.replace(e, dec=None, rec="")
        for e in rows.episodes
        if e.decom <= end and (e.dec is None or e.dec >= start)
    ]
    reviews = _reviews_for(episodes, [r for r in rows.reviews if start <= r.review <= end], year)
    notes += reviews.notes
    notes += [_uncoded(r) for r in rows.uncoded if start <= r.review <= end]
    dated = [_as_at(r, end) for r in rows.others if _dated(r) and _overlaps(r, start, end)]
    own = [r for r in rows.others if r.table in PER_CHILD and r.year == year]
    children = {r.child for r in episodes} | {r.child for r in reviews.kept}
    children |= {r.child for r in dated} | {r.child for r in own}
    have = {(r.table, r.child) for r in own}
    with_child = [
        r
        for r in rows.others
        if not _dated(r)
        and r.child in children
        and (r.table not in PER_CHILD or (r.year is None and (r.table, r.child) not in have))
    ]
    header = [h for h in rows.header if h.child in children]
    notes += _sex_notes(header, [*own, *with_child], year)
    return ReturnRows(
        header=header, episodes=episodes, reviews=reviews.kept, others=dated + own + with_child
    )


@dataclass
class _Reviews:
    kept: list[ReviewRow]
    notes: list[str]


def _reviews_for(episodes: list[EpisodeRow], reviews: list[ReviewRow], year: int) -> _Reviews:
    """The year's reviews but those of children looked after only under short breaks (V3/V4)
    in it, for whom the return holds no reviews (validator rule 399)."""
    legal: dict[str, set[str]] = {}
    for episode in episodes:
        legal.setdefault(episode.child, set()).add(episode.ls)
    breaks_only = {child for child, held in legal.items() if held <= SHORT_BREAK_LS}
    left = sorted({r.child for r in reviews if r.child in breaks_only}, key=child_order)
    notes = [
        f"Child '{child}' was looked after only under short breaks (V3/V4) in "
        f"{year_label(year)}, for whom the return holds no reviews (rule 399): "
        f"{sum(r.child == child for r in reviews)} review(s) held in the year left out"
        for child in left
    ]
    return _Reviews([r for r in reviews if r.child not in breaks_only], notes)


def _uncoded(review: ReviewRow) -> str:
    return (
        f"Child '{review.child}': the review held on {format_date(review.review)} has no "
        "participation code (PN0-PN7) and is left out: the return needs one with every review "
        "(rule 167); record it on the review"
    )


def _sex_notes(header: list[HeaderRow], others: list[OtherRow], year: int) -> list[str]:
    """SEX U (not stated, or "other" in carereview) has no code before 2024-25, when SEX is 1
    or 2: it is written U, as held (a blank would be refused on import), and listed."""
    if year >= SEX_LETTERS_FROM_YEAR:
        return []
    unstated = [h.child for h in header if h.sex == "U"]
    unstated += [r.child for r in others if r.table == "UASC" and r.cell("SEX") == "U"]
    return [
        f"Child '{child}': sex not stated (U), for which the {year_label(year)} return has no "
        "code (1 male or 2 female until 2024-25): written U, which the DfE's validator will "
        "not accept until the child's sex is recorded"
        for child in sorted(set(unstated), key=child_order)
    ]


def _as_at(row: OtherRow, end: date) -> OtherRow:
    """A row as the year's return gives it: an end after the year's last day left blank."""
    columns = ENDS.get(row.table)
    ended = parse_date(row.cell(columns[0])) if columns else None
    if columns is None or ended is None or ended <= end:
        return row
    cells = tuple((c, "" if c in columns else v) for c, v in row.cells)
    return dataclasses.replace(row, cells=cells)


def _latest_per_child(rows: ReturnRows) -> ReturnRows:
    """Everything held, with the newest year's row of each child in the tables with one row
    per child and year (an export of everything is one file per table, read as one return)."""
    newest: dict[tuple[str, str], OtherRow] = {}
    for row in rows.others:
        if row.table in PER_CHILD:
            seen = newest.get((row.table, row.child))
            if seen is None or (row.year or 0) > (seen.year or 0):
                newest[(row.table, row.child)] = row
    others = [r for r in rows.others if r.table not in PER_CHILD] + list(newest.values())
    return dataclasses.replace(rows, others=others)


def _dated(row: OtherRow) -> bool:
    return row.table in SPANS and parse_date(row.cell(SPANS[row.table][0])) is not None


def _overlaps(row: OtherRow, start: date, end: date) -> bool:
    first, last = (parse_date(row.cell(column)) for column in SPANS[row.table])
    return first is not None and first <= end and (last is None or last >= start)


def export_return(rows: ReturnRows, *, year: int | None) -> Exported:
    """A collection year's return (or, with no year, everything held) as CSV files."""
    warnings: list[str] = []
    if year is None:
        warnings += [_uncoded(r) for r in rows.uncoded]
        chosen = _latest_per_child(rows)
    else:
        chosen = select_year(rows, year, warnings)
    return Exported(write_return(chosen, year=year), warnings)
