"""What every report shares: the period, the children it covers, the figures behind each number,
and its tables (shown on the page, downloaded as CSV, and reused by the annual report).

The reporting year runs from 1 April to 31 March, as the indicators and the SSDA903 return do
(seed 001 section 17).  A report covers the children the person may see
(`staff.access.visible_children`), narrowed by team (the child's social worker's team) and IRO.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from markupsafe import Markup

from carereview.core.spreadsheet import safe_cell
from carereview.domain.years import reporting_year, year_label, year_of
from carereview.records.models import Child
from carereview.staff.access import visible_children
from carereview.staff.models import Allocation, Team, User


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def indicator_year(period_start: date, period_end: date) -> tuple[int, date, date, str]:
    """The reporting year an indicator report covers: the one the period starts in (the
    indicators are defined over 1 April to 31 March), with a note when that is not the period
    asked for."""
    year = year_of(period_start)
    start, end = reporting_year(year)
    note = ""
    if (period_start, period_end) != (start, end):
        note = (
            "These figures are counted over a reporting year, as the indicator is defined: "
            f"{year_label(year)}, the year {long_date(period_start)} falls in."
        )
    return year, start, end, note


def month_ends(start: date, end: date) -> list[date]:
    """The last day of each month from `start` to `end`, inclusive of a month ending on `end`."""
    found = []
    year, month = start.year, start.month
    while True:
        following = date(year + month // 12, month % 12 + 1, 1)
        last = following - timedelta(days=1)
        if last > end:
            return found
        found.append(last)
        year, month = following.year, following.month


@dataclass(frozen=True)
class Figure:
    """A number in a report and the children behind it (shown when someone follows it)."""

    label: str
    children: tuple[int, ...]


@dataclass
class ReportData:
    """What every report's figures carry: its filters, and the children behind each figure."""

    period_start: date
    period_end: date
    iro: User | None
    team: Team | None
    figures: dict[str, Figure] = field(default_factory=dict)
    note: str = ""  # anything the reader must know about these figures (shown on the page)

    def figure(self, key: str, label: str, children: Sequence[int]) -> str:
        """Keep the children behind a figure; returns the key to link it by."""
        self.figures[key] = Figure(label, tuple(sorted(set(children))))
        return key

    @property
    def period_label(self) -> str:
        return f"{long_date(self.period_start)} to {long_date(self.period_end)}"


def children_in_scope(
    period_start: date,
    period_end: date,
    iro: User | None = None,
    team: Team | None = None,
    user: Any = None,
) -> QuerySet[Child]:
    """The children a report counts.  `user` None is the whole service (for commands run by
    the service's operator, e.g. the annual report); a person sees only the children they may.
    With an IRO: the children that IRO was named for at any time in the period.
    With a team: the children whose social worker is in that team today."""
    children = visible_children(user) if user is not None else Child.objects.all()
    if team is not None:
        children = children.filter(social_worker__team=team)
    if iro is not None:
        named = Allocation.objects.filter(iro=iro, started_on__lte=period_end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=period_start)
        )
        children = children.filter(pk__in=named.values("child_id"))
    return children


# -- tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One value in a table; `figure` names the children behind it (a link on the page);
    `text` is how it reads on the page when that differs from the CSV's value (e.g. 45%)."""

    value: Any
    figure: str | None = None
    text: str | None = None

    @property
    def shown(self) -> str:
        if self.text is not None:
            return self.text
        if isinstance(self.value, float):
            return f"{self.value:,.1f}"
        if isinstance(self.value, int):
            return f"{self.value:,}"
        if isinstance(self.value, date):
            return long_date(self.value)
        return "" if self.value is None else str(self.value)

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)


def cell(value: Any, figure: str | None = None, text: str | None = None) -> Cell:
    return value if isinstance(value, Cell) else Cell(value, figure, text)


@dataclass
class Table:
    key: str  # names the CSV file
    caption: str
    columns: Sequence[str]
    rows: list[list[Cell]]
    #: The children a table names, row by row (its page, list or CSV file is audited as
    #: showing them); empty for a table of counts.
    names: tuple[int, ...] = ()

    @classmethod
    def of(
        cls, key: str, caption: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> Table:
        return cls(key, caption, list(columns), [[cell(v) for v in row] for row in rows])

    def numeric_columns(self) -> set[int]:
        return {
            i
            for i in range(len(self.columns))
            if self.rows and all(r[i].numeric or r[i].value is None for r in self.rows)
        }

    def as_csv(self) -> str:
        """The table as CSV: the same columns and figures (dates as YYYY-MM-DD)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(_csv_value(c.value) for c in row)
        return out.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return safe_cell(value)


@dataclass
class Section:
    """A heading, a sentence on what is counted, a chart (or none) and its table."""

    heading: str
    intro: str
    chart: Markup | None
    table: Table
