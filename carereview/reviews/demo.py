"""Demo reasons for lateness and postponements, so that the IRO manager's reports have
something to show: every late demo review (made by `records.demo`) gets a reason (IRO Handbook
7.11), and some reviews had their date put back, a few children more than once in a year
(seed 001 section 17).  Loaded after the records' demo (the apps' order in settings); safe to
run again."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.records.models import Child
from carereview.records.services import child_schedule
from carereview.reviews.models import DelayReason, Postponement, Review
from carereview.staff.models import Role, User

LATE_REASONS = [
    DelayReason.CHILD_OR_FAMILY_ASKED,
    DelayReason.CHILD_UNWELL,
    DelayReason.REPORT_NOT_READY,
    DelayReason.REPORT_NOT_READY,
    DelayReason.IRO_UNAVAILABLE,
    DelayReason.VENUE_OR_INTERPRETER,
    DelayReason.ADMINISTRATIVE_ERROR,
    DelayReason.OTHER,
]
OTHER_DETAILS = "The placement ended suddenly the week before and the child moved out of area"


def load(**options: object) -> list[str]:
    if Postponement.objects.exists() or Review.objects.exclude(late_reason="").exists():
        return []
    manager = User.objects.filter(role=Role.IRO_MANAGER).order_by("pk").first()
    if manager is None or not Review.objects.exists():
        return []
    rng = random.Random(2027)
    today = clock.today()
    cal, profile = working_calendar(), current_profile()
    late = postponed = 0
    children = Child.objects.order_by("pk").prefetch_related("episodes", "reviews")
    twice = 0
    for child in children:
        schedule = child_schedule(child, today, cal, profile)
        if schedule is None:
            continue
        reviews = {r.held_on: r for r in child.reviews.all() if r.held_on}
        for due in schedule.reviews:
            review = reviews.get(due.held.date) if due.held else None
            if review is None or due.on_time is not False:
                continue
            review.late_reason = rng.choice(LATE_REASONS)
            review.late_reason_details = (
                OTHER_DETAILS if review.late_reason == DelayReason.OTHER else ""
            )
            review.save(update_fields=["late_reason", "late_reason_details"])
            late += 1
        # A review put back a week or two: now and then, and twice in a year for a few.
        recent = [r for r in child.reviews.all() if r.held_on and (today - r.held_on).days < 330]
        planned = [r for r in child.reviews.all() if r.held_on is None and r.scheduled_for]
        moved = [*recent, *planned]
        if not moved or rng.random() > 0.12:
            continue
        count = 2 if twice < 4 and rng.random() < 0.4 else 1
        twice += count == 2
        for review in moved[-count:]:
            to_date = review.held_on or timezone.localtime(review.scheduled_for).date()
            from_date = to_date - timedelta(days=rng.randint(5, 15))
            first = Postponement.objects.create(
                review=review,
                from_date=from_date,
                to_date=to_date,
                reason=rng.choice(LATE_REASONS),
                details=OTHER_DETAILS if rng.random() < 0.1 else "",
                by=manager,
                recorded_on=min(today, from_date - timedelta(days=rng.randint(1, 4))),
            )
            postponed += 1
        if count == 2 and len(moved) == 1:
            # The one review put back a second time, a few weeks before.
            Postponement.objects.create(
                review=moved[0],
                from_date=first.from_date - timedelta(days=14),
                to_date=first.from_date,
                reason=DelayReason.IRO_UNAVAILABLE,
                by=manager,
                recorded_on=first.recorded_on - timedelta(days=21),
            )
            postponed += 1
    return [f"reasons for {late} late reviews and {postponed} postponements"]
