"""`carereview kpi`: the timeliness and participation indicators for a reporting year, from the
records or straight from an SSDA903 return's files - and the same figures either way."""

from __future__ import annotations

import io
import json
import time
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carereview.authority.models import ClosureDay
from carereview.cli import main
from carereview.interchange.services import import_return
from carereview.records.models import Child
from carereview.reports.indicators import (
    YearIndicators,
    indicators_for_year,
    indicators_from_files,
)
from carereview.reviews.models import Review
from tests.ssda903_files import as_files, with_cell, year_2023

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent / "data" / "ssda903-sample"

# Into care 1 June 2023: reviews due 29 June, 20 September 2023 and 15 March 2024, held in time.
SINCE_2023 = [(date(2023, 6, 20), "PN1"), (date(2023, 9, 15), "PN1"), (date(2024, 3, 14), "PN1")]


@pytest.fixture
def service(make_child):
    """Three children for 2024-25 (worked by hand in tests/domain/test_indicators.py):
    every review on time and taking part; one review six days late and one PN7; a review due on
    31 March 2025 not held, the child under 4."""
    on_time = make_child(start=date(2023, 6, 1), date_of_birth=date(2012, 5, 1))
    late = make_child(start=date(2023, 6, 1), date_of_birth=date(2010, 2, 3))
    young = make_child(start=date(2024, 12, 2), date_of_birth=date(2022, 8, 9))
    for child, held in (
        (on_time, [*SINCE_2023, (date(2024, 9, 14), "PN1"), (date(2025, 3, 14), "PN3")]),
        (late, [*SINCE_2023, (date(2024, 9, 20), "PN7"), (date(2025, 3, 20), "PN3")]),
        (young, [(date(2024, 12, 31), "PN0")]),
    ):
        for day, code in held:
            Review.objects.create(child=child, held_on=day, participation=code)
    return {"on_time": on_time, "late": late, "young": young}


def kpi(*args: str) -> str:
    out = io.StringIO()
    call_command("kpi", *args, stdout=out)
    return out.getvalue()


def test_the_json_gives_the_figures_for_the_year_in_the_shape_the_issue_gives(service):
    data = json.loads(kpi("--year", "2024", "--json"))
    assert data == {
        "year": "2024-25",
        "timeliness": {
            "children": 3,
            "children_all_on_time": 1,
            "percent": 33.3,
            "reviews": 5,
            "reviews_on_time": 4,
            "reviews_late": 1,
            "not_held": 1,
        },
        "participation": {
            "children": 2,
            "participated": 1,
            "percent": 50.0,
            "by_code": {
                "PN0": 1,
                "PN1": 1,
                "PN2": 0,
                "PN3": 2,
                "PN4": 0,
                "PN5": 0,
                "PN6": 0,
                "PN7": 1,
            },
        },
    }
    # The year before: the two older children, every review on time.
    earlier = json.loads(kpi("--year", "2023", "--json"))
    assert earlier["year"] == "2023-24"
    assert earlier["timeliness"]["children_all_on_time"] == earlier["timeliness"]["children"] == 2


def test_the_summary_reads_as_plain_figures(service):
    out = kpi("--year", "2024")
    assert out.startswith("Indicators for 2024-25 (1 April 2024 to 31 March 2025)\n")
    assert "  Children whose every review was on time: 1 (33.3%)" in out
    assert "  Reviews due and not held: 1" in out
    assert "  Children who took part in every review (PN1-PN6): 1 (50.0%)" in out
    assert "    PN7: 1" in out


def test_the_children_behind_each_figure_are_listed_for_the_pages(service):
    found = indicators_for_year(2024)
    late = found.timeliness.behind("children_late")
    assert [c.pk for c in late] == [service["late"].pk, service["young"].pk]
    (missing,) = found.timeliness.behind("not_held")[0].not_held
    assert (missing.deadline, missing.held) == (date(2025, 3, 31), None)
    assert [c.pk for c in found.participation.behind("participated")] == [service["on_time"].pk]


def test_the_figures_cover_only_the_children_asked_for(service):
    found = indicators_for_year(2024, Child.objects.filter(pk=service["late"].pk))
    assert (found.timeliness.children, found.timeliness.children_all_on_time) == (1, 0)
    assert found.participation.children == 1


def test_the_number_of_queries_does_not_grow_with_the_children(service, make_child):
    with CaptureQueriesContext(connection) as few:
        indicators_for_year(2024)
    for _ in range(5):
        child = make_child(start=date(2023, 1, 9))
        Review.objects.create(child=child, held_on=date(2024, 5, 1), participation="PN1")
    with CaptureQueriesContext(connection) as many:
        found = indicators_for_year(2024, Child.objects.filter(reviews__isnull=False).distinct())
    assert found.timeliness.children == 8
    assert len(few) == len(many) == 4  # closure days, children, episodes, reviews


def test_a_closure_day_of_the_authority_moves_a_first_review_deadline(make_child):
    # Into care 3 March 2025: 20 working days end on 31 March; a closure day on 10 March moves
    # the deadline to 1 April, after the year, so nothing falls due in it.
    make_child(start=date(2025, 3, 3))
    assert indicators_for_year(2024).timeliness.not_held == 1
    ClosureDay.objects.create(date=date(2025, 3, 10), reason="Staff training day")
    assert indicators_for_year(2024).timeliness.children == 0


def test_a_year_still_running_is_measured_to_today(service, clock):
    clock.set_to(date(2025, 3, 25))
    out = kpi("--year", "2024")
    assert "The year is not over: figures to 25/03/2025." in out
    data = json.loads(kpi("--year", "2024", "--json"))
    assert data["timeliness"]["not_held"] == 0  # 31 March has not come yet


def test_a_year_that_is_not_a_number_or_has_not_begun_is_refused_plainly(clock):
    with pytest.raises(CommandError, match="'twenty' is not a year: give the year the reporting"):
        kpi("--year", "twenty")
    clock.set_to(date(2025, 3, 25))
    with pytest.raises(CommandError, match="2025-26 begins on 1 April 2025, after today"):
        kpi("--year", "2025")


def test_an_empty_directory_name_or_a_year_in_other_digits_is_refused_plainly(service):
    # Not the records' figures instead of the files' the person asked for.
    with pytest.raises(CommandError, match="--from-903 needs a directory") as refused:
        kpi("--year", "2024", "--from-903", "")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="'²⁰²⁴' is not a year: give the year"):
        kpi("--year", "²⁰²⁴")


@pytest.mark.django_db(transaction=True)
def test_bad_input_exits_non_zero_with_a_message_and_no_traceback(tmp_path, capsys):
    def run(*args: str) -> tuple[int, str]:
        try:
            main(["kpi", *args])
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        _, err = capsys.readouterr()
        return code, err

    code, err = run("--year", "2024x")
    assert code == 2 and "'2024x' is not a year" in err and "Traceback" not in err
    code, err = run("--year", "2024", "--from-903", str(tmp_path / "nowhere"))
    assert code == 2 and "is not a directory" in err
    broken = with_cell(year_2023(), "Reviews", 0, "REVIEW", "31/02/2024")
    broken = with_cell(broken, "Episodes", 2, "LS", "Q9")
    folder = tmp_path / "return"
    folder.mkdir()
    for name, content in as_files(broken).items():
        (folder / name).write_bytes(content)
    code, err = run("--year", "2023", "--from-903", str(folder))
    assert code == 1 and "Traceback" not in err
    assert "cannot be read as an SSDA903 return (2 errors); no figures were worked out" in err
    assert "31/02/2024" in err and "Q9" in err


def test_figures_from_files_say_where_they_came_from(tmp_path):
    folder = tmp_path / "return"
    folder.mkdir()
    for name, content in as_files(year_2023()).items():
        (folder / name).write_bytes(content)
    out = kpi("--year", "2023", "--from-903", str(folder))
    assert f"Worked out from the SSDA903 files in {folder} (6 files)." in out
    data = json.loads(kpi("--year", "2023", "--from-903", str(folder), "--json"))
    assert data["year"] == "2023-24" and data["participation"]["by_code"]["PN0"] == 1
    later = kpi("--year", "2024", "--from-903", str(folder))
    assert "The files speak of nothing after 28/03/2024" in later


def comparable(found: YearIndicators) -> tuple[object, ...]:
    """Everything the indicators say about each child, without the database's ids."""
    t, p = found.timeliness, found.participation
    return (
        found.as_json(),
        [(c.reference, c.on_time, c.reviews) for c in t.lines],
        [(x.reference, x.date, x.reason) for x in t.left_out],
        [(c.reference, c.reviews) for c in p.lines],
        [(x.reference, x.date, x.reason) for x in p.left_out],
    )


def test_the_figures_from_files_equal_those_from_the_records_after_importing_them(clock):
    clock.set_to(date(2025, 4, 1))
    files = {path.name: path.read_bytes() for path in sorted(SAMPLE.glob("*.csv"))}
    # A closure day of the authority counts on both roads.
    ClosureDay.objects.create(date=date(2016, 6, 1), reason="Office move")
    from_files = {}
    started = time.perf_counter()
    for year in range(2014, 2025):
        from_files[year] = indicators_from_files(files, year).indicators
    took = time.perf_counter() - started
    assert import_return(files, by=None, source="sample").ok
    started = time.perf_counter()
    for year, found in from_files.items():
        assert comparable(indicators_for_year(year)) == comparable(found), year
    from_records = time.perf_counter() - started
    busiest = from_files[2017]
    print(f"\nsample, 11 years: from files {took:.1f} s, from the records {from_records:.1f} s")
    print(f"2017-18: {busiest.as_json()}")
    # The messy sample exercises every road: late, not held, short breaks, not looked after.
    t = busiest.timeliness
    assert t.children > 1000 and 0 < t.children_all_on_time < t.children
    assert t.reviews_late and t.not_held
    assert {x.reason for x in t.left_out} == {"short breaks", "not looked after"}
    assert 0 < busiest.participation.participated < busiest.participation.children
