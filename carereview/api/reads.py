"""What the case system reads out: a child's record (no case notes, no placement address),
their review dates and participation, and review decisions - in lists for synchronising too.

Review deadlines are never stored: they come from the timescale engine each time
(records.services.child_schedule), so a closure day added or an episode corrected moves them
here as on the web pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from carereview.domain.ssda903.codes import PARTICIPATION
from carereview.records.models import Child
from carereview.records.services import child_schedule
from carereview.reviews.models import Decision, Review
from carereview.reviews.services import planned_review
from carereview.staff.models import Allocation, User


def aware(moment: datetime | None) -> datetime | None:
    """A moment without a time zone is taken as UK time, as people in the office mean it."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _person(user: User | None) -> dict[str, str] | None:
    if user is None:
        return None
    return {"name": str(user), "email": user.email}


def with_record(children: QuerySet[Child]) -> QuerySet[Child]:
    """Loaded with what `child_out` reads, at a fixed number of queries for a page."""
    return children.select_related("social_worker").prefetch_related(
        "episodes",
        Prefetch(
            "allocations",
            queryset=Allocation.objects.filter(ended_on__isnull=True).select_related("iro"),
            to_attr="current_allocations",
        ),
    )


def child_out(child: Child) -> dict[str, Any]:
    episodes = sorted(child.episodes.all(), key=lambda e: (e.decom, e.pk))
    current = getattr(child, "current_allocations", None)
    if current is None:
        current = list(child.allocations.filter(ended_on__isnull=True).select_related("iro"))
    return {
        "reference": child.reference,
        "first_name": child.first_name,
        "last_name": child.last_name,
        "preferred_name": child.preferred_name,
        "date_of_birth": child.date_of_birth,
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "religion": child.religion,
        "first_language": child.first_language,
        "interpreter_needed": child.interpreter_needed,
        "communication_needs": child.communication_needs,
        "communication_method": child.communication_method,
        "uasc": child.uasc,
        "upn": child.upn,
        "looked_after": bool(episodes) and episodes[-1].dec is None,
        "episodes": [
            {
                "decom": e.decom,
                "rne": e.rne,
                "ls": e.ls,
                "place": e.place,
                "dec": e.dec,
                "rec": e.rec or None,
                "carer": e.carer,
            }
            for e in episodes
        ],
        "social_worker": _person(child.social_worker),
        "iro": _person(current[0].iro) if current else None,
        "updated": child.updated,
    }


def changed_since(children: QuerySet[Child], since: datetime | None) -> QuerySet[Child]:
    """Children whose record, episodes (care), IRO or any of whose reviews changed at or
    after `since`."""
    if since is None:
        return children
    return children.filter(
        Q(updated__gte=since)
        | Q(reviews__updated__gte=since)
        | Q(episodes__updated__gte=since)
        | Q(allocations__created__gte=since)
    ).distinct()


def reviews_out(child: Child) -> dict[str, Any]:
    """The reviews held, each against its statutory deadline, and the next one."""
    schedule = child_schedule(child)
    due_by_held = {due.held.date: due for due in (schedule.reviews if schedule else []) if due.held}
    held = []
    for review in child.reviews.filter(held_on__isnull=False).order_by("held_on"):
        due = due_by_held.get(review.held_on)
        held.append(
            {
                "held_on": review.held_on,
                "completed_on": review.completed_on,
                "participation": review.participation or None,
                "participation_meaning": PARTICIPATION.get(review.participation, ""),
                "statutory_due": due.statutory_due if due else None,
                "on_time": due.on_time if due else None,
            }
        )
    following = schedule.next_review if schedule else None
    planned = planned_review(child)
    return {
        "reference": child.reference,
        "looked_after": bool(schedule and schedule.looked_after),
        "held": held,
        "next": None
        if following is None
        else {
            "number": following.number,
            "statutory_due": following.statutory_due,
            "due": following.due,
            "status": str(following.status),
            "scheduled_for": planned.scheduled_for if planned else None,
        },
    }


def review_item(review: Review) -> dict[str, Any]:
    return {
        "child_reference": review.child.reference,
        "held_on": review.held_on,
        "completed_on": review.completed_on,
        "participation": review.participation or None,
        "scheduled_for": review.scheduled_for,
        "cancelled": bool(review.cancelled_because),
        "updated": review.updated,
    }


def decision_out(decision: Decision) -> dict[str, Any]:
    review = decision.review
    return {
        "child_reference": review.child.reference,
        "review_held_on": review.held_on,
        "text": decision.text,
        "responsible": decision.responsible,
        "deadline": decision.deadline,
        "done": decision.done_on is not None,
        "done_on": decision.done_on,
        "circulated_on": review.decisions_circulated_on,
    }


def decisions_of(children: QuerySet[Child], since: datetime | None) -> QuerySet[Decision]:
    """Decisions of these children's reviews.  With `since`, those that changed (marked done,
    an outcome written) or whose review changed (circulating the decisions changes the review)."""
    found = Decision.objects.filter(review__child__in=children).select_related("review__child")
    if since is not None:
        found = found.filter(Q(updated__gte=since) | Q(review__updated__gte=since))
    return found.order_by("review__child__reference", "review__held_on", "deadline", "pk")
