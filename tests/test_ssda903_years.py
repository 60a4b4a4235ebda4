"""Several years' returns held together: each year's export gives back that year's files, the
tables with one row per child are held per year, and what an export leaves out is said."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.interchange.models import HeldRow
from carereview.interchange.services import export_return, import_return
from carereview.records.models import Child
from carereview.reviews.models import Review
from tests.ssda903_files import Tables, as_files, with_cell, with_row, year_2023, year_2024

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set_to(date(2025, 4, 1))


def next_year() -> Tables:
    """year_2024 as a council's next return that corrects nothing of the year before (so the
    older year can come back byte for byte) and holds only its own year's reviews."""
    tables = with_cell(year_2024(), "Episodes", 0, "CIN", "N1")
    del tables["Reviews"][2]  # 27/03/2024: in 2023-24, not this year
    tables["Reviews"].insert(3, ["1010", "30/01/2009", "27/03/2025", "PN5"])
    return tables


def imported(tables: Tables, **options) -> None:
    result = import_return(as_files(tables), by=None, source="test", **options)
    assert result.ok, result.errors


def test_two_years_imported_each_export_as_their_own_files_byte_for_byte():
    older, newer = as_files(year_2023()), as_files(next_year())
    imported(year_2023())
    imported(next_year())
    # 2023-24 as it stood on 31 March 2024: 1001's episode open (its end in June 2024 blank),
    # OC2 and 87's UASC row as the older return gave them (SEX 2, not the newer F).
    assert export_return(2023, by=None).files == older
    assert export_return(2024, by=None).files == newer


def test_the_rows_held_one_per_child_are_held_per_collection_year():
    imported(year_2023())
    imported(next_year())
    uasc = HeldRow.objects.filter(table="UASC", child__reference="87").order_by("key")
    assert [(row.key, row.cells["SEX"]) for row in uasc] == [("2023", "2"), ("2024", "F")]
    # OC2 is only in the older return: the newer year's export has none.
    assert "oc2.csv" not in export_return(2024, by=None).files
    # Everything held: the newest year's row of each child.
    everything = export_return(None, by=None).files
    assert everything["uasc.csv"].split(b"\r\n")[1:-1] == [b"87,F,14/07/2006,14/07/2024"]


def test_the_year_of_a_return_is_worked_out_from_its_dates_or_given():
    first = import_return(as_files(year_2023()), by=None, source="test")
    assert (first.year, first.year_inferred) == (2023, True)
    second = import_return(as_files(year_2023()), by=None, source="test", year=2022)
    assert (second.year, second.year_inferred) == (2022, False)
    assert sorted(HeldRow.objects.filter(table="OC2").values_list("key", flat=True)) == [
        "2022",
        "2023",
    ]
    with pytest.raises(ValueError, match="2000 to 2100"):
        import_return(as_files(year_2023()), by=None, source="test", year=20244)


def test_an_older_year_leaves_out_the_ends_that_came_after_it():
    tables = with_row(
        year_2023(), "Missing", "1010,30/01/2009,M,30/03/2024,02/04/2024"
    )  # missing over the year's end
    imported(tables)
    imported(next_year())
    files = export_return(2023, by=None).files
    assert b"1010,30/01/2009,M,30/03/2024,\r\n" in files["missing.csv"]
    assert b"1001,14/08/2023,P,C2,N1,U6,PR4,,,CARPL," in files["episodes.csv"]
    assert (
        b"1001,14/08/2023,P,C2,N1,U6,PR4,30/06/2024,E4A,CARPL,"
        in (export_return(2024, by=None).files["episodes.csv"])
    )


def test_a_review_with_no_participation_code_is_left_out_and_listed():
    imported(year_2023())
    child = Child.objects.get(reference="1001")
    Review.objects.create(child=child, held_on=date(2024, 2, 1), participation="")
    exported = export_return(2023, by=None)
    assert b"01/02/2024" not in exported.files["reviews.csv"]
    assert exported.warnings == [
        "Child '1001': the review held on 01/02/2024 has no participation code (PN0-PN7) and "
        "is left out: the return needs one with every review (rule 167); record it on the review"
    ]
    assert export_return(2024, by=None).warnings == []  # not that year's review


def test_a_short_break_only_childs_reviews_are_left_out_of_the_year_and_listed():
    tables = with_row(year_2023(), "Header", "2001,1,01/01/2015,WBRI,A100000002001,,")
    tables = with_row(tables, "Episodes", "2001,01/06/2023,S,V3,N1,U6,PR1,02/06/2023,E4A,,,,")
    tables = with_row(tables, "Reviews", "2001,01/01/2015,01/06/2023,PN1")
    imported(tables)
    exported = export_return(2023, by=None)
    assert b"2001,01/01/2015,01/06/2023" not in exported.files["reviews.csv"]
    assert b"2001,01/06/2023,S,V3" in exported.files["episodes.csv"]
    assert exported.warnings == [
        "Child '2001' was looked after only under short breaks (V3/V4) in 2023-24, for whom "
        "the return holds no reviews (rule 399): 1 review(s) held in the year left out"
    ]


def test_sex_not_stated_before_2024_25_is_written_u_and_listed():
    imported(with_cell(year_2023(), "Header", 1, "SEX", "U"))
    exported = export_return(2023, by=None)
    assert b"\r\n1001,U,03/05/2012," in exported.files["header.csv"]
    assert [w for w in exported.warnings if "sex not stated" in w] == [
        "Child '1001': sex not stated (U), for which the 2023-24 return has no code (1 male or "
        "2 female until 2024-25): written U, which the DfE's validator will not accept until "
        "the child's sex is recorded"
    ]
    assert export_return(2024, by=None).warnings == []  # U is a code from 2024-25
