"""Reading an SSDA903 return's CSV files (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.domain.ssda903.reader import parse_date, read_directory, read_return
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, ReviewRow
from carereview.domain.ssda903.tables import TABLES, recognise
from tests.ssda903_files import as_files, csv_text, with_row, year_2023

TODAY = date(2025, 4, 1)


def read(files: dict[str, bytes]):
    return read_return(files, today=TODAY)


def test_a_clean_return_reads_into_typed_rows_without_a_problem():
    result = read(as_files(year_2023()))
    assert (result.errors, result.warnings) == ([], [])
    assert result.header[0] == HeaderRow(
        "87", "2", date(2006, 7, 14), "BAFR", "A100000000087", "1", date(2023, 11, 2)
    )
    assert result.header[0].line == 2
    assert result.episodes[3] == EpisodeRow(
        "1001", date(2023, 8, 14), "P", "C2", "N1", "U6", "PR4", None, "", "CARPL",
        "XY1 1AA", "XY3 3CC", "SC100002",
    )  # fmt: skip
    assert result.reviews[4] == ReviewRow("1002", date(2020, 9, 21), date(2023, 5, 12), "PN0")
    assert [
        (r.table, r.child, r.cell("MIS_START")) for r in result.others if r.table == "Missing"
    ] == [
        ("Missing", "87", "01/09/2023"),
        ("Missing", "1010", "10/12/2023"),
    ]
    assert result.files == {
        "Header": "header.csv",
        "Episodes": "episodes.csv",
        "Reviews": "reviews.csv",
        "UASC": "uasc.csv",
        "OC2": "oc2.csv",
        "Missing": "missing.csv",
    }


def test_letter_case_spaces_byte_order_mark_short_dates_and_file_names_do_not_matter():
    canonical = read(as_files(year_2023()))
    messy = {}
    for number, content in enumerate(as_files(year_2023(), line_end="\n").values()):
        text = content.decode()
        header, body = text.split("\n", 1)
        header = ", ".join(f" {column.lower()} " for column in header.split(","))
        body = body.replace("PN", "pn").replace(",C2,", ",c2,").replace("/0", "/")
        messy[f"export-{number}.CSV"] = ("\ufeff" + header + "\n" + body + "\n\n").encode()
    result = read(messy)
    assert result.errors == []
    assert (result.header, result.episodes, result.reviews) == (
        canonical.header,
        canonical.episodes,
        canonical.reviews,
    )

    def by_table(rows):
        return sorted(rows, key=lambda r: (r.table, r.line))

    assert by_table(result.others) == by_table(canonical.others)


def test_columns_in_another_order_are_read_by_name():
    text = "REVIEW_CODE,REVIEW,DOB,CHILD\r\npn3,4/5/2023,03/05/2012,1001\r\n"
    files = {**as_files(year_2023()), "reviews.csv": text.encode()}
    assert read(files).reviews == [ReviewRow("1001", date(2012, 5, 3), date(2023, 5, 4), "PN3")]


@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_recognised_by_its_set_of_columns(table):
    columns = list(reversed(TABLES[table].columns))
    assert recognise([c.lower() for c in columns]).table is TABLES[table]


def test_a_column_of_no_table_is_ignored_with_a_warning():
    text = csv_text("Missing", [["87", "14/07/2006", "A", "01/09/2023", "02/09/2023"]])
    text = text.replace("MIS_END", "MIS_END,LA_CODE", 1).replace("02/09/2023", "02/09/2023,812")
    result = read({**as_files(year_2023()), "missing.csv": text.encode()})
    assert result.errors == []
    assert [(w.rule, w.column) for w in result.warnings] == [("extra column", "LA_CODE")]


def test_a_review_row_with_neither_date_nor_code_is_allowed_and_skipped():
    # Validator rule 167: a code with every date, or both blank.
    result = read(as_files(with_row(year_2023(), "Reviews", ["1001", "03/05/2012", "", ""])))
    assert result.errors == [] and len(result.reviews) == 7


def test_mother_written_as_a_decimal_is_read_as_a_whole_number_with_a_warning():
    tables = year_2023()
    tables["Header"][0][5] = "1.0"
    result = read(as_files(tables))
    assert result.header[0].mother == "1"
    [warning] = result.warnings
    assert (warning.file, warning.row, warning.column, warning.value, warning.rule) == (
        "header.csv", 2, "MOTHER", "1.0", "decimal",
    )  # fmt: skip


def test_a_child_listed_twice_in_header_exactly_the_same_is_read_once():
    tables = with_row(year_2023(), "Header", "1002,1,21/09/2020,MWBC,A100000001002,,")
    result = read(as_files(tables))
    assert result.errors == [] and len(result.header) == 4
    assert [(w.rule, w.row) for w in result.warnings] == [("same row", 6)]


def test_the_same_episode_twice_is_read_once():
    tables = with_row(year_2023(), "Episodes", ",".join(year_2023()["Episodes"][0]))
    result = read(as_files(tables))
    assert len(result.episodes) == 7
    assert [(w.rule, w.row) for w in result.warnings] == [("same row", 9)]


def test_a_directory_is_read_as_one_return_from_its_csv_files(tmp_path):
    for name, content in as_files(year_2023()).items():
        (tmp_path / name.upper()).write_bytes(content)
    (tmp_path / "notes.txt").write_text("not part of the return")
    result = read_directory(tmp_path, today=TODAY)
    assert result.errors == [] and len(result.reviews) == 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/05/2023", date(2023, 5, 4)),
        ("4/5/2023", date(2023, 5, 4)),
        ("29/02/2024", date(2024, 2, 29)),
        ("29/02/2023", None),
        ("31/04/2023", None),
        ("2023-05-04", None),
        ("04/05/23", None),
        ("04/05/2023 00:00", None),
    ],
)
def test_dates_are_day_month_year(text, expected):
    assert parse_date(text) == expected
