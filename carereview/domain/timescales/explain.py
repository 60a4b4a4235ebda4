"""A schedule as plain data (for JSON, the API and pages), every deadline with its reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from carereview.domain.calendar import WorkingDayCalendar
from carereview.domain.timescales.derived import after_review, before_review
from carereview.domain.timescales.model import Deadline, ReviewDue, ReviewStatus, Schedule
from carereview.domain.timescales.profiles import PolicyProfile


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def describe_deadline(deadline: Deadline, cal: WorkingDayCalendar) -> str:
    """One sentence a practitioner can check: the date, the rule, where it counts from, the law."""
    text = f"{_long(deadline.date)}: {deadline.rule.summary}, counted from {_long(deadline.anchor)}"
    if deadline.earliest:
        text += f"; not before {_long(deadline.earliest)}"
    text += f" ({deadline.rule.citation})."
    reason = cal.why_not_working(deadline.date)
    if reason and not deadline.is_local:
        text += (
            f" {_long(deadline.date)} is not a working day ({reason}); the deadline stays "
            f"where the law puts it; the last working day before it is "
            f"{_long(cal.on_or_before(deadline.date))}."
        )
    return text


def deadline_dict(deadline: Deadline, cal: WorkingDayCalendar) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": _iso(deadline.date),
        "rule": deadline.rule.as_dict(),
        "counted_from": _iso(deadline.anchor),
        "explanation": describe_deadline(deadline, cal),
    }
    if deadline.earliest:
        data["not_before"] = _iso(deadline.earliest)
    if not deadline.is_local and not cal.is_working_day(deadline.date):
        data["last_working_day_before"] = _iso(cal.on_or_before(deadline.date))
    return data


def review_dict(
    review: ReviewDue, cal: WorkingDayCalendar, profile: PolicyProfile, as_of: date
) -> dict[str, Any]:
    statutory = review.statutory
    data: dict[str, Any] = {
        "number": review.number,
        "period": review.period,
        "status": str(review.status),
        "due": _iso(review.due),
        "statutory_due": _iso(review.statutory_due),
        "held": _iso(review.held.date) if review.held else None,
        "on_time": review.on_time,
        "rule": statutory.rule.as_dict(),
        "counted_from": _iso(statutory.anchor),
        "explanation": describe_deadline(statutory, cal),
    }
    if statutory.earliest:
        data["not_before"] = _iso(statutory.earliest)
    if not cal.is_working_day(statutory.date):
        data["last_working_day_before"] = _iso(cal.on_or_before(statutory.date))
    if review.local_target:
        data["local_target"] = deadline_dict(review.local_target, cal)
        if review.held:
            data["met_local_target"] = review.held.date <= review.local_target.date
    disregarded = review.disregarded_local_targets
    if disregarded:
        data["local_targets_later_than_the_law"] = [
            {
                **deadline_dict(c, cal),
                "note": (
                    f"The local target {c.date} falls after the statutory deadline "
                    f"{statutory.date}; the statutory date stands."
                ),
            }
            for c in disregarded
        ]
    others = [
        c
        for c in review.candidates
        if c is not statutory and c is not review.local_target and c not in disregarded
    ]
    if others:
        data["other_deadlines_considered"] = [deadline_dict(c, cal) for c in others]
    if review.considerations:
        data["considerations"] = [rule.as_dict() for rule in review.considerations]
    if review.status is ReviewStatus.OVERDUE:
        data["days_overdue"] = (as_of - review.statutory_due).days
    first = review.number == 1
    if review.held:
        held = review.held
        data["completed"] = _iso(held.completed)
        data["before_review"] = [d.as_dict() for d in before_review(held.date, first, profile, cal)]
        after = after_review(held.date, held.completed, profile, cal)
        data["after_review"] = [d.as_dict() for d in after]
        if held.completed and held.completed > after[0].date:
            data["completed_late"] = True
    elif review.status is not ReviewStatus.MISSED:
        # Not yet arranged: the latest dates, if the review is held on the day it is due.
        data["before_review"] = [
            d.as_dict() for d in before_review(review.due, first, profile, cal)
        ]
    return data


def schedule_dict(
    schedule: Schedule, cal: WorkingDayCalendar, profile: PolicyProfile
) -> dict[str, Any]:
    reviews = [review_dict(r, cal, profile, schedule.as_of) for r in schedule.reviews]
    upcoming = schedule.next_review
    return {
        "as_of": _iso(schedule.as_of),
        "profile": profile.as_dict(),
        "looked_after": schedule.looked_after,
        "next_review_due": _iso(upcoming.due) if upcoming else None,
        "next_review_statutory_due": _iso(upcoming.statutory_due) if upcoming else None,
        "overdue": schedule.overdue,
        "next_review": next(
            (
                r
                for r in reviews
                if upcoming and r["number"] == upcoming.number and r["period"] == upcoming.period
            ),
            None,
        ),
        "reviews": reviews,
        "periods": [
            {
                "number": p.index,
                "start": _iso(p.start),
                "end": _iso(p.end),
                "end_reason": p.end_reason,
                "regime": p.regime,
                "episodes": len(p.episodes),
                "reviews_due": len(p.reviews),
            }
            for p in schedule.periods
        ],
        "final_pathway_plan_due": (
            deadline_dict(schedule.final_pathway_plan_due, cal)
            if schedule.final_pathway_plan_due
            else None
        ),
        "missed_reviews": sum(1 for r in schedule.reviews if r.status is ReviewStatus.MISSED),
        "late_reviews": sum(1 for r in schedule.reviews if r.held and r.on_time is False),
        "warnings": list(schedule.warnings),
    }
