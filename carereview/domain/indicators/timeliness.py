"""The timeliness indicator: the share of children whose every review in the reporting year was
held on time (seed 001 calls it C68; domain.md, Indicators).

As implemented (docs/indicators.md gives the reasons and the sources):

- A child is counted if at least one of their reviews was held in the year, or fell due in the
  year and had not been held by 31 March (issue 5; domain.md).  A review that fell due before
  1 April and was still not held when the year began, the child still looked after, is counted
  too: it was overdue in the year, and leaving such a child out would reward the worst delays.
- A review is on time when held on or before its statutory deadline (CPPCR 2010 reg 33; AAR 2005
  reg 36; CPPCR 2010 reg 48) as `carereview.domain.timescales` works it out from the child's whole
  history.  So the first review in the year is measured against the child's latest review before
  1 April (seed 001 section 2: "measured against the latest recorded review in the previous year").
- A child fails the year if any of those reviews was held late or not held at all, however
  well the later ones went (seed 001 section 2: "the child concerned will fail the indicator").
- Reviews held, or falling due, while the child was under short breaks (LS V3/V4) are outside it:
  the return holds no reviews for them (`records.ShortBreaks`).
- A review held on a day the child was not looked after has no deadline to be measured against
  (the engine does not count it): it is left out and listed in `left_out`, so it can be put right.
- Local targets (a council's own earlier dates) play no part: the indicator is statutory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from carereview.domain.ages import ADULT, birthday
from carereview.domain.calendar import WorkingDayCalendar, england_calendar
from carereview.domain.indicators.records import (
    ChildRecord,
    ShortBreaks,
    percent,
)
from carereview.domain.timescales import (
    STATUTORY,
    CareHistory,
    Episode,
    HeldReview,
    ReviewDue,
    ReviewStatus,
    schedule,
)
from carereview.domain.timescales.model import PeriodOfCare
from carereview.domain.years import reporting_year

SHORT_BREAKS = "short breaks"
NOT_LOOKED_AFTER = "not looked after"


@dataclass(frozen=True, slots=True)
class ReviewTimeliness:
    """One review counted in the year: its statutory deadline, when it was held (None: not
    held by the end of the year), whether it was on time and by how many days it was late."""

    deadline: date
    held: date | None
    on_time: bool
    days_late: int | None  # 0 when on time; None when not held
    measured_from: date  # the previous review, or the start of care, the deadline runs from
    rule: str  # the rule that set the deadline, in plain words
    citation: str
    number: int  # the review's number within its period of care


@dataclass(frozen=True, slots=True)
class ChildTimeliness:
    """A child counted in the year, with the reviews counted for them in date order."""

    reference: str
    pk: int | None
    on_time: bool  # every review counted was held on time
    reviews: tuple[ReviewTimeliness, ...]

    @property
    def held(self) -> tuple[ReviewTimeliness, ...]:
        return tuple(r for r in self.reviews if r.held is not None)

    @property
    def late(self) -> tuple[ReviewTimeliness, ...]:
        return tuple(r for r in self.reviews if r.held is not None and not r.on_time)

    @property
    def not_held(self) -> tuple[ReviewTimeliness, ...]:
        return tuple(r for r in self.reviews if r.held is None)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A review held in the year that an indicator does not count, and why."""

    reference: str
    pk: int | None
    date: date
    reason: str  # SHORT_BREAKS or NOT_LOOKED_AFTER


#: The figures a page may link to the children behind.
FIGURES = (
    "children",
    "children_all_on_time",
    "children_late",
    "reviews",
    "reviews_on_time",
    "reviews_late",
    "not_held",
)


@dataclass(frozen=True)
class Timeliness:
    year: int
    start: date  # 1 April
    end: date  # 31 March
    measured_to: date  # the end of the year, or an earlier day for a year not yet over
    children: int
    children_all_on_time: int
    percent: float | None  # children_all_on_time / children, one decimal
    reviews: int  # reviews held in the year
    reviews_on_time: int
    reviews_late: int
    not_held: int  # reviews that fell due and were not held
    lines: tuple[ChildTimeliness, ...]  # every child counted, by reference
    left_out: tuple[LeftOut, ...]

    def behind(self, figure: str) -> tuple[ChildTimeliness, ...]:
        """The children behind one of FIGURES."""
        test = {
            "children": lambda c: True,
            "children_all_on_time": lambda c: c.on_time,
            "children_late": lambda c: not c.on_time,
            "reviews": lambda c: bool(c.held),
            "reviews_on_time": lambda c: any(r.on_time for r in c.held),
            "reviews_late": lambda c: bool(c.late),
            "not_held": lambda c: bool(c.not_held),
        }[figure]
        return tuple(line for line in self.lines if test(line))


def timeliness(
    children: Iterable[ChildRecord],
    year: int,
    calendar: WorkingDayCalendar | None = None,
    *,
    as_of: date | None = None,
) -> Timeliness:
    """The indicator for the reporting year starting 1 April `year`.  `as_of` (for a year not yet
    over) measures to that day: a review not yet held then counts as not held only once its
    deadline has passed."""
    cal = calendar or england_calendar()
    start, end = reporting_year(year)
    measured_to = end if as_of is None else min(as_of, end)
    lines: list[ChildTimeliness] = []
    left_out: list[LeftOut] = []
    # A year not yet begun on `as_of` has nothing to count (an overdue review then is not
    # one of that year's).
    for child in children if measured_to >= start else ():
        line = _child(child, start, end, measured_to, cal, left_out)
        if line is not None:
            lines.append(line)
    lines.sort(key=lambda line: line.reference)
    left_out.sort(key=lambda item: (item.reference, item.date))
    held = [r for line in lines for r in line.held]
    on_time = sum(1 for r in held if r.on_time)
    all_on_time = sum(1 for line in lines if line.on_time)
    return Timeliness(
        year=year,
        start=start,
        end=end,
        measured_to=measured_to,
        children=len(lines),
        children_all_on_time=all_on_time,
        percent=percent(all_on_time, len(lines)),
        reviews=len(held),
        reviews_on_time=on_time,
        reviews_late=len(held) - on_time,
        not_held=sum(len(line.not_held) for line in lines),
        lines=tuple(lines),
        left_out=tuple(left_out),
    )


def known_on(episodes: tuple[Episode, ...], day: date) -> tuple[Episode, ...]:
    """The episodes as they stood at the end of `day`: later ones left out, and one that ended
    after it still open."""
    kept = []
    for episode in sorted(episodes, key=lambda e: e.decom):
        if episode.decom > day:
            continue
        if episode.dec is not None and episode.dec > day:
            episode = dataclasses.replace(episode, dec=None, rec=None)
        kept.append(episode)
    return tuple(kept)


def _child(
    child: ChildRecord,
    start: date,
    end: date,
    measured_to: date,
    cal: WorkingDayCalendar,
    left_out: list[LeftOut],
) -> ChildTimeliness | None:
    episodes = known_on(child.episodes, measured_to)
    held_days = sorted({r.date for r in child.reviews if r.date <= measured_to})
    in_year = [day for day in held_days if day >= start]
    if not episodes:
        left_out.extend(LeftOut(child.reference, child.pk, d, NOT_LOOKED_AFTER) for d in in_year)
        return None
    history = CareHistory(episodes, tuple(HeldReview(day) for day in held_days), child.dob)
    # Only the reviews held up to the end of the year are known: the engine's statuses are those
    # of 31 March (or `measured_to`).
    plan = schedule(history, measured_to, STATUTORY, cal)
    breaks = ShortBreaks(episodes)
    adulthood = birthday(child.dob, ADULT)
    counted: list[ReviewTimeliness] = []
    timed: set[date] = set()
    for period in plan.periods:
        for due in period.reviews:
            if due.held is not None:
                timed.add(due.held.date)
                day = due.held.date
                if not start <= day <= measured_to:
                    continue
                if breaks.on(day):
                    left_out.append(LeftOut(child.reference, child.pk, day, SHORT_BREAKS))
                    continue
                counted.append(_line(due))
            elif _not_held_in_year(
                due, period, start, end, measured_to, adulthood
            ) and not breaks.on(due.statutory.date):
                counted.append(_line(due))
    for day in in_year:
        if day not in timed:
            # Held while the child was not looked after (engine warning): no deadline to meet.
            left_out.append(LeftOut(child.reference, child.pk, day, NOT_LOOKED_AFTER))
    if not counted:
        return None
    counted.sort(key=lambda r: (r.held or r.deadline, r.deadline))
    return ChildTimeliness(
        child.reference, child.pk, all(r.on_time for r in counted), tuple(counted)
    )


def _not_held_in_year(
    due: ReviewDue,
    period: PeriodOfCare,
    start: date,
    end: date,
    measured_to: date,
    adulthood: date,
) -> bool:
    """Whether a review never held counts against the year."""
    deadline = due.statutory.date
    if due.status is ReviewStatus.UPCOMING:
        # Its deadline has not passed on `measured_to`; at the end of the year a deadline of
        # 31 March itself, not met that day, has passed.
        return measured_to == end and deadline == end
    if due.status is ReviewStatus.OVERDUE:
        # Still outstanding at the end of the year, the child still looked after: whether it fell
        # due in the year or before it, the year had a review not held.
        return True
    if due.status is ReviewStatus.MISSED:
        # The period of care (or childhood) ended with it not held.  It counts if it fell due in
        # the year, or fell due earlier and the child was still looked after on 1 April.
        stops = [d for d in (period.end, adulthood) if d is not None]
        stopped = min(stops) if stops else measured_to
        return deadline >= start or stopped > start
    return False


def _line(due: ReviewDue) -> ReviewTimeliness:
    deadline = due.statutory
    held = due.held.date if due.held is not None else None
    on_time = bool(due.on_time) if held is not None else False
    late_by = None if held is None else max((held - deadline.date).days, 0)
    return ReviewTimeliness(
        deadline=deadline.date,
        held=held,
        on_time=on_time,
        days_late=late_by,
        measured_from=deadline.anchor,
        rule=deadline.rule.summary,
        citation=deadline.rule.citation,
        number=due.number,
    )
