"""Use cases for reviews: arranging the next review within the timescale, and recording that a
review was held."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.domain.ssda903.codes import PARTICIPATION
from carereview.domain.timescales.proposal import check_proposed_date
from carereview.domain.timescales.timetables import add_months
from carereview.records.models import Child
from carereview.records.services import child_schedule
from carereview.reviews import calendar, lateness
from carereview.reviews.models import DelayReason, Postponement, Review


def planned_review(child: Child, lock: bool = False) -> Review | None:
    """The review still to be held; `lock` holds its row to the end of the transaction."""
    found = Review.objects.filter(child=child, held_on__isnull=True, cancelled_because="")
    if lock:
        found = found.select_for_update()
    return found.order_by("pk").first()


def check_without_meeting(child: Child, day: date) -> None:
    """Reviews without a meeting: only for a designated long-term foster placement of over a
    year, and with a meeting at least once a year (seed 000 section 10; Volume 2 para 4.17)."""
    designated = child.long_term_foster_designated_on
    if designated is None or add_months(designated, 12) > day:
        raise ValidationError(
            {
                "without_meeting": (
                    "A review without a meeting is only for a child in a designated long-term foster "
                    "placement for over a year"
                )
            }
        )
    year_ago = add_months(day, -12)
    met = Review.objects.filter(child=child, held_on__gte=year_ago, without_meeting=False)
    if not met.exists():
        raise ValidationError(
            {
                "without_meeting": (
                    f"There has been no review with a meeting since {year_ago:%-d %B %Y}: a meeting "
                    "is needed at least once a year"
                )
            }
        )


def _postponed_from(review: Review, when: datetime) -> date | None:
    """The review's date before the move, when the move puts it on a later day."""
    if review.pk is None or review.scheduled_for is None or review.held_on is not None:
        return None
    was = timezone.localtime(review.scheduled_for).date()
    return was if timezone.localtime(when).date() > was else None


def _check_postponement(was: date, when: datetime, reason: str, details: str) -> None:
    """Seed 001 section 17: a review date is changed only in exceptional circumstances."""
    if reason not in DelayReason.values:
        raise ValidationError(
            {
                "postponed_because": (
                    f"The review is moving from {was:%-d %B %Y} to a later date, "
                    f"{timezone.localtime(when):%-d %B %Y}: choose why it is postponed"
                )
            }
        )
    if reason == DelayReason.OTHER and not details.strip():
        raise ValidationError({"postponed_details": "Say what the other reason is"})


@transaction.atomic
def schedule_next_review(
    child: Child,
    when: datetime,
    venue: str,
    by: Any,
    school_hours_reason: str = "",
    brought_forward: str = "",
    brought_forward_details: str = "",
    request: Any = None,
    without_meeting: bool = False,
    siblings: Iterable[Child] = (),
    postponed_because: str = "",
    postponed_details: str = "",
) -> Review:
    """Set (or move) the next review.  Refused, with the reason, when the date falls outside
    the statutory timescale (seed 000 section 4, seed 001 section 4.2).  Moving the date later
    is a postponement: it needs a reason and is kept (seed 001 section 17), so the IRO manager
    can see children whose reviews are put back more than once a year.  Brothers and sisters
    may be reviewed in the same meeting: each keeps their own timetable and record."""
    today = clock.today()
    schedule = child_schedule(child, today)
    if schedule is None:
        raise ValidationError({"date": "The child has no care history: record it first."})
    verdict = check_proposed_date(schedule, when.date(), working_calendar())
    if not verdict.accepted:
        raise ValidationError({"date": verdict.reason})
    if without_meeting:
        check_without_meeting(child, when.date())
    # Locked: two people moving the meeting at once make two updates, one after the other, each
    # with its own SEQUENCE (the second reads what the first wrote), never one lost in the other.
    review = planned_review(child, lock=True) or Review(child=child, created_by=by)
    postponed_from = _postponed_from(review, when)
    if postponed_from is not None:
        _check_postponement(postponed_from, when, postponed_because, postponed_details)
    for sibling in siblings:
        sibling_schedule = child_schedule(sibling, today)
        sibling_verdict = (
            check_proposed_date(sibling_schedule, when.date(), working_calendar())
            if sibling_schedule
            else None
        )
        if sibling_verdict is None or not sibling_verdict.accepted:
            why = sibling_verdict.reason if sibling_verdict else "no care history"
            raise ValidationError({"siblings": f"Not possible for {sibling}: {why}"})
        try:
            schedule_next_review(
                sibling,
                when,
                venue,
                by,
                school_hours_reason,
                brought_forward,
                brought_forward_details,
                request=request,
                postponed_because=postponed_because,
                postponed_details=postponed_details,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            raise ValidationError(
                {k: [f"{sibling}: {m}" for m in v] for k, v in error.message_dict.items()}
            ) from None
    before = {"scheduled_for": review.scheduled_for, "venue": review.venue}
    if before["scheduled_for"] is not None and (before["scheduled_for"], before["venue"]) != (
        when,
        venue,
    ):
        review.calendar_sequence += 1  # the calendar invitation becomes an update
    review.scheduled_for = when
    review.venue = venue
    review.in_school_hours_because = school_hours_reason
    review.brought_forward = brought_forward
    review.brought_forward_details = brought_forward_details
    review.without_meeting = without_meeting
    if review.pk:
        review.version += 1
    review.save()
    if postponed_from is not None:
        Postponement.objects.create(
            review=review,
            from_date=postponed_from,
            to_date=timezone.localtime(when).date(),
            reason=postponed_because,
            details=postponed_details.strip(),
            by=by,
            recorded_on=clock.today(),
        )
    record(
        Action.CHANGE if before["scheduled_for"] else Action.CREATE,
        f"Next review for {child} set for {when:%d %B %Y %H:%M} at {venue}",
        request=request,
        user=by,
        obj=review,
        child_id=child.pk,
        changes={
            "scheduled_for": [str(before["scheduled_for"] or ""), str(when)],
            "venue": [before["venue"], venue],
        },
    )
    calendar.send_invitations(review, by, request=request)
    return review


@transaction.atomic
def record_review_held(
    child: Child,
    held_on: date,
    chair: str,
    participation: str,
    by: Any,
    request: Any = None,
    late_reason: str = "",
    late_reason_details: str = "",
) -> Review:
    """Record the review's first meeting.  A review held after its statutory deadline needs the
    reason it was late (IRO Handbook 7.11); an on-time one keeps none."""
    if held_on > clock.today():
        raise ValidationError({"held_on": "The date of the first meeting must be today or earlier"})
    history = child_schedule(child, clock.today())
    periods = history.periods if history else []
    if not any(p.start <= held_on and (p.end is None or held_on <= p.end) for p in periods):
        raise ValidationError({"held_on": "The child was not looked after on that date"})
    if participation == "PN0" and child.age_on(held_on) >= 4:
        raise ValidationError({"participation": "PN0 is only for a child under 4 at the review"})
    if participation != "PN0" and participation in PARTICIPATION and child.age_on(held_on) < 4:
        raise ValidationError({"participation": "The child was under 4 at the review: use PN0"})
    late_reason, late_reason_details = lateness.check_reason(
        lateness.due_for_held(child, held_on), late_reason, late_reason_details
    )
    review = planned_review(child) or Review(child=child, created_by=by)
    review.held_on = held_on
    review.chair = chair
    review.participation = participation
    review.late_reason, review.late_reason_details = late_reason, late_reason_details
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError({"held_on": "A review is already recorded on that date"}) from None
    record(
        Action.CHANGE,
        f"Review for {child} recorded as held on {held_on:%d %B %Y}",
        request=request,
        user=by,
        obj=review,
        child_id=child.pk,
    )
    return review
