"""Checking a proposed date for the next review against the timescale.

A review date may be moved only in exceptional circumstances and only within the statutory
timescale (seed 000 section 4; seed 001 section 4.2).  A date outside it is refused with the
reason; a date inside it but after the authority's own target is allowed with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carereview.domain.calendar import WorkingDayCalendar
from carereview.domain.timescales.model import Schedule


@dataclass(frozen=True, slots=True)
class Verdict:
    date: date
    accepted: bool
    reason: str
    warnings: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "accepted": self.accepted,
            "reason": self.reason,
            "warnings": list(self.warnings),
        }


def check_proposed_date(schedule: Schedule, proposed: date, cal: WorkingDayCalendar) -> Verdict:
    upcoming = schedule.next_review
    if upcoming is None:
        return Verdict(
            proposed,
            False,
            "No review is due: the child is not looked after on "
            f"{schedule.as_of} (or will be 18 before a review falls due).",
        )
    statutory = upcoming.statutory
    if proposed < schedule.as_of:
        return Verdict(proposed, False, f"{proposed} is in the past (today is {schedule.as_of}).")
    if proposed > statutory.date:
        return Verdict(
            proposed,
            False,
            (
                f"{proposed} is after the statutory deadline {statutory.date} for review "
                f"{upcoming.number} ({statutory.rule.summary}; {statutory.rule.citation}). "
                f"Choose a date on or before {statutory.date}."
            ),
        )
    if statutory.earliest and proposed < statutory.earliest:
        return Verdict(
            proposed,
            False,
            (
                f"{proposed} is before {statutory.earliest}: {statutory.rule.summary} "
                f"({statutory.rule.citation}). Choose a date from {statutory.earliest} "
                f"to {statutory.date}."
            ),
        )
    warnings = []
    if upcoming.local_target and proposed > upcoming.local_target.date:
        warnings.append(
            f"{proposed} is after the authority's target {upcoming.local_target.date} "
            f"({upcoming.local_target.rule.summary})."
        )
    reason = cal.why_not_working(proposed)
    if reason:
        warnings.append(f"{proposed} is not a working day ({reason}).")
    return Verdict(
        proposed,
        True,
        (
            f"{proposed} is within the statutory timescale (review {upcoming.number} is due by "
            f"{statutory.date}: {statutory.rule.summary})."
        ),
        tuple(warnings),
    )
