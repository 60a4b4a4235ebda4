"""Was a review held after its statutory deadline, and why.

The IRO manager's annual report gives "the number of reviews that are held on time, the number
that are held out of time and the reasons for the ones that are out of time" (IRO Handbook
7.11), so the reason is asked for when a late review is recorded as held, and can be put right
afterwards on the review's page.  Whether a review was late is the timescale engine's answer
(`ReviewDue.on_time`: held on or before its statutory deadline), never worked out here again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.domain.timescales import HeldReview, schedule
from carereview.domain.timescales.model import ReviewDue
from carereview.records.models import Child
from carereview.records.services import care_history
from carereview.reviews.models import DelayReason, Review


def due_for_held(child: Child, held_on: date) -> ReviewDue | None:
    """The child's timetabled review that a review first meeting on `held_on` counts as, with
    that review in the history (so recording one now, or looking at one held before, gives the
    same answer).  None when no timetabled review matches (the child was not looked after)."""
    history = care_history(child)
    if not history.episodes:
        return None
    if all(r.date != held_on for r in history.reviews):
        reviews = sorted((*history.reviews, HeldReview(held_on)), key=lambda r: r.date)
        history = replace(history, reviews=tuple(reviews))
    found = schedule(history, clock.today(), current_profile(), working_calendar())
    return next((r for r in found.reviews if r.held and r.held.date == held_on), None)


def late_by(due: ReviewDue | None) -> ReviewDue | None:
    """`due` when that review was held late (after its statutory deadline, or before a
    window opened), else None."""
    return due if due is not None and due.held is not None and due.on_time is False else None


def lateness_message(due: ReviewDue) -> str:
    held = due.held.date if due.held else None
    if held is not None and held > due.statutory_due:
        days = (held - due.statutory_due).days
        when = f"{days} day{'' if days == 1 else 's'} after its deadline of {due.statutory_due:%-d %B %Y}"
    else:
        when = f"outside its window ({due.statutory.rule.summary.lower()})"
    return f"Review {due.number} was held {when}"


def check_reason(due: ReviewDue | None, reason: str, details: str) -> tuple[str, str]:
    """The reason to keep for a review: required (with a clear message) when it was late,
    nothing kept when it was on time."""
    late = late_by(due)
    if late is None:
        return "", ""
    if reason not in DelayReason.values:
        raise ValidationError({"late_reason": f"{lateness_message(late)}: choose why it was late"})
    if reason == DelayReason.OTHER and not details.strip():
        raise ValidationError({"late_reason_details": "Say what the other reason was"})
    return reason, details.strip()


@transaction.atomic
def set_late_reason(
    review: Review, reason: str, details: str, by: Any, request: Any = None
) -> Review:
    """Record, or correct, why a review held after its deadline was late."""
    review = Review.objects.select_for_update().select_related("child").get(pk=review.pk)
    if review.held_on is None:
        raise ValidationError("Record the review as held first")
    due = due_for_held(review.child, review.held_on)
    if late_by(due) is None:
        raise ValidationError("This review was held on time: there is no lateness to explain")
    reason, details = check_reason(due, reason, details)
    before = [review.late_reason, review.late_reason_details]
    review.late_reason, review.late_reason_details = reason, details
    review.version += 1
    review.save(update_fields=["late_reason", "late_reason_details", "version", "updated"])
    record(
        Action.CHANGE,
        f"Reason for lateness recorded for {review}",
        request=request,
        user=by,
        obj=review,
        child_id=review.child_id,
        changes={"late_reason": [before[0], reason], "late_reason_details": [before[1], details]},
    )
    return review
