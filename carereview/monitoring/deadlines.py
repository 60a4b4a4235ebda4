"""Open deadlines between reviews, for reminders ahead of time and alerts when missed: the IRO's
decision on a significant event, a proposed change a review must consider first, the social
worker's statutory visits and the IRO's midway check.  One pass over the children in care, in a
fixed number of queries however many there are (within a reminder run, the same rows as the
review cycle's source: `reviews.deadlines.open_work_rows`).

Each deadline links to its own place on the child's events page (`#event-<id>`, `#change-<id>`,
`#visits`), so that dealing with one (which marks done the alerts with its link) leaves the
others' alerts alone.  The email's words (`email_what`) name the kind of work only: not the
event's kind or details, nor the change proposed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from carereview.authority.services import working_calendar
from carereview.monitoring.drift import midway_check, visit_due
from carereview.notifications.deadlines import Deadline, source
from carereview.records.queries import ChildRow
from carereview.reviews.deadlines import (
    Responsible,
    deadlines,
    open_work_rows,
    responsible_people,
)

#: How many working days ahead each kind of reminder goes out.
REMIND = {"event": 1, "change": 10, "visit": 5, "frequent-visit": 2, "midway": 5}


def event_link(child_id: int, event_id: int) -> str:
    return reverse("child_events", args=[child_id]) + f"#event-{event_id}"


def change_link(child_id: int, change_id: int) -> str:
    return reverse("child_events", args=[child_id]) + f"#change-{change_id}"


@source
def between_reviews(today: date) -> Iterator[Deadline]:
    cal = working_calendar()
    people = responsible_people()
    for row in open_work_rows(today):
        if row.looked_after:
            yield from events_waiting(row, people, cal)
            yield from changes_to_consider(row, people)
            yield from visits(row, people)
            yield from midway(row, people)


def events_waiting(row: ChildRow, people: Responsible, cal: Any) -> Iterator[Deadline]:
    """The IRO decides whether a significant event needs a review (IRO Handbook 3.75-3.76),
    within 1 working day of it being recorded (seed 003)."""
    for event in row.child.events.all():
        if event.decided:
            continue
        yield from deadlines(
            f"event:{event.pk}",
            people.iro(row),
            cal.add(event.recorded_on, 1),
            f"Decide whether {row.child} needs a review after: "
            f"{event.get_kind_display().lower()} on {event.occurred_on:%-d %B %Y}",
            event_link(row.child.pk, event.pk),
            row.child,
            REMIND["event"],
            f"Decide whether a review is needed after a significant event recorded on "
            f"{event.recorded_on:%-d %B %Y}",
        )


def changes_to_consider(row: ChildRow, people: Responsible) -> Iterator[Deadline]:
    """A review must consider a proposed change before it happens (IRO Handbook 3.77): by the
    day before, as the timescale engine counts it (`monitoring.services.early_review_events`)."""
    for change in row.child.proposed_changes.all():
        if change.withdrawn or change.considered_at_id is not None:
            continue
        yield from deadlines(
            f"change:{change.pk}",
            people.iro(row),
            change.planned_on - timedelta(days=1),
            f"Hold a review for {row.child} to consider "
            f"{change.get_kind_display().lower()} before {change.planned_on:%-d %B %Y}",
            change_link(row.child.pk, change.pk),
            row.child,
            REMIND["change"],
            f"Hold a review to consider a proposed change before {change.planned_on:%-d %B %Y}",
        )


def visits(row: ChildRow, people: Responsible) -> Iterator[Deadline]:
    """The social worker's next statutory visit (CPPCR 2010 reg 28; the rules in
    `domain.drift`).  Recording a visit moves the date, which makes a new deadline."""
    found = visit_due(row)
    if found is None:
        return
    due, rule = found
    yield from deadlines(
        f"visit:{row.child.pk}:{due:%Y%m%d}",
        people.social_worker(row),
        due,
        f"Visit {row.child} ({rule.summary})",
        reverse("child_events", args=[row.child.pk]) + "#visits",
        row.child,
        REMIND["visit"] if rule.interval_days > 30 else REMIND["frequent-visit"],
        "Visit the child (a statutory visit)",
    )


def midway(row: ChildRow, people: Responsible) -> Iterator[Deadline]:
    """The IRO's midway check between reviews (seed 003), done by an oversight note on or after
    the date."""
    found = midway_check(row)
    if found is None:
        return
    review, check = found
    yield from deadlines(
        f"midway:{row.child.pk}:{review.pk}",
        people.iro(row),
        check,
        f"Midway check for {row.child} between reviews: write an oversight note",
        reverse("child_notes", args=[row.child.pk]),
        row.child,
        REMIND["midway"],
        "Midway check between reviews: write an oversight note",
    )
