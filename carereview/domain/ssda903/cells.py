"""Reading the cells of one row of an SSDA903 table: dates, codes, required values, lengths.

Each problem found is recorded against the row's file and line, in plain words naming the column,
the value and the rule ("Episodes row 14, column DECOM: '31/02/2019' is not a date (dd/mm/yyyy)").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

from carereview.domain.ssda903 import codes
from carereview.domain.ssda903.problems import Problem
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow, ReviewRow
from carereview.domain.ssda903.tables import Table

#: (table, column) -> the code list and what its codes are, for the messages.  UASC's SEX uses
#: the Header's list.
CODE_LISTS: dict[tuple[str, str], tuple[Mapping[str, str], str]] = {
    ("Header", "SEX"): (codes.SEX, "sex"),
    ("UASC", "SEX"): (codes.SEX, "sex"),
    ("Header", "ETHNIC"): (codes.ETHNICITY, "ethnic origin"),
    ("Header", "MOTHER"): ({"1": "is a mother", "0": "is not a mother"}, "MOTHER"),
    ("Episodes", "RNE"): (codes.REASON_NEW_EPISODE, "reason for new episode"),
    ("Episodes", "LS"): (codes.LEGAL_STATUS, "legal status"),
    ("Episodes", "CIN"): (codes.CATEGORY_OF_NEED, "category of need"),
    ("Episodes", "PLACE"): (codes.PLACEMENT, "placement"),
    ("Episodes", "PLACE_PROVIDER"): (codes.PLACE_PROVIDER, "placement provider"),
    ("Episodes", "REC"): (codes.REASON_EPISODE_CEASED, "reason episode ceased"),
    ("Reviews", "REVIEW_CODE"): (codes.PARTICIPATION, "participation"),
}

#: The longest value each column may hold (the return's field widths; what carereview stores).
LIMITS: dict[str, int] = {
    "CHILD": 20,
    "UPN": 13,
    "HOME_POST": 10,
    "PL_POST": 10,
    "URN": 8,
    "REASON_PLACE_CHANGE": 6,
}

#: Columns that hold whole numbers: "1.0" there is a spreadsheet's way of writing 1.
WHOLE_NUMBER_COLUMNS = frozenset({"MOTHER", "URN"})

#: Not codes: a social worker's identifier, and a date that may be only partly known.
AS_WRITTEN = frozenset({"SW_ID", "DATE_PERM"})

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DECIMAL_WHOLE = re.compile(r"(\d+)\.0+")

#: The years a date in the return may fall in.  A year outside them is a typing slip (0219 for
#: 2019, 2109 for 2019) that would otherwise be loaded as a child born or reviewed centuries away.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_date(text: str) -> date | None:
    """dd/mm/yyyy or d/m/yyyy as a date; None when it is not one (31/02/2019 included) or its
    year is outside FIRST_YEAR-LAST_YEAR."""
    match = _DATE.fullmatch(text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_date(value: date | None) -> str:
    """A date as the return writes it, dd/mm/yyyy with the year always four digits (strftime's
    %Y leaves a year before 1000 short on some platforms); "" for none."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def _a(noun: str) -> str:
    return f"{'an' if noun[0].lower() in 'aeiou' else 'a'} {noun}"


class Row:
    """One data row of one file: reads its cells, recording each problem against the read."""

    def __init__(
        self,
        problems: tuple[list[Problem], list[Problem]],
        table: Table,
        file: str,
        line: int,
        cells: dict[str, str],
    ):
        self.errors, self.warnings = problems
        self.table, self.file, self.line, self.cells = table, file, line, cells

    def _where(self, column: str) -> str:
        return f"{self.table.name} row {self.line}, column {column}"

    def error(self, column: str, value: str, rule: str, message: str) -> None:
        self.errors.append(Problem(self.file, self.line, column, value, rule, message))

    def warn(self, column: str, value: str, rule: str, message: str) -> None:
        self.warnings.append(Problem(self.file, self.line, column, value, rule, message))

    def text(self, column: str) -> str:
        value = self.cells.get(column, "")
        if column in self.table.required and not value:
            self.error(
                column,
                "",
                "required",
                f"{self._where(column)} is empty: every {self.table.name} row needs it",
            )
        written = value
        if column in WHOLE_NUMBER_COLUMNS:
            value = self.whole_number(column, value)
        limit = LIMITS.get(column)
        if limit and len(value) > limit:
            self.error(
                column,
                written,
                "too long",
                f"{self._where(column)}: '{written}' is longer than the {limit} characters allowed",
            )
        return value

    def whole_number(self, column: str, value: str) -> str:
        match = _DECIMAL_WHOLE.fullmatch(value)
        if not match:
            return value
        self.warn(
            column,
            value,
            "decimal",
            f"{self._where(column)}: '{value}' is read as {match.group(1)} (a whole number "
            "written with a decimal point, as spreadsheets sometimes save it)",
        )
        return match.group(1)

    def code(self, column: str) -> str:
        value = self.text(column).upper()
        code_list, what = CODE_LISTS[(self.table.name, column)]
        if value and value not in code_list:
            known = ", ".join(code_list) if len(code_list) <= 14 else "see the return's code list"
            self.error(
                column,
                self.cells.get(column, ""),
                "code",
                f"{self._where(column)}: '{self.cells.get(column, '')}' is not {_a(what)} code "
                f"({known})",
            )
        return value

    def date(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        day = parse_date(value)
        if day is None:
            match = _DATE.fullmatch(value)
            why = (
                f"its year is not between {FIRST_YEAR} and {LAST_YEAR}"
                if match and not FIRST_YEAR <= int(match.group(3)) <= LAST_YEAR
                else "dd/mm/yyyy"
            )
            self.error(
                column,
                value,
                "date",
                f"{self._where(column)}: '{value}' is not a date ({why})",
            )
        return day


def header_row(row: Row) -> HeaderRow:
    return HeaderRow(
        child=row.text("CHILD"),
        sex=row.code("SEX"),
        dob=row.date("DOB"),  # type: ignore[arg-type]  # None only alongside an error
        ethnic=row.code("ETHNIC"),
        upn=row.text("UPN").upper(),
        mother=row.code("MOTHER"),
        mc_dob=row.date("MC_DOB"),
        line=row.line,
    )


def episode_row(row: Row) -> EpisodeRow:
    decom, dec = row.date("DECOM"), row.date("DEC")
    episode = EpisodeRow(
        child=row.text("CHILD"),
        decom=decom,  # type: ignore[arg-type]
        rne=row.code("RNE"),
        ls=row.code("LS"),
        cin=row.code("CIN"),
        place=row.code("PLACE"),
        place_provider=row.code("PLACE_PROVIDER"),
        dec=dec,
        rec=row.code("REC"),
        reason_place_change=row.text("REASON_PLACE_CHANGE").upper(),
        home_post=row.text("HOME_POST").upper(),
        pl_post=row.text("PL_POST").upper(),
        urn=row.text("URN").upper(),
        line=row.line,
    )
    if dec and not episode.rec:
        row.error(
            "REC",
            "",
            "required",
            f"Episodes row {row.line}, column REC is empty: an "
            "episode with an end date (DEC) needs the reason it ended",
        )
    if decom and dec and dec < decom:
        row.error(
            "DEC",
            row.cells.get("DEC", ""),
            "episode dates",
            f"Episodes row {row.line}, "
            f"column DEC: the episode ends on {row.cells['DEC']}, before it starts "
            f"({row.cells['DECOM']})",
        )
    return episode


def review_row(row: Row) -> ReviewRow | None:
    """A review row; None for a row with neither date nor code, which the return allows (167)."""
    given, code_given = row.cells.get("REVIEW", ""), row.cells.get("REVIEW_CODE", "")
    if not given and not code_given:
        return None
    if not given or not code_given:  # validator rule 167
        missing = "REVIEW" if not given else "REVIEW_CODE"
        row.error(
            missing,
            "",
            "167",
            f"Reviews row {row.line}, column {missing} is empty: a "
            "review needs both its date and the child's participation code",
        )
    return ReviewRow(
        child=row.text("CHILD"),
        dob=row.date("DOB"),
        review=row.date("REVIEW") if given else None,  # type: ignore[arg-type]
        review_code=row.code("REVIEW_CODE") if code_given else "",
        line=row.line,
    )


def other_row(row: Row) -> OtherRow:
    """A row of a table held as written: dates put in dd/mm/yyyy, codes upper case (but for the
    columns kept exactly as written)."""
    cells = []
    for column in row.table.columns[1:]:
        if column in row.table.dates:
            value = format_date(row.date(column))
        elif column == "SEX":
            value = row.code(column)
        elif column in AS_WRITTEN:
            value = row.text(column)
        else:
            value = row.whole_number(column, row.text(column)).upper()
        cells.append((column, value))
    return OtherRow(row.table.name, row.text("CHILD"), tuple(cells), line=row.line)


READERS: dict[str, Callable[[Row], object]] = {
    "Header": header_row,
    "Episodes": episode_row,
    "Reviews": review_row,
}
