"""The reports cost the same number of queries for 20 children or 320 (each with reviews,
a postponement and an escalation)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carereview.escalation.models import DisputeLadder, Escalation, EscalationStep, LadderStage
from carereview.records.models import Child, Episode
from carereview.reviews.models import Postponement, Review
from carereview.staff.models import Allocation

from .conftest import PASSWORD
from .report_setup import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(staff, make_child, clock):
    return {**staff, **build(staff, make_child, clock)}


def signed_in(client, username: str = "iro.manager"):
    assert client.login(username=username, password=PASSWORD)
    return client


# -- queries do not grow with the service --------------------------------------------------


def add_children(count: int, staff: dict, offset: int) -> None:
    start = date(2024, 1, 10)
    children = Child.objects.bulk_create(
        [
            Child(
                reference=f"R{offset + i:06d}",
                first_name="Sam",
                last_name=f"Scale{offset + i}",
                date_of_birth=date(2012, 1, 1),
                gender="other",
                social_worker=staff["sw"] if i % 2 else staff["sw_south"],
            )
            for i in range(count)
        ]
    )
    Episode.objects.bulk_create(
        [
            Episode(child=c, decom=start + timedelta(days=i % 300), rne="S", ls="C2", place="U4")
            for i, c in enumerate(children)
        ]
    )
    Allocation.objects.bulk_create(
        [
            Allocation(
                child=c,
                iro=staff["iro"] if i % 3 else staff["iro2"],
                started_on=start,
                allocated_by=staff["manager"],
            )
            for i, c in enumerate(children)
        ]
    )
    reviews = Review.objects.bulk_create(
        [
            Review(
                child=c,
                held_on=date(2024, 5, 1) + timedelta(days=i % 200),
                record_completed_on=date(2024, 12, 1),
            )
            for i, c in enumerate(children)
        ]
    )
    ladder = DisputeLadder.objects.get(active=True)
    stage = LadderStage.objects.get(ladder=ladder, number=1)
    opened = Escalation.objects.bulk_create(
        [
            Escalation(
                child=c,
                iro=staff["iro"],
                category="practice",
                issue="Plan out of date",
                expected_outcome="A plan",
                ladder=ladder,
                opened_on=date(2024, 6, 3),
                deadline=date(2024, 7, 1),
            )
            for c in children
        ]
    )
    EscalationStep.objects.bulk_create(
        [
            EscalationStep(
                escalation=e,
                stage=stage,
                entered_on=e.opened_on,
                sent_to_name="A manager",
                respond_by=e.deadline,
                recorded_by=staff["iro"],
            )
            for e in opened
        ]
    )
    Postponement.objects.bulk_create(
        [
            Postponement(
                review=r,
                from_date=date(2024, 4, 20),
                to_date=r.held_on,
                reason="child_unwell",
                by=staff["iro"],
                recorded_on=date(2024, 4, 15) + timedelta(days=i % 300),
            )
            for i, r in enumerate(reviews)
        ]
    )


@pytest.mark.parametrize(
    "slug", ["timeliness", "participation", "caseloads", "escalations", "postponements", "records"]
)
def test_queries_do_not_grow_with_the_number_of_children(client, service, staff, slug) -> None:
    signed_in(client)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/reports/{slug}/", {"year": "2024"}).status_code == 200
        return len(captured)

    add_children(20, staff, 0)
    small = queries()
    add_children(300, staff, 20)
    assert small == queries()
