"""Checks across the rows of a return.

`check_links` finds the errors that only show across rows (a child twice in Header with different
details, a row for a child not in Header, two different episodes starting the same day): they
refuse the import like any other error.

`check_return` finds the inconsistencies that real returns carry and are imported anyway, as
warnings with the rule and the row: participation codes that do not fit the child's age
(validator 440/441), reviews outside any period of care, reviews for children looked after only
under short breaks (399), overlapping episodes, a reason an episode ended without its date, a
date of birth that differs from Header (INT17), the same review twice, reviews dated after
the day of the import (not loaded: a review cannot have been held in the future), and what the
timescale engine finds odd in a child's periods of care (`history`).  It also refuses a date of
birth after the day of the import (an error, like those of `check_links`).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from carereview.domain.ages import birthday
from carereview.domain.ssda903.cells import format_date
from carereview.domain.ssda903.history import file_spans, in_care_problems, period_problems
from carereview.domain.ssda903.problems import Problem
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow, ReviewRow
from carereview.domain.ssda903.tables import TABLES
from carereview.domain.timescales.model import Episode
from carereview.domain.timescales.periods import Span

if TYPE_CHECKING:
    from carereview.domain.ssda903.reader import ReturnRead


def show(value: object) -> str:
    """A value as the return writes it (dates dd/mm/yyyy)."""
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else str(value)


# -- errors across rows ------------------------------------------------------------------------


def check_links(read: ReturnRead) -> None:
    """Each child once in Header; every other row for a child in Header; one episode per start."""
    first: dict[str, HeaderRow] = {}
    header_file = read.files.get("Header", "")
    for row in read.header:
        seen = first.setdefault(row.child, row)
        if seen is row:
            continue
        fields = ("sex", "dob", "ethnic", "upn", "mother", "mc_dob")
        differs = [f for f in fields if getattr(seen, f) != getattr(row, f)]
        if not differs:
            read.warnings.append(
                Problem(
                    header_file,
                    row.line,
                    "CHILD",
                    row.child,
                    "same row",
                    f"Header row {row.line}: child '{row.child}' is listed again exactly as "
                    f"in row {seen.line}; read once",
                )
            )
            continue
        column = differs[0].upper()
        was, now = show(getattr(seen, differs[0])), show(getattr(row, differs[0]))
        read.errors.append(
            Problem(
                header_file,
                row.line,
                column,
                now,
                "Header conflict",
                f"Header row {row.line}, column {column}: child '{row.child}' is listed again "
                f"with {column} '{now}' where row {seen.line} has '{was}'",
            )
        )
    read.header = list(first.values())
    if "Header" in read.files:
        rows: list[tuple[str, EpisodeRow | ReviewRow | OtherRow]] = [
            *(("Episodes", r) for r in read.episodes),
            *(("Reviews", r) for r in read.reviews),
            *((r.table, r) for r in read.others),
        ]
        for table, row in rows:
            if row.child and row.child not in first:
                read.errors.append(
                    Problem(
                        read.files.get(table, ""),
                        row.line,
                        "CHILD",
                        row.child,
                        "child not in Header",
                        f"{table} row {row.line}, column CHILD: child '{row.child}' is not in "
                        "the Header table: every child in the return needs a Header row",
                    )
                )
    _one_episode_per_start(read)


def _one_episode_per_start(read: ReturnRead) -> None:
    """Episodes are held by child and start date; two the same are read once, two different
    cannot both be held."""
    kept: dict[tuple[str, date], EpisodeRow] = {}
    episodes: list[EpisodeRow] = []
    name = read.files.get("Episodes", "")
    for row in read.episodes:
        seen = kept.setdefault((row.child, row.decom), row)
        if seen is row:
            episodes.append(row)
        elif seen == row:
            read.warnings.append(
                Problem(
                    name,
                    row.line,
                    "DECOM",
                    show(row.decom),
                    "same row",
                    f"Episodes row {row.line}: the same episode as row {seen.line} (child "
                    f"'{row.child}', starting {show(row.decom)}); read once",
                )
            )
        else:
            read.errors.append(
                Problem(
                    name,
                    row.line,
                    "DECOM",
                    show(row.decom),
                    "same start",
                    f"Episodes row {row.line}, column DECOM: child '{row.child}' has another "
                    f"episode starting on {show(row.decom)} (row {seen.line}) with different "
                    "details: each episode needs its own start date",
                )
            )
    read.episodes = episodes


# -- warnings ----------------------------------------------------------------------------------


def check_return(
    read: ReturnRead,
    *,
    today: date | None,
    held: Mapping[str, Sequence[Episode]] | None = None,
) -> ReturnRead:
    """The return as it will be loaded, with a warning for each inconsistency.  `held` are the
    episodes already held for the file's children (by CHILD), which the periods of care are
    judged with; a date of birth after `today` is an error."""
    errors = list(read.errors)
    if today is not None:
        _future_births(read, today, errors)
    warnings = list(read.warnings)
    dob = {row.child: row.dob for row in read.header}
    episodes = _episodes(read, warnings)
    by_child: dict[str, list[EpisodeRow]] = defaultdict(list)
    for episode in episodes:
        by_child[episode.child].append(episode)
    name = read.files.get("Episodes", "")
    for child, rows in by_child.items():
        rows.sort(key=lambda e: e.decom)
        _overlaps(name, rows, warnings)
        warnings += period_problems(name, child, rows, (held or {}).get(child, ()))
    spans = {child: file_spans(rows) for child, rows in by_child.items()}
    reviews = _reviews(read, dob, spans, today, warnings)
    others = _others(read, dob, warnings)
    warnings.sort(key=lambda p: (p.file, p.row or 0))
    return dataclasses.replace(
        read, episodes=episodes, reviews=reviews, others=others, warnings=warnings, errors=errors
    )


def _future_births(read: ReturnRead, today: date, errors: list[Problem]) -> None:
    """A child (or a mother's child) cannot have been born after the day of the import."""
    name = read.files.get("Header", "")
    for row in read.header:
        for column, born in (("DOB", row.dob), ("MC_DOB", row.mc_dob)):
            if born is not None and born > today:
                errors.append(
                    Problem(
                        name,
                        row.line,
                        column,
                        show(born),
                        "future birth",
                        f"Header row {row.line}, column {column}: '{show(born)}' is after "
                        f"today ({show(today)}): a date of birth cannot be in the future",
                    )
                )


def _episodes(read: ReturnRead, warnings: list[Problem]) -> list[EpisodeRow]:
    name = read.files.get("Episodes", "")
    loaded = []
    for row in read.episodes:
        if row.rec and row.dec is None:
            warnings.append(
                Problem(
                    name,
                    row.line,
                    "REC",
                    row.rec,
                    "REC without DEC",
                    f"Episodes row {row.line}, column REC: '{row.rec}' is given but there is no "
                    "end date (DEC); the episode is read as still open",
                )
            )
            row = dataclasses.replace(row, rec="")
        loaded.append(row)
    return loaded


def _overlaps(name: str, rows: list[EpisodeRow], warnings: list[Problem]) -> None:
    for before, after in itertools.pairwise(rows):
        if before.dec is None or before.dec > after.decom:
            ends = "is still open" if before.dec is None else f"ends on {show(before.dec)}"
            warnings.append(
                Problem(
                    name,
                    after.line,
                    "DECOM",
                    show(after.decom),
                    "overlap",
                    f"Episodes row {after.line}: the episode of child '{after.child}' starting "
                    f"{show(after.decom)} overlaps the one in row {before.line}, which starts "
                    f"{show(before.decom)} and {ends}",
                )
            )


def _reviews(
    read: ReturnRead,
    dob: dict[str, date],
    spans: dict[str, list[Span]],
    today: date | None,
    warnings: list[Problem],
) -> list[ReviewRow]:
    name = read.files.get("Reviews", "")
    kept: dict[tuple[str, date], ReviewRow] = {}
    for row in read.reviews:
        where = f"Reviews row {row.line}"
        if today is not None and row.review > today:
            warnings.append(
                Problem(
                    name,
                    row.line,
                    "REVIEW",
                    show(row.review),
                    "future review",
                    f"{where}, column REVIEW: {show(row.review)} is after today "
                    f"({show(today)}); a review cannot have been held in the future, so this "
                    "row is not loaded",
                )
            )
            continue
        seen = kept.setdefault((row.child, row.review), row)
        if seen is not row:
            same = seen.review_code == row.review_code
            warnings.append(
                Problem(
                    name,
                    row.line,
                    "REVIEW",
                    show(row.review),
                    "same review",
                    f"{where}: the review of child '{row.child}' on {show(row.review)} is already in "
                    f"row {seen.line}; loaded once"
                    + (
                        ""
                        if same
                        else f", with row {seen.line}'s code {seen.review_code} "
                        f"(this row's {row.review_code} is not loaded)"
                    ),
                )
            )
            continue
        born = dob[row.child]
        if row.dob is not None and row.dob != born:
            warnings.append(
                Problem(
                    name,
                    row.line,
                    "DOB",
                    show(row.dob),
                    "INT17",
                    f"{where}, column DOB: {show(row.dob)} differs from the date of birth in "
                    f"Header ({show(born)}); Header's is kept",
                )
            )
        _age_code(name, row, born, warnings)
        warnings += in_care_problems(name, row, spans.get(row.child, []))
    return list(kept.values())


def _age_code(name: str, row: ReviewRow, born: date, warnings: list[Problem]) -> None:
    """PN0 is for a child under 4 at the review (440), PN1-PN7 for 4 or over (441); a review on
    the fourth birthday may be either."""
    fourth = birthday(born, 4)
    where = f"Reviews row {row.line}, column REVIEW_CODE"
    if row.review_code == "PN0" and row.review > fourth:
        warnings.append(
            Problem(
                name,
                row.line,
                "REVIEW_CODE",
                "PN0",
                "440",
                f"{where}: PN0 (under 4) but child '{row.child}' was 4 or over on "
                f"{show(row.review)} (born {show(born)})",
            )
        )
    elif row.review_code != "PN0" and row.review < fourth:
        warnings.append(
            Problem(
                name,
                row.line,
                "REVIEW_CODE",
                row.review_code,
                "441",
                f"{where}: {row.review_code} but child '{row.child}' was under 4 on "
                f"{show(row.review)} (born {show(born)}): PN0 is the code under 4",
            )
        )


def _others(read: ReturnRead, dob: dict[str, date], warnings: list[Problem]) -> list[OtherRow]:
    kept: dict[tuple[str, str, str], OtherRow] = {}
    for row in read.others:
        name = read.files.get(row.table, "")
        key = (row.table, row.child, held_key(row))
        seen = kept.setdefault(key, row)
        if seen is not row:
            what = "exactly as" if seen.cells == row.cells else "for the same child and date as"
            warnings.append(
                Problem(
                    name,
                    row.line,
                    "CHILD",
                    row.child,
                    "same row",
                    f"{row.table} row {row.line}: {what} row {seen.line}; row {seen.line} is "
                    "loaded and this one is not",
                )
            )
            continue
        written = row.cell("DOB")
        if written and written != show(dob[row.child]):
            warnings.append(
                Problem(
                    name,
                    row.line,
                    "DOB",
                    written,
                    "DOB differs",
                    f"{row.table} row {row.line}, column DOB: {written} differs from the date "
                    f"of birth in Header ({show(dob[row.child])}); kept as written",
                )
            )
    return list(kept.values())


def held_key(row: OtherRow, year: int | None = None) -> str:
    """What makes a row of another table the same row in another year's file: its key columns
    or, for a table with one row per child (UASC, OC2, OC3, PrevPerm), the collection year
    (`year`, else the row's own; blank when not known)."""
    columns = TABLES[row.table].key
    if not columns:
        known = year if year is not None else row.year
        return "" if known is None else str(known)
    return "|".join(row.cell(column) for column in columns)
