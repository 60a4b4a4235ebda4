"""Writing SSDA903 tables back to CSV, and what a collection year's return holds (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.domain.ssda903.reader import read_return
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow, ReviewRow
from carereview.domain.ssda903.writer import (
    ReturnRows,
    child_order,
    export_return,
    select_year,
    sex_for_year,
    write_return,
)
from tests.ssda903_files import as_files, year_2023

TODAY = date(2025, 4, 1)


def rows_of(files: dict[str, bytes]) -> ReturnRows:
    read = read_return(files, today=TODAY)
    assert read.errors == []
    return ReturnRows(read.header, read.episodes, read.reviews, read.others)


def test_a_return_read_and_written_again_is_byte_for_byte_the_same():
    files = as_files(year_2023())
    assert write_return(rows_of(files), year=2023) == files
    assert export_return(rows_of(files), year=2023).files == files


def test_the_written_form_is_canonical_whatever_form_was_read():
    files = {
        name: content.replace(b"\r\n", b"\n").replace(b"PN", b"pn").replace(b"/07/", b"/7/")
        for name, content in as_files(year_2023()).items()
    }
    # Rows given in another order come out by child (in number order), then date.
    files["reviews.csv"] = b"\n".join(reversed(files["reviews.csv"].strip().split(b"\n")[1:]))
    files["reviews.csv"] = b"CHILD,DOB,REVIEW,REVIEW_CODE\n" + files["reviews.csv"]
    assert write_return(rows_of(files), year=2023) == as_files(year_2023())


def test_every_line_ends_crlf_and_dates_are_day_month_year():
    written = write_return(rows_of(as_files(year_2023())), year=2023)["reviews.csv"]
    assert written.count(b"\r\n") == written.count(b"\n") == 8
    assert written.split(b"\r\n")[1] == b"87,14/07/2006,10/10/2023,PN6"


@pytest.mark.parametrize(
    ("code", "year", "written"),
    [("1", 2023, "1"), ("M", 2023, "1"), ("F", 2023, "2"), ("2", 2024, "F"), ("1", None, "M")],
)
def test_sex_is_written_as_numbers_up_to_2023_24_and_as_letters_after(code, year, written):
    assert sex_for_year(code, year) == written
    assert sex_for_year("U", year) == "U"


def test_children_are_in_number_order_when_their_references_are_numbers():
    assert sorted(["1001", "87", "B2", "9", "A1"], key=child_order) == [
        "9",
        "87",
        "1001",
        "A1",
        "B2",
    ]


def episode(child: str, decom: date, dec: date | None = None) -> EpisodeRow:
    return EpisodeRow(child, decom, "S", "C2", "N1", "U4", "PR1", dec, "E8" if dec else "")


def test_a_year_holds_the_episodes_open_at_any_time_in_it_and_the_reviews_held_in_it():
    dob = date(2010, 1, 1)
    rows = ReturnRows(
        header=[HeaderRow(str(n), "1", dob, "WBRI") for n in range(1, 8)],
        episodes=[
            episode("1", date(2020, 1, 1), date(2024, 3, 31)),  # ended the day before
            episode("2", date(2020, 1, 1), date(2024, 4, 1)),  # open on the first day
            episode("3", date(2025, 3, 31)),  # began on the last day
            episode("4", date(2025, 4, 1)),  # began the day after
            episode("5", date(2022, 1, 1)),  # open throughout
        ],
        reviews=[
            ReviewRow("1", dob, date(2024, 3, 31), "PN1"),
            ReviewRow("6", dob, date(2024, 4, 1), "PN1"),  # a review, but no episode in the year
            ReviewRow("6", dob, date(2025, 3, 31), "PN1"),
            ReviewRow("6", dob, date(2025, 4, 1), "PN1"),
        ],
        others=[
            OtherRow("Missing", "7", (("DOB", "01/01/2010"), ("MIS_START", "30/03/2025"))),
            OtherRow(
                "Missing",
                "1",
                (("DOB", "01/01/2010"), ("MIS_START", "01/01/2024"), ("MIS_END", "02/01/2024")),
            ),  # ended before the year
            OtherRow("OC2", "2", (("DOB", "01/01/2010"),)),
            OtherRow("OC2", "4", (("DOB", "01/01/2010"),)),
        ],
    )
    year = select_year(rows, 2024)
    assert [e.child for e in year.episodes] == ["2", "3", "5"]
    assert [(r.child, r.review) for r in year.reviews] == [
        ("6", date(2024, 4, 1)),
        ("6", date(2025, 3, 31)),
    ]
    # Header takes in every child with a row in the year, so the files import again.
    assert sorted(h.child for h in year.header) == ["2", "3", "5", "6", "7"]
    assert [(o.table, o.child) for o in year.others] == [("Missing", "7"), ("OC2", "2")]


def test_an_export_of_everything_writes_every_row_with_sex_as_letters():
    files = export_return(rows_of(as_files(year_2023())), year=None).files
    assert (
        files["header.csv"].split(b"\r\n")[1] == b"87,F,14/07/2006,BAFR,A100000000087,1,02/11/2023"
    )
    assert files["uasc.csv"].split(b"\r\n")[1] == b"87,F,14/07/2006,14/07/2024"
    assert sorted(files) == [
        "episodes.csv", "header.csv", "missing.csv", "oc2.csv", "reviews.csv", "uasc.csv",
    ]  # fmt: skip
