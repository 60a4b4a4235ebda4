"""The year the service counts in: 1 April to 31 March, named by the year it starts (2024 is
2024-25).  It is the reporting year of the indicators and the IRO annual report (seed 001
sections 2 and 17: "measured from 1st April to 31st March each year"), and the Department for
Education's SSDA903 collection year.
"""

from __future__ import annotations

from datetime import date


def reporting_year(year: int) -> tuple[date, date]:
    """The year that starts in `year`: its first and last days."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def year_of(day: date) -> int:
    """The year a day falls in, by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    """2024 -> "2024-25", as the DfE names a collection year."""
    return f"{year}-{(year + 1) % 100:02d}"
