"""The reports on reviews on time (with the reasons for lateness) and on participation by code:
the indicators' figures for the children the filters choose, the reason recorded on each late
review, the children behind each figure, CSV, and a fixed number of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carereview.records.models import Child, Episode
from carereview.reports.participation import participation_by_code
from carereview.reports.timeliness import NO_REASON, reviews_on_time
from carereview.reviews.models import Review

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

YEAR = (date(2024, 4, 1), date(2025, 3, 31))
# Into care 1 June 2023: reviews due 29 June, 20 September 2023 and 15 March 2024, held in time.
SINCE_2023 = [(date(2023, 6, 20), "PN1"), (date(2023, 9, 15), "PN1"), (date(2024, 3, 14), "PN1")]


@pytest.fixture
def service(staff, make_child, clock):
    """2024-25, worked by hand (as tests/test_kpi.py): Eve's reviews all on time, taking part;
    Fin's review of 20 September 2024 six days late (the report was not ready) and coded PN7;
    Gus, under 4, reviewed on time on 31 December 2024 and not again by 31 March 2025.
    Eve and Fin are iro.one's, in the north team; Gus is iro.two's, in the south team."""
    clock.set_to(date(2025, 6, 2))
    eve = make_child(
        staff["sw"],
        start=date(2023, 6, 1),
        iro=staff["iro"],
        first_name="Eve",
        last_name="Ontime",
        date_of_birth=date(2012, 5, 1),
    )
    fin = make_child(
        staff["sw"],
        start=date(2023, 6, 1),
        iro=staff["iro"],
        first_name="Fin",
        last_name="Late",
        date_of_birth=date(2010, 2, 3),
    )
    gus = make_child(
        staff["sw_south"],
        start=date(2024, 12, 2),
        iro=staff["iro2"],
        first_name="Gus",
        last_name="Young",
        date_of_birth=date(2022, 8, 9),
    )
    for child, held in (
        (eve, [*SINCE_2023, (date(2024, 9, 14), "PN1"), (date(2025, 3, 14), "PN3")]),
        (fin, [*SINCE_2023, (date(2024, 9, 20), "PN7"), (date(2025, 3, 20), "PN3")]),
        (gus, [(date(2024, 12, 31), "PN0")]),
    ):
        for day, code in held:
            Review.objects.create(child=child, held_on=day, participation=code)
    Review.objects.filter(child=fin, held_on=date(2024, 9, 20)).update(
        late_reason="report_not_ready"
    )
    return {**staff, "eve": eve, "fin": fin, "gus": gus}


def test_reviews_on_time_give_the_indicators_figures_and_the_reasons(service) -> None:
    report = reviews_on_time(*YEAR, user=service["manager"])
    t = report.indicator
    assert (t.children, t.children_all_on_time, t.percent) == (3, 1, 33.3)
    assert (t.reviews, t.reviews_on_time, t.reviews_late, t.not_held) == (5, 4, 1, 1)
    reasons = {label: n for label, n, _ in report.reasons}
    assert reasons["The social worker's report was not ready"] == 1
    assert sum(reasons.values()) == 1 and reasons[NO_REASON] == 0
    late = [(r.child.first_name, r.held, r.days_late, r.reason) for r in report.late]
    assert late == [
        ("Fin", date(2024, 9, 20), 6, "The social worker's report was not ready"),
        ("Gus", None, None, ""),
    ]
    assert set(report.figures["children_late"].children) == {service["fin"].pk, service["gus"].pk}


def test_a_late_review_without_a_reason_says_so(service) -> None:
    Review.objects.filter(late_reason="report_not_ready").update(late_reason="")
    report = reviews_on_time(*YEAR, user=service["manager"])
    assert {label: n for label, n, _ in report.reasons}[NO_REASON] == 1


def test_participation_counts_children_four_or_over_and_every_review_by_code(service) -> None:
    p = participation_by_code(*YEAR, user=service["manager"]).indicator
    assert (p.children, p.participated, p.percent) == (2, 1, 50.0)
    assert p.by_code == {
        "PN0": 1,
        "PN1": 1,
        "PN2": 0,
        "PN3": 2,
        "PN4": 0,
        "PN5": 0,
        "PN6": 0,
        "PN7": 1,
    }


def test_the_filters_choose_the_children_counted(service, staff) -> None:
    south = reviews_on_time(*YEAR, team=staff["sw_south"].team, user=service["manager"])
    assert (south.indicator.children, south.indicator.children_all_on_time) == (1, 0)
    one = participation_by_code(*YEAR, iro=staff["iro"], user=service["manager"])
    assert (one.indicator.children, one.indicator.participated) == (2, 1)
    assert one.indicator.by_code["PN0"] == 0


def test_dates_that_are_not_a_reporting_year_give_the_year_they_start_in(client, service) -> None:
    assert client.login(username="iro.manager", password=PASSWORD)
    page = client.get(
        "/reports/timeliness/",
        {
            "period_from-day": "1",
            "period_from-month": "9",
            "period_from-year": "2024",
            "period_to-day": "30",
            "period_to-month": "9",
            "period_to-year": "2024",
        },
    ).content.decode()
    assert "1 April 2024 to 31 March 2025" in page
    assert "counted over a reporting year" in page and "2024-25, the year 1 September 2024" in page


def test_the_pages_link_each_figure_to_its_children_and_download(client, service) -> None:
    assert client.login(username="iro.manager", password=PASSWORD)
    page = client.get("/reports/timeliness/", {"year": "2024"}).content.decode()
    assert re.search(r"<svg[^>]*role=\"img\"", page) and "33.3%" in page
    link = re.search(r'href="(/reports/timeliness/children/reviews_late/[^"]*)"', page)
    children = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Fin Late" in children and "Eve Ontime" not in children
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/reports/participation/codes.csv", {"year": "2024"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0] == ["Code", "Meaning", "Reviews"]
    assert rows[8][0] == "PN7" and rows[8][2] == "1"
    late = client.get("/reports/timeliness/late.csv", {"year": "2024"}).content.decode("utf-8-sig")
    assert "Fin Late," in late and ",2024-09-20,6,The social worker's report was not ready" in late
    assert ",2025-03-31,,,\r\n" in late  # Gus's review not held: no date held, no days late


@pytest.mark.parametrize("slug", ["timeliness", "participation"])
def test_queries_do_not_grow_with_the_number_of_children(client, service, staff, slug) -> None:
    assert client.login(username="iro.manager", password=PASSWORD)

    def add(count: int, offset: int) -> None:
        children = Child.objects.bulk_create(
            [
                Child(
                    reference=f"K{offset + i:06d}",
                    first_name="Kim",
                    last_name=f"Kpi{offset + i}",
                    date_of_birth=date(2012, 1, 1),
                    gender="other",
                    social_worker=staff["sw"],
                )
                for i in range(count)
            ]
        )
        Episode.objects.bulk_create(
            [
                Episode(child=c, decom=date(2024, 1, 8), rne="S", ls="C2", place="U4")
                for c in children
            ]
        )
        Review.objects.bulk_create(
            [
                Review(
                    child=c,
                    held_on=date(2024, 2, 5) + timedelta(days=i % 9),
                    participation="PN7" if i % 2 else "PN1",
                )
                for i, c in enumerate(children)
            ]
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/reports/{slug}/", {"year": "2024"}).status_code == 200
        return len(captured)

    add(10, 0)
    small = queries()
    add(200, 10)
    assert small == queries()
