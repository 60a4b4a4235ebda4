"""Collection years: 1 April to 31 March, named by the year they start (2024 = 2024-25).

A return's files do not say which year they are for.  The tables with one row per child (UASC,
OC2, OC3, PrevPerm) are held per child and year, so that a newer year's row does not overwrite
an older one and each year's export gives back its own; the import is told the year, or works
it out here from the return's own dates.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from carereview.domain.ssda903.cells import parse_date
from carereview.domain.ssda903.tables import SPANS
from carereview.domain.years import reporting_year as collection_year
from carereview.domain.years import year_label as label
from carereview.domain.years import year_of

__all__ = [
    "FIRST_COLLECTION_YEAR",
    "LAST_COLLECTION_YEAR",
    "collection_year",
    "infer_year",
    "valid_year",
    "year_label",
    "year_of",
]

if TYPE_CHECKING:
    from carereview.domain.ssda903.reader import ReturnRead

#: The collection years an import or export may name.
FIRST_COLLECTION_YEAR, LAST_COLLECTION_YEAR = 2000, 2100


def year_label(year: int | None) -> str:
    """A year's name, or "everything held" for an export of every year."""
    return "everything held" if year is None else label(year)


def valid_year(year: int) -> bool:
    return FIRST_COLLECTION_YEAR <= year <= LAST_COLLECTION_YEAR


def infer_year(read: ReturnRead, today: date) -> int:
    """The year a return is for: the collection year of the latest date it speaks of (episodes
    starting and ending, reviews, the other tables' stretches of time), leaving out dates after
    the day of the import.  A return is sent once its year has ended, so a return with no such
    date is taken as the latest year ended by today."""
    days: list[date] = []
    for episode in read.episodes:
        days.append(episode.decom)
        if episode.dec is not None:
            days.append(episode.dec)
    days += [review.review for review in read.reviews]
    for row in read.others:
        for column in SPANS.get(row.table, ()):
            day = parse_date(row.cell(column))
            if day is not None:
                days.append(day)
    known = [day for day in days if day <= today]
    return year_of(max(known)) if known else year_of(today) - 1
