"""The records the timescale engine reads and writes: small, immutable, framework-free."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from carereview.domain.timescales.rules import Authority, Rule

# -- input: a child's care history in SSDA903 terms ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Episode:
    """A stretch of care with one legal status and one placement (SSDA903 Episodes table)."""

    decom: date
    rne: str
    ls: str
    place: str
    dec: date | None = None
    rec: str | None = None


@dataclass(frozen=True, slots=True)
class HeldReview:
    """A review that took place.  `date` is the first meeting, the date the review is recorded
    under (IRO Handbook 3.24); `completed` is the last meeting when the review was adjourned or
    held over several meetings."""

    date: date
    completed: date | None = None


@dataclass(frozen=True, slots=True)
class EarlyReviewEvent:
    """Something that requires a review sooner than the timetable would (CPPCR 2010 reg 33(3),
    IRO Handbook 3.74-3.77).  `date` is when it happened or, for a planned change, when the change
    is due to happen; `review_by` the date the review must be held by, where someone set one."""

    kind: str
    date: date
    review_by: date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class CareHistory:
    episodes: tuple[Episode, ...]
    reviews: tuple[HeldReview, ...] = ()
    dob: date | None = None
    events: tuple[EarlyReviewEvent, ...] = ()


# -- output ------------------------------------------------------------------------------------


class Deadline(NamedTuple):
    """A date by which a review must be held, the rule that sets it and the date it counts from.
    A deadline with `earliest` is a window: a review before that date does not meet it.

    (A named tuple rather than a frozen dataclass: the engine makes hundreds of thousands of these
    when it schedules a whole population, and tuples are several times quicker to build.)"""

    date: date
    rule: Rule
    anchor: date
    earliest: date | None = None

    @property
    def is_local(self) -> bool:
        return self.rule.authority is Authority.LOCAL


class ReviewStatus(StrEnum):
    HELD = "held"  # took place
    UPCOMING = "upcoming"  # next review, deadline not yet passed
    OVERDUE = "overdue"  # next review, deadline passed, child still looked after
    MISSED = "missed"  # fell due while looked after, never held, period now over


@dataclass(slots=True)
class ReviewDue:
    """One review in a child's timetable: when it was due, why, and what happened."""

    number: int  # within its period of care (or series of short breaks)
    period: int  # index of that period in the schedule, from 1
    statutory: Deadline  # the earliest legal deadline: `on_time` is judged against it
    candidates: tuple[Deadline, ...]  # every deadline that applied, statutory and local
    local_target: Deadline | None = None  # a local target earlier than the law, if any
    held: HeldReview | None = None
    status: ReviewStatus = ReviewStatus.UPCOMING
    considerations: tuple[Rule, ...] = ()

    @property
    def statutory_due(self) -> date:
        return self.statutory.date

    @property
    def due(self) -> date:
        """The date the authority works to: its local target where that is earlier."""
        return self.local_target.date if self.local_target else self.statutory.date

    @property
    def on_time(self) -> bool | None:
        if self.held is None:
            return False if self.status is ReviewStatus.MISSED else None
        window_opens = self.statutory.earliest
        if window_opens is not None and self.held.date < window_opens:
            return False
        return self.held.date <= self.statutory.date

    @property
    def disregarded_local_targets(self) -> tuple[Deadline, ...]:
        """Local targets that fall after the statutory date: the law's date stands."""
        return tuple(c for c in self.candidates if c.is_local and c.date > self.statutory.date)


@dataclass(slots=True)
class PeriodOfCare:
    """A period of care (or a series of short breaks, which shares one timetable)."""

    index: int
    start: date
    end: date | None  # None while still looked after
    end_reason: str | None
    regime: str  # "standard" or "short_breaks"
    episodes: tuple[Episode, ...]
    reviews: list[ReviewDue] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.end is None


@dataclass(slots=True)
class Schedule:
    as_of: date
    profile_name: str
    periods: list[PeriodOfCare]
    warnings: list[str]
    next_review: ReviewDue | None
    final_pathway_plan_due: Deadline | None = None

    @property
    def reviews(self) -> list[ReviewDue]:
        return [review for period in self.periods for review in period.reviews]

    @property
    def overdue(self) -> bool:
        return self.next_review is not None and self.next_review.status is ReviewStatus.OVERDUE

    @property
    def looked_after(self) -> bool:
        return bool(self.periods) and self.periods[-1].open
