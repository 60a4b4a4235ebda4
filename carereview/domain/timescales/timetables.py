"""The recurring timetables a review can run on, and calendar-month arithmetic.

Each timetable gives the deadline of the first, the second and every later review, counted from
its start or from the review held before (CPPCR 2010 reg 33, 48; AAR 2005 reg 36).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from carereview.domain.calendar import WorkingDayCalendar
from carereview.domain.timescales.model import Deadline
from carereview.domain.timescales.profiles import PolicyProfile
from carereview.domain.timescales.rules import RULES, Authority, Rule


@lru_cache(maxsize=65536)
def add_months(day: date, months: int) -> date:
    """Calendar months, Dodds v Walker [1981]: the same-numbered day of the later month, or its
    last day when it has none (31 January + 1 month = 28/29 February)."""
    return day + relativedelta(months=months)


# -- the timetables --------------------------------------------------------------------------------

WORKING_DAYS, MONTHS, DAYS = "working days", "months", "days"
#: Each timetable: (rule, unit, amount) for the first, the second and every later review.
TIMETABLES: dict[str, tuple[tuple[str, str, int], ...]] = {
    # CPPCR 2010 reg 33(1), (2)
    "standard": (
        ("first_review", WORKING_DAYS, 20),
        ("second_review", MONTHS, 3),
        ("subsequent_review", MONTHS, 6),
    ),
    # CPPCR 2010 reg 48
    "short_breaks": (
        ("short_break_first", MONTHS, 3),
        ("short_break_subsequent", MONTHS, 6),
        ("short_break_subsequent", MONTHS, 6),
    ),
    # AAR 2005 reg 36(1), not yet placed
    "adoption_authorised": (
        ("adoption_authorised_first", MONTHS, 3),
        ("adoption_authorised_subsequent", MONTHS, 6),
        ("adoption_authorised_subsequent", MONTHS, 6),
    ),
    # AAR 2005 reg 36(1), placed: 4 weeks, then 3 months, then 6 months
    "adoption_placed": (
        ("adoption_placed_first", DAYS, 28),
        ("adoption_placed_second", MONTHS, 3),
        ("adoption_placed_subsequent", MONTHS, 6),
    ),
}


@lru_cache(maxsize=256)
def local_rule(base_id: str, summary: str, profile_name: str) -> Rule:
    base = RULES[base_id]
    return Rule(base.id, f"{summary} (profile {profile_name})", base.citation, Authority.LOCAL)


class Timetable:
    __slots__ = ("count", "kind", "last", "start")

    def __init__(self, kind: str, start: date) -> None:
        self.kind = kind
        self.start = start
        self.count = 0
        self.last: date | None = None

    def deadlines(
        self, cal: WorkingDayCalendar, profile: PolicyProfile
    ) -> tuple[Deadline, Deadline | None]:
        steps = TIMETABLES[self.kind]
        rule_id, unit, amount = steps[min(self.count, 2)]
        anchor = self.start if self.last is None else self.last
        if unit == WORKING_DAYS:
            due = cal.add(anchor, amount)
        elif unit == MONTHS:
            due = add_months(anchor, amount)
        else:
            due = anchor + timedelta(days=amount)
        statutory = Deadline(due, RULES[rule_id], anchor)
        return statutory, self._local(profile, unit, amount, anchor, cal)

    def _local(
        self, profile: PolicyProfile, unit: str, amount: int, anchor: date, cal: WorkingDayCalendar
    ) -> Deadline | None:
        if unit == MONTHS:
            days = profile.three_months_as_days if amount == 3 else profile.six_months_as_days
            if days is None:
                return None
            rule_id = "local_second_review" if amount == 3 else "local_subsequent_review"
            summary = f"{days} days after the previous review"
            if self.count == 0:
                summary = f"{days} days after {self.start}"
            return Deadline(
                anchor + timedelta(days=days), local_rule(rule_id, summary, profile.name), anchor
            )
        if self.kind == "standard" and self.count == 0 and profile.first_review_working_days:
            n = profile.first_review_working_days
            return Deadline(
                cal.add(anchor, n),
                local_rule(
                    "local_first_review", f"first review within {n} working days", profile.name
                ),
                anchor,
            )
        return None
