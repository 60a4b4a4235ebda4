"""The official review indicators (timeliness, seed 001's C68; participation, C69) for a
reporting year, from the records or straight from an SSDA903 return's files.

Both roads lead to the same pure code (`carereview.domain.indicators`) over the same plain
records, with the authority's working-day calendar, so a return gives the same figures read from
its files as after it is imported.  Definitions and the choices made: docs/indicators.md.

For a year not yet over the figures run to today: a review not yet held counts as not held only
once its deadline has passed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.domain.calendar import WorkingDayCalendar
from carereview.domain.indicators import (
    ChildRecord,
    Participation,
    ReviewRecord,
    Timeliness,
    as_json,
    participation,
    records_from_return,
    reporting_year,
    summary,
    timeliness,
    year_label,
)
from carereview.domain.ssda903.problems import Problem
from carereview.domain.ssda903.reader import ReturnRead, read_return
from carereview.domain.timescales import Episode
from carereview.records.models import Child
from carereview.records.models import Episode as EpisodeRow
from carereview.reviews.models import Review


@dataclass(frozen=True)
class YearIndicators:
    """Both indicators for one reporting year.  `timeliness.lines` and `participation.lines` are
    the children behind the figures (`.behind(figure)` picks those behind one figure)."""

    year: int
    timeliness: Timeliness
    participation: Participation

    @property
    def label(self) -> str:
        return year_label(self.year)

    def as_json(self) -> dict[str, Any]:
        return as_json(self.timeliness, self.participation)

    def summary(self) -> list[str]:
        return summary(self.timeliness, self.participation)


def measured_to(year: int) -> date:
    """31 March, or today while the year is still running."""
    return min(reporting_year(year)[1], clock.today())


def compute(
    records: list[ChildRecord], year: int, calendar: WorkingDayCalendar | None = None
) -> YearIndicators:
    cal = calendar or working_calendar()
    as_of = measured_to(year)
    return YearIndicators(
        year,
        timeliness(records, year, cal, as_of=as_of),
        participation(records, year, as_of=as_of),
    )


# -- from the records --------------------------------------------------------------------------


def child_records(children: QuerySet[Child] | None = None, *, until: date) -> list[ChildRecord]:
    """The children's episodes and held reviews up to `until`, as the indicators' records, in
    three queries however many children there are (the chosen children go into each query as a
    subquery, so no list of ids can outgrow a database's limit)."""
    people = Child.objects.order_by()
    episodes = EpisodeRow.objects.order_by().filter(decom__lte=until)
    reviews = Review.objects.order_by().filter(held_on__isnull=False, held_on__lte=until)
    if children is not None:
        chosen = children.order_by().values("pk")
        people = people.filter(pk__in=chosen)
        episodes = episodes.filter(child_id__in=chosen)
        reviews = reviews.filter(child_id__in=chosen)
    held_episodes: dict[int, list[Episode]] = defaultdict(list)
    for child_id, decom, rne, ls, place, dec, rec in episodes.values_list(
        "child_id", "decom", "rne", "ls", "place", "dec", "rec"
    ):
        # A reason for ending counts only with an end date (as records.services.care_history).
        held_episodes[child_id].append(
            Episode(decom, rne, ls, place, dec, (rec or None) if dec else None)
        )
    held_reviews: dict[int, list[ReviewRecord]] = defaultdict(list)
    for child_id, held_on, code in reviews.values_list("child_id", "held_on", "participation"):
        held_reviews[child_id].append(ReviewRecord(held_on, code))
    return [
        ChildRecord(
            reference=reference,
            dob=dob,
            episodes=tuple(sorted(held_episodes.get(pk, []), key=lambda e: e.decom)),
            reviews=tuple(sorted(held_reviews.get(pk, []), key=lambda r: r.date)),
            pk=pk,
        )
        for pk, reference, dob in people.values_list("pk", "reference", "date_of_birth")
    ]


def indicators_for_year(
    year: int,
    children: QuerySet[Child] | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> YearIndicators:
    """The indicators for the reporting year starting 1 April `year`, over `children` (every
    child held when None; a page passes the children its user may see).  Four queries: the
    authority's closure days, children, episodes, reviews."""
    cal = calendar or working_calendar()
    return compute(child_records(children, until=measured_to(year)), year, cal)


# -- from an SSDA903 return's files ------------------------------------------------------------


class ReturnRefused(Exception):
    """The files cannot be read as a return: every error found, as the import would list it."""

    def __init__(self, errors: list[Problem]) -> None:
        super().__init__(f"{len(errors)} errors in the files")
        self.errors = errors


@dataclass(frozen=True)
class FromFiles:
    indicators: YearIndicators
    read: ReturnRead  # the rows and the warnings (inconsistencies the import would list)
    latest: date | None  # the latest date the files speak of


def read_files(files: Mapping[str, bytes]) -> ReturnRead:
    """The return as the import would load it today (reviews dated after today left out)."""
    read = read_return(files, today=clock.today())
    if not read.ok:
        raise ReturnRefused(read.errors)
    return read


def indicators_from_files(
    files: Mapping[str, bytes], year: int, calendar: WorkingDayCalendar | None = None
) -> FromFiles:
    """The indicators straight from a return's files, the whole history in them setting the
    deadlines and `year` reported.  Raises ReturnRefused when the files have errors."""
    read = read_files(files)
    dates = [d for e in read.episodes for d in (e.decom, e.dec) if d is not None]
    dates += [r.review for r in read.reviews]
    found = compute(records_from_return(read), year, calendar)
    return FromFiles(found, read, max(dates, default=None))
