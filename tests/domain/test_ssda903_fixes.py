"""Reading and writing a return safely: bytes no text holds, impossible dates, two tables in one
file, a history that starts part-way through a period of care, and a year's files as they stood
on its 31 March (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.domain.ssda903.cells import format_date, parse_date
from carereview.domain.ssda903.checks import check_return
from carereview.domain.ssda903.reader import parse_return, read_return
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow
from carereview.domain.ssda903.writer import ReturnRows, child_order, export_return, select_year
from carereview.domain.ssda903.years import infer_year
from carereview.domain.timescales.model import Episode
from tests.ssda903_files import as_files, csv_text, with_cell, with_row, year_2023, year_2024

TODAY = date(2025, 4, 1)


def problems(files: dict[str, bytes], kind: str = "errors") -> list[tuple[str, str, int | None]]:
    read = read_return(files, today=TODAY)
    return [(p.rule, p.column, p.row) for p in getattr(read, kind)]


def test_a_nul_byte_anywhere_refuses_the_file_naming_its_row():
    files = as_files(year_2023())
    padding = "".join(f"1001,03/05/2012,01/{m:02d}/2023,PN1\r\n" for m in range(1, 13)) * 40
    assert len(padding) > 8192
    files["reviews.csv"] += padding.encode() + b"1001,03/05/2012,\x00,PN1\r\n"
    [error] = read_return(files, today=TODAY).errors
    assert (error.file, error.rule) == ("reviews.csv", "not CSV")
    assert error.row == files["reviews.csv"].count(b"\n")
    assert "holds a NUL character" in error.message


def test_a_file_holding_two_tables_is_refused_not_half_read():
    both = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,"
    both += "DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
    files = {"everything.csv": both.encode()}
    [error] = parse_return(files).errors
    assert (error.file, error.rule) == ("everything.csv", "two tables")
    assert error.message == (
        "everything.csv: this file holds two tables (Header and Episodes): give each its own file"
    )


@pytest.mark.parametrize("written", ["01/01/1899", "14/07/2106", "14/07/0206"])
def test_a_year_outside_1900_to_2100_is_not_a_date(written):
    files = as_files(with_cell(year_2023(), "Header", 0, "DOB", written))
    [error] = read_return(files, today=TODAY).errors
    assert (error.file, error.row, error.column, error.value, error.rule) == (
        "header.csv", 2, "DOB", written, "date",
    )  # fmt: skip
    assert "its year is not between 1900 and 2100" in error.message
    assert parse_date(written) is None


def test_a_date_of_birth_after_the_day_of_the_import_is_refused():
    files = as_files(with_cell(year_2023(), "Header", 2, "DOB", "02/04/2025"))
    read = read_return(files, today=TODAY)
    assert [(p.file, p.row, p.column, p.value, p.rule) for p in read.errors] == [
        ("header.csv", 4, "DOB", "02/04/2025", "future birth"),
    ]
    assert "cannot be in the future" in read.errors[0].message


def test_dates_are_written_with_four_digit_years():
    assert format_date(date(999, 1, 2)) == "02/01/0999"
    assert format_date(date(2024, 3, 31)) == "31/03/2024"


def test_a_reference_with_a_superscript_digit_sorts_as_text_not_a_crash():
    assert sorted(["²", "10", "9"], key=child_order) == ["9", "10", "²"]


def test_a_history_starting_part_way_through_a_period_of_care_is_a_warning():
    # The next year's file alone: 87's and 1001's periods began in the year before (RNE L, P).
    read = read_return(as_files(year_2024()), today=TODAY)
    assert [(p.rule, p.row, p.column, p.value) for p in read.warnings] == [
        ("not S at start", 2, "RNE", "L"),
        ("not S at start", 3, "RNE", "P"),
    ]
    assert read.warnings[0].message.startswith(
        "Episodes row 2 (child '87', starting 02/06/2023): The history begins with RNE L on "
        "02/06/2023, not S"
    )


def test_the_episodes_held_already_give_the_start_of_the_period():
    read = parse_return(as_files(year_2024()))
    held = {
        "87": [Episode(date(2022, 3, 20), "S", "V2", "U6", date(2023, 6, 2), "X1")],
        "1001": [Episode(date(2023, 1, 10), "S", "C1", "U4", date(2023, 8, 14), "X1")],
    }
    assert check_return(read, today=TODAY, held=held).warnings == []


def test_a_new_period_without_s_is_a_warning_with_its_rule():
    tables = with_row(year_2023(), "Episodes", "1002,01/02/2024,P,C2,N1,U6,PR1,,,,,,")
    assert ("no S", "RNE", 9) in problems(as_files(tables), "warnings")


def test_a_years_files_leave_out_the_ends_after_its_31_march():
    dob = date(2010, 1, 1)
    rows = ReturnRows(
        header=[HeaderRow("1", "1", dob, "WBRI")],
        episodes=[EpisodeRow("1", date(2023, 5, 1), "S", "C2", "N1", "U4", "PR1",
                             date(2024, 6, 30), "E4A")],
        others=[
            OtherRow("Missing", "1", (("DOB", "01/01/2010"), ("MISSING", "M"),
                                      ("MIS_START", "30/03/2024"), ("MIS_END", "02/04/2024"))),
            OtherRow("PlacedAdoption", "1", (("DOB", "01/01/2010"), ("DATE_PLACED", "01/03/2024"),
                     ("DATE_PLACED_CEASED", "05/05/2024"), ("REASON_PLACED_CEASED", "E4A"))),
            OtherRow("SWEpisodes", "1", (("DOB", "01/01/2010"), ("SW_ID", "SW1"),
                     ("SW_DECOM", "01/05/2023"), ("SW_DEC", "01/04/2024"), ("SW_REASON", "CHCOM"))),
        ],
    )  # fmt: skip
    year = select_year(rows, 2023)
    assert (year.episodes[0].dec, year.episodes[0].rec) == (None, "")
    ends = {o.table: dict(o.cells) for o in year.others}
    assert ends["Missing"]["MIS_END"] == ""
    assert (ends["PlacedAdoption"]["DATE_PLACED_CEASED"], ends["PlacedAdoption"][
        "REASON_PLACED_CEASED"]) == ("", "")  # fmt: skip
    assert (ends["SWEpisodes"]["SW_DEC"], ends["SWEpisodes"]["SW_REASON"]) == ("", "")
    later = select_year(rows, 2024)
    assert later.episodes[0].dec == date(2024, 6, 30)
    assert {o.table: dict(o.cells) for o in later.others}["SWEpisodes"]["SW_DEC"] == "01/04/2024"


def test_a_years_own_row_of_a_per_child_table_is_exported_even_for_a_care_leaver():
    dob = date(2005, 1, 1)
    rows = ReturnRows(
        header=[HeaderRow("7", "1", dob, "WBRI")],
        others=[
            OtherRow("OC3", "7", (("DOB", "01/01/2005"), ("IN_TOUCH", "YES")), year=2023),
            OtherRow("OC3", "7", (("DOB", "01/01/2005"), ("IN_TOUCH", "NO")), year=2024),
        ],
    )
    files = export_return(rows, year=2023).files
    assert files["oc3.csv"].split(b"\r\n")[1] == b"7,01/01/2005,YES,,"
    assert files["header.csv"].split(b"\r\n")[1] == b"7,1,01/01/2005,WBRI,,,"


def test_the_year_of_a_return_is_that_of_its_latest_date_up_to_today():
    assert infer_year(read_return(as_files(year_2023()), today=TODAY), TODAY) == 2023
    assert infer_year(read_return(as_files(year_2024()), today=TODAY), TODAY) == 2024
    only_header = read_return({"h.csv": csv_text("Header", year_2023()["Header"]).encode()})
    assert infer_year(only_header, TODAY) == 2024  # the latest year ended by today
