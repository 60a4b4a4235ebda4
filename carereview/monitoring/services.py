"""Use cases between reviews: recording significant events, the IRO's decision on them, and
changes that a review must consider before they happen (IRO Handbook 3.74-3.77)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.domain.timescales.model import EarlyReviewEvent
from carereview.monitoring.models import ChangeKind, ProposedChange, SignificantEvent
from carereview.notifications.services import alert, resolve
from carereview.records.models import Child
from carereview.reviews.models import Review
from carereview.staff.services import current_iro

#: Placements outside regulated care (IRO Handbook 3.77, second bullet).
UNREGULATED_PLACEMENTS = frozenset({"H5", "P2", "K3", "Z1"})
CUSTODY_PLACEMENTS = frozenset({"R5"})
LEAVING_CARE_RECS = frozenset({"E5", "E6", "E7", "E13", "E8"})


def _link(child_id: int, anchor: str) -> str:
    """The place on the child's events page for one event or change: its own link, so that
    dealing with it marks done its alerts and not the others' (`resolve`)."""
    return reverse("child_events", args=[child_id]) + f"#{anchor}"


def _tell_iro(child: Child, what: str, respond_by: date, anchor: str) -> None:
    """Alert the child's IRO, on their own page, with a link to the child's events."""
    iro = current_iro(child)
    if iro is not None:
        alert(
            [iro],
            f"{child}: {what}",
            link=_link(child.pk, anchor),
            respond_by=respond_by,
            child_id=child.pk,
        )


def notify_by(occurred_on: date) -> date:
    """The social worker tells the IRO within 1 working day (seed 003)."""
    return working_calendar().add(occurred_on, 1)


@transaction.atomic
def record_event(
    child: Child, kind: str, occurred_on: date, details: str, by: Any, request: Any = None
) -> SignificantEvent:
    today = clock.today()
    if occurred_on > today:
        raise ValidationError({"occurred_on": "The date must be today or in the past"})
    if occurred_on < child.date_of_birth:
        raise ValidationError(
            {"occurred_on": "The date must be on or after the child's date of birth"}
        )
    # The IRO monitors the case while the child is looked after (IRO Handbook 3.74): an event
    # outside every period of care is not one the IRO is told of.  The day care ended counts.
    in_care = child.episodes.filter(
        Q(dec__isnull=True) | Q(dec__gte=occurred_on), decom__lte=occurred_on
    )
    if not in_care.exists():
        raise ValidationError(
            {
                "occurred_on": f"The child was not looked after on {occurred_on:%-d %B %Y}: an "
                "IRO is told only of events during a period of care"
            }
        )
    event = SignificantEvent.objects.create(
        child=child,
        kind=kind,
        occurred_on=occurred_on,
        details=details,
        recorded_by=by,
        recorded_on=today,
    )
    _tell_iro(
        child,
        f"{event.get_kind_display().lower()} on {occurred_on:%-d %B %Y} - decide "
        "whether a review is needed",
        working_calendar().add(today, 1),
        f"event-{event.pk}",
    )
    record(
        Action.CREATE,
        f"Significant event recorded for {child}: {event}",
        request=request,
        user=by,
        obj=event,
        child_id=child.pk,
    )
    return event


@transaction.atomic
def decide_event(
    event: SignificantEvent,
    review_needed: bool,
    reason: str,
    review_by: date | None,
    child_told_on: date | None,
    adults_told_on: date | None,
    by: Any,
    request: Any = None,
) -> None:
    if not reason.strip():
        raise ValidationError({"decision_reason": "Give the reasons for the decision"})
    if review_needed and review_by is None:
        raise ValidationError({"review_by": "Give the date the review must be held by"})
    if review_needed and review_by and review_by < event.occurred_on:
        raise ValidationError({"review_by": "The review cannot be before the event"})
    event.review_needed = review_needed
    event.decision_reason = reason.strip()
    event.review_by = review_by if review_needed else None
    event.decided_by = by
    event.decided_on = clock.today()
    event.child_told_on = child_told_on
    event.adults_told_on = adults_told_on
    event.save()
    resolve(_link(event.child_id, f"event-{event.pk}"))
    record(
        Action.CHANGE,
        f"IRO decided {'a review is' if review_needed else 'no review is'} needed after {event}",
        request=request,
        user=by,
        obj=event,
        child_id=event.child_id,
    )


@transaction.atomic
def propose_change(
    child: Child, kind: str, planned_on: date, details: str, by: Any, request: Any = None
) -> ProposedChange:
    today = clock.today()
    if planned_on <= today:
        raise ValidationError(
            {
                "planned_on": "A review must consider this change before it "
                "happens: give a date in the future"
            }
        )
    change = ProposedChange.objects.create(
        child=child,
        kind=kind,
        planned_on=planned_on,
        details=details,
        proposed_by=by,
        proposed_on=today,
    )
    _tell_iro(
        child,
        f"{change.get_kind_display().lower()} proposed for {planned_on:%-d %B %Y} - a review "
        "must consider it first",
        planned_on - timedelta(days=1),
        f"change-{change.pk}",
    )
    record(
        Action.CREATE,
        f"Change proposed for {child}: {change}",
        request=request,
        user=by,
        obj=change,
        child_id=child.pk,
    )
    return change


@transaction.atomic
def mark_considered(change: ProposedChange, review: Review, by: Any, request: Any = None) -> None:
    if review.child_id != change.child_id or review.held_on is None:
        raise ValidationError("Choose a review of this child that has been held")
    if review.held_on < change.proposed_on:
        raise ValidationError("That review was held before the change was proposed")
    change.considered_at = review
    change.save(update_fields=["considered_at"])
    resolve(_link(change.child_id, f"change-{change.pk}"))
    record(
        Action.CHANGE,
        f"{change} considered at {review}",
        request=request,
        user=by,
        obj=change,
        child_id=change.child_id,
    )


def needs_review_first(child: Child, kinds: set[str]) -> list[str]:
    """The kinds of change among `kinds` that no review has yet considered."""
    considered = set(
        ProposedChange.objects.filter(
            child=child,
            kind__in=kinds,
            considered_at__isnull=False,
            withdrawn=False,
        ).values_list("kind", flat=True)
    )
    return [ChangeKind(kind).label for kind in sorted(kinds - considered)]


def changes_implied(
    child: Child, kind: str, on: date, placement: str, reason_ceased: str, declared: set[str]
) -> set[str]:
    """Which H 3.77 changes a recorded change in care amounts to: from the codes where they
    tell (leaving care before 18, unregulated accommodation, discharge from custody), and what
    the social worker declared for the rest."""
    found = set(declared)
    current = child.episodes.filter(dec__isnull=True).last()
    age = child.age_on(on)
    adult = age >= 18
    # Leaving care at 16 or 17 to live independently or elsewhere, so becoming a "relevant
    # child" (IRO Handbook 3.77 first bullet, Annex 3) - not adoption, a special guardianship
    # or residence order, or a return home to parents.
    if kind == "ceased" and 16 <= age < 18 and reason_ceased in LEAVING_CARE_RECS:
        found.add(ChangeKind.LEAVING_CARE)
    if placement in UNREGULATED_PLACEMENTS and not adult:
        found.add(ChangeKind.UNREGULATED)
    if (
        current is not None
        and current.place in CUSTODY_PLACEMENTS
        and placement not in CUSTODY_PLACEMENTS
        and current.ls == "C2"
    ):
        found.add(ChangeKind.CUSTODY_DISCHARGE)
    return found


def early_review_events(child: Child) -> tuple[EarlyReviewEvent, ...]:
    """What brings this child's next review forward, for the timescale engine."""
    events = [
        EarlyReviewEvent(
            "significant_event", e.decided_on or e.occurred_on, e.review_by, e.get_kind_display()
        )
        for e in child.events.all()
        if e.review_needed and e.review_by
    ]
    events += [
        EarlyReviewEvent(
            "before_significant_change",
            c.proposed_on,
            c.planned_on - timedelta(days=1),
            c.get_kind_display(),
        )
        for c in child.proposed_changes.all()
        if not c.withdrawn and c.considered_at_id is None and c.planned_on > c.proposed_on
    ]
    return tuple(events)


@transaction.atomic
def record_visit(
    child: Child,
    visited_on: date,
    seen_alone: bool,
    bedroom_seen: bool,
    notes: str,
    by: Any,
    request: Any = None,
) -> Any:
    from carereview.monitoring.models import Visit

    if visited_on > clock.today():
        raise ValidationError({"visited_on": "The date must be today or in the past"})
    visit = Visit.objects.create(
        child=child,
        visited_on=visited_on,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        notes=notes,
        by=by,
    )
    record(
        Action.CREATE,
        f"Visit on {visited_on} recorded for {child}",
        request=request,
        user=by,
        obj=visit,
        child_id=child.pk,
    )
    return visit
