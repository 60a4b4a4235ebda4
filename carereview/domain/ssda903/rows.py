"""The rows of the SSDA903 tables carereview loads, read into plain typed records.

Codes are held upper case (a return may carry them in any letter case); an empty cell is `None`
for dates and `""` for text.  Reading and checking the files is `reader` and `checks`; these are
what both the import (carereview.interchange) and the indicators read straight from files
(carereview.domain.indicators) work from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """Header: one row per child (CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB)."""

    child: str
    sex: str  # 1/2 up to 2023-24; M/F/U from 2024-25
    dob: date
    ethnic: str
    upn: str = ""
    mother: str = ""  # "1", "0" or ""
    mc_dob: date | None = None
    line: int = field(default=0, compare=False)  # its line in the file (header row = 1)


@dataclass(frozen=True, slots=True)
class EpisodeRow:
    """Episodes: a stretch of care with one legal status and one placement."""

    child: str
    decom: date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str = ""
    dec: date | None = None
    rec: str = ""
    reason_place_change: str = ""
    home_post: str = ""
    pl_post: str = ""
    urn: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """Reviews: one row per review held, dated by its first meeting, with the participation code."""

    child: str
    dob: date | None
    review: date
    review_code: str  # PN0-PN7
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class OtherRow:
    """A row of one of the other tables (UASC, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing,
    SWEpisodes, DoLo), kept as the cells it had, column name -> text as written.  `year` is the
    collection year (by the year it starts) of the return a row of a table with one row per
    child came from (UASC, OC2, OC3, PrevPerm; `tables.PER_CHILD`); None when not known."""

    table: str
    child: str
    cells: tuple[tuple[str, str], ...] = field(default=())
    line: int = field(default=0, compare=False)
    year: int | None = None

    def cell(self, column: str) -> str:
        """The text in `column` ("" when the row has no such cell)."""
        for name, value in self.cells:
            if name == column:
                return value
        return ""
