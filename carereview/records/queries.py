"""Children with what the work views show about them, in a fixed number of queries.

Every list of children (the children page, an IRO's work, the manager's overview) goes through
`with_schedules`, so the number of queries does not grow with the caseload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.domain.timescales.model import ReviewDue, Schedule
from carereview.records.models import Child
from carereview.records.services import child_schedule
from carereview.reviews.models import Review
from carereview.staff.models import Allocation, User


@dataclass
class ChildRow:
    child: Child
    iro: User | None
    schedule: Schedule | None
    planned: Review | None  # the next review's date, if set

    @property
    def next_review(self) -> ReviewDue | None:
        return self.schedule.next_review if self.schedule else None

    @property
    def looked_after(self) -> bool:
        return bool(self.schedule and self.schedule.looked_after)


def with_schedules(children: QuerySet[Child], as_of: date | None = None) -> list[ChildRow]:
    as_of = as_of or clock.today()
    children = children.select_related("social_worker", "social_worker__team").prefetch_related(
        Prefetch(
            "allocations",
            queryset=Allocation.objects.filter(ended_on__isnull=True).select_related("iro"),
            to_attr="current_allocations",
        ),
        "episodes",
        "reviews",
        "reviews__tasks_done",
        "events",
        "proposed_changes",
    )
    cal, profile = working_calendar(), current_profile()
    rows = []
    for child in children:
        current = child.current_allocations[0] if child.current_allocations else None
        planned = [r for r in child.reviews.all() if r.held_on is None and not r.cancelled_because]
        rows.append(
            ChildRow(
                child=child,
                iro=current.iro if current else None,
                schedule=child_schedule(child, as_of, cal, profile),
                planned=min(planned, key=lambda r: r.pk) if planned else None,
            )
        )
    return rows
