"""The IRO's and the manager's pages cost the same number of queries for 50 children or 2,000."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carereview.records.models import Child, Episode
from carereview.reviews.models import Review
from carereview.staff.models import Allocation

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def add_children(count: int, staff: dict, offset: int) -> None:
    today = date.today()
    children = Child.objects.bulk_create(
        [
            Child(
                reference=f"S{offset + i:06d}",
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
            Episode(
                child=c,
                decom=today - timedelta(days=10 + (i * 7) % 900),
                rne="S",
                ls="C2",
                place="U4",
            )
            for i, c in enumerate(children)
        ]
    )
    Allocation.objects.bulk_create(
        [
            Allocation(
                child=c,
                iro=staff["iro"] if i % 3 else staff["iro2"],
                started_on=today,
                allocated_by=staff["manager"],
            )
            for i, c in enumerate(children)
            if i % 10  # a tenth are unallocated
        ]
    )
    Review.objects.bulk_create(
        [
            Review(child=c, held_on=today - timedelta(days=5 + i % 40))
            for i, c in enumerate(children)
            if i % 4 == 0
            and (today - timedelta(days=5 + i % 40)) > today - timedelta(days=10 + (i * 7) % 900)
        ]
    )


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("role", "path"), [("iro", "/work/"), ("manager", "/service/"), ("manager", "/children/")]
)
def test_queries_do_not_grow_with_the_caseload(client, staff, role, path) -> None:
    assert client.login(username=staff[role].username, password=PASSWORD)
    add_children(50, staff, 0)
    small = queries_for(client, path)
    add_children(1950, staff, 50)
    assert Child.objects.count() == 2000
    large = queries_for(client, path)
    assert small == large, f"{path}: {small} queries for 50 children, {large} for 2,000"


def test_the_iros_page_shows_late_records_late_decisions_and_tasks_due(
    client, staff, make_child
) -> None:
    from datetime import datetime

    from django.utils import timezone

    from carereview.reviews.models import Decision

    today = date.today()
    child = make_child(
        staff["sw"],
        start=today - timedelta(days=200),
        iro=staff["iro"],
        first_name="Quinn",
        last_name="Worklist",
    )
    held = Review.objects.create(child=child, held_on=today - timedelta(days=60))
    Decision.objects.create(
        review=held,
        text="Book the eye test",
        responsible="Carer",
        deadline=today - timedelta(days=3),
    )
    Review.objects.create(
        child=child,
        scheduled_for=timezone.make_aware(
            datetime.combine(today + timedelta(days=12), datetime.min.time().replace(hour=16))
        ),
    )
    client.login(username="iro.one", password=PASSWORD)
    page = client.get("/work/").content.decode()
    assert "Book the eye test" in page and "3 days over" in page
    assert "Records not yet written" in page and "Late" in page
    assert "Invitations and consultation documents sent" in page
