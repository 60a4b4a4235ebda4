"""Drift: what should have happened by now and has not, for a set of children, each with how
many days it is overdue.  A fixed number of queries however many children.

A review imported from the SSDA903 return (`Review.imported_from`) was held before carereview
held it: what its record should say (the record itself, the permanence plan at the second and
third reviews, the IRO speaking with the child first) was written, or not, outside carereview,
and is not listed as drift; nor is a midway check that fell due before the review was imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from carereview.authority.services import current_profile, working_calendar
from carereview.domain.drift import VisitRule, midway, next_visit_due
from carereview.records.models import Child
from carereview.records.queries import ChildRow, with_schedules
from carereview.reviews.models import Decision, Review


@dataclass(frozen=True)
class DriftItem:
    child: Child
    what: str
    due: date
    days_overdue: int
    link: str


def drift(children: QuerySet[Child], today: date) -> list[DriftItem]:
    rows = with_schedules(children.prefetch_related("visits", "oversight_notes"), today)
    cal, profile = working_calendar(), current_profile()
    items: list[DriftItem] = []
    for row in rows:
        if row.looked_after:
            items.extend(_for_child(row, today, cal, profile))
    late = Decision.objects.filter(
        review__child__in=[r.child for r in rows], done_on__isnull=True, deadline__lt=today
    )
    by_child = {r.child.pk: r.child for r in rows}
    for decision in late.select_related("review"):
        child = by_child[decision.review.child_id]
        items.append(
            DriftItem(
                child,
                f"Decision not carried out: {decision.text}",
                decision.deadline,
                (today - decision.deadline).days,
                reverse("review_overview", args=[decision.review_id]),
            )
        )
    items.sort(key=lambda i: -i.days_overdue)
    return items


def _item(row: ChildRow, what: str, due: date, today: date, link: str) -> DriftItem | None:
    return DriftItem(row.child, what, due, (today - due).days, link) if due < today else None


def _for_child(row: ChildRow, today: date, cal: Any, profile: Any) -> list[DriftItem]:
    child = row.child
    page = reverse("child_detail", args=[child.pk])
    found: list[DriftItem | None] = []
    held = sorted((r for r in child.reviews.all() if r.held_on), key=lambda r: r.held_on)
    numbers = {r.held.date: r.number for r in row.schedule.reviews if r.held}
    for review in held:
        if review.imported_from:
            continue
        link = reverse("review_overview", args=[review.pk])
        if review.record_completed_on is None:
            due = cal.add(review.completed_on or review.held_on, profile.full_record_within)
            found.append(_item(row, "Review record not written", due, today, link))
        number = numbers.get(review.held_on)
        if number in (2, 3) and not review.agenda.get("permanence", "").strip():
            what = (
                "No permanence plan recorded at the second review"
                if number == 2
                else "No contingency or twin-track plan recorded at the third review"
            )
            found.append(_item(row, what, review.held_on, today, link))
    if held:
        last = held[-1]
        if not last.imported_from and not any(
            t.task == "iro_speaks_to_child" for t in last.tasks_done.all()
        ):
            found.append(
                _item(
                    row,
                    "IRO did not record speaking with the child before the review",
                    last.held_on,
                    today,
                    reverse("review_overview", args=[last.pk]),
                )
            )
        check = midway_check(row)
        if check is not None:
            found.append(
                _item(
                    row,
                    "IRO's midway check between reviews not recorded",
                    check[1],
                    today,
                    reverse("child_notes", args=[child.pk]),
                )
            )
    visit = visit_due(row)
    if visit is not None:
        due, rule = visit
        visits = sorted(child.visits.all(), key=lambda v: v.visited_on)
        found.append(
            _item(
                row,
                f"Social worker's visit overdue ({rule.summary})",
                due,
                today,
                reverse("child_events", args=[child.pk]),
            )
        )
        if visits and child.age_on(visits[-1].visited_on) > 4 and not visits[-1].seen_alone:
            found.append(
                DriftItem(
                    child,
                    "Child not seen alone at the last visit",
                    visits[-1].visited_on,
                    (today - visits[-1].visited_on).days,
                    page,
                )
            )
    return [item for item in found if item is not None]


def midway_check(row: ChildRow) -> tuple[Review, date] | None:
    """The IRO's midway check between the last review held and the next one due (seed 003),
    while no oversight note on or after that date records it; `reviews` and `oversight_notes`
    prefetched."""
    held = [r for r in row.child.reviews.all() if r.held_on]
    if not held or row.next_review is None:
        return None
    last = max(held, key=lambda r: r.held_on)
    check = midway(last.held_on, row.next_review.statutory_due)
    if any(n.written_on >= check for n in row.child.oversight_notes.all()):
        return None
    if last.imported_from and check < timezone.localdate(last.created):
        return None  # due before carereview held the review: history, not work to do
    return last, check


def visit_due(row: ChildRow) -> tuple[date, VisitRule] | None:
    """When the social worker's next statutory visit is due, for a child in care now
    (CPPCR 2010 reg 28; `episodes`, `reviews` and `visits` prefetched)."""
    child = row.child
    episodes = sorted(child.episodes.all(), key=lambda e: (e.decom, e.pk))
    current = episodes[-1] if episodes and episodes[-1].dec is None else None
    if current is None:
        return None
    held = any(r.held_on for r in child.reviews.all())
    visits = sorted(child.visits.all(), key=lambda v: v.visited_on)
    return next_visit_due(
        current.place, held, visits[-1].visited_on if visits else None, current.decom
    )
