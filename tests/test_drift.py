"""Drift between reviews, each item with how many days it is overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carereview.domain.drift import midway, next_visit_due, visit_rule
from carereview.monitoring.drift import drift
from carereview.monitoring.models import Visit
from carereview.records.models import Child, OversightNote
from carereview.reviews.models import Review, TaskDone

pytestmark = pytest.mark.django_db


def test_visit_frequency_follows_the_placement() -> None:
    assert visit_rule("U4", True).interval_days == 42  # foster care: every 6 weeks
    assert visit_rule("K2", False).interval_days == 42  # residential
    assert visit_rule("P1", False).interval_days == 7  # with parents: weekly until the first review
    assert visit_rule("U3", True).interval_days == 30  # connected persons: then monthly
    due, _ = next_visit_due("U4", True, date(2024, 3, 1), date(2024, 1, 8))
    assert due == date(2024, 4, 12)
    assert midway(date(2024, 1, 30), date(2024, 4, 30)) == date(2024, 3, 15)  # 91 days, halved down


def test_drift_lists_what_is_overdue_with_days(staff, make_child) -> None:
    today = date.today()
    child = make_child(staff["sw"], start=today - timedelta(days=200), iro=staff["iro"])
    first = Review.objects.create(
        child=child,
        held_on=today - timedelta(days=180),
        record_completed_on=today - timedelta(days=170),
    )
    TaskDone.objects.create(
        review=first, task="iro_speaks_to_child", done_on=first.held_on, by=staff["iro"]
    )
    second = Review.objects.create(child=child, held_on=today - timedelta(days=90))
    Visit.objects.create(
        child=child, visited_on=today - timedelta(days=50), seen_alone=False, by=staff["sw"]
    )
    items = {i.what: i for i in drift(Child.objects.filter(pk=child.pk), today)}
    assert "No permanence plan recorded at the second review" in items
    record = items["Review record not written"]
    assert record.days_overdue == (today - record.due).days > 0
    assert "IRO did not record speaking with the child before the review" in items
    assert items["Social worker's visit overdue (at least every 6 weeks)"].days_overdue == 8
    assert "Child not seen alone at the last visit" in items
    assert "IRO's midway check between reviews not recorded" not in items  # midway not yet reached
    OversightNote.objects.create(child=child, written_on=today, author=staff["iro"], text="ok")
    second.agenda = {"permanence": "Long-term fostering with the current carers"}
    second.save()
    items = {i.what for i in drift(Child.objects.filter(pk=child.pk), today)}
    assert "No permanence plan recorded at the second review" not in items
    assert "IRO's midway check between reviews not recorded" not in items
