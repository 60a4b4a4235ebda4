"""Every kind of bad row refuses the whole import, named by file, row, column, value and rule,
and leaves the database exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.apps import apps

from carereview.interchange.services import import_return
from carereview.records.models import Child, Episode
from carereview.reviews.models import Review
from tests.ssda903_files import Tables, as_files, with_cell, with_row, year_2023, year_2024

pytestmark = pytest.mark.django_db

NEWER = year_2024()
XLSX = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40


def snapshot() -> dict[str, object]:
    """Rows in every table, and the records an import writes, value by value."""
    state: dict[str, object] = {m._meta.label: m.objects.count() for m in apps.get_models()}
    state["children"] = list(Child.objects.order_by("pk").values())
    state["episodes"] = list(Episode.objects.order_by("pk").values())
    state["reviews"] = list(Review.objects.order_by("pk").values())
    return state


@pytest.fixture(autouse=True)
def _held(clock):
    """Each refusal is tried on top of an earlier year's return already held."""
    clock.set_to(date(2025, 4, 1))
    assert import_return(as_files(year_2023()), by=None, source="test").ok


def files_of(tables: Tables) -> dict[str, bytes]:
    return as_files(tables)


Case = tuple[Callable[[], dict[str, bytes]], tuple[str, int | None, str, str, str]]

CASES: dict[str, Case] = {
    "malformed date": (
        lambda: files_of(with_cell(NEWER, "Episodes", 1, "DECOM", "31/02/2024")),
        ("episodes.csv", 3, "DECOM", "31/02/2024", "date"),
    ),
    "date in another form": (
        lambda: files_of(with_cell(NEWER, "Reviews", 0, "REVIEW", "2024-09-20")),
        ("reviews.csv", 2, "REVIEW", "2024-09-20", "date"),
    ),
    "unknown RNE": (
        lambda: files_of(with_cell(NEWER, "Episodes", 0, "RNE", "X")),
        ("episodes.csv", 2, "RNE", "X", "code"),
    ),
    "unknown LS": (
        lambda: files_of(with_cell(NEWER, "Episodes", 0, "LS", "c9")),
        ("episodes.csv", 2, "LS", "c9", "code"),
    ),
    "unknown CIN": (
        lambda: files_of(with_cell(NEWER, "Episodes", 2, "CIN", "N9")),
        ("episodes.csv", 4, "CIN", "N9", "code"),
    ),
    "unknown PLACE": (
        lambda: files_of(with_cell(NEWER, "Episodes", 0, "PLACE", "U9")),
        ("episodes.csv", 2, "PLACE", "U9", "code"),
    ),
    "unknown PLACE_PROVIDER": (
        lambda: files_of(with_cell(NEWER, "Episodes", 0, "PLACE_PROVIDER", "PR9")),
        ("episodes.csv", 2, "PLACE_PROVIDER", "PR9", "code"),
    ),
    "unknown REC": (
        lambda: files_of(with_cell(NEWER, "Episodes", 1, "REC", "E99")),
        ("episodes.csv", 3, "REC", "E99", "code"),
    ),
    "unknown REVIEW_CODE": (
        lambda: files_of(with_cell(NEWER, "Reviews", 4, "REVIEW_CODE", "PN8")),
        ("reviews.csv", 6, "REVIEW_CODE", "PN8", "code"),
    ),
    "unknown SEX": (
        lambda: files_of(with_cell(NEWER, "Header", 3, "SEX", "3")),
        ("header.csv", 5, "SEX", "3", "code"),
    ),
    "unknown ETHNIC": (
        lambda: files_of(with_cell(NEWER, "Header", 0, "ETHNIC", "WXYZ")),
        ("header.csv", 2, "ETHNIC", "WXYZ", "code"),
    ),
    "unknown MOTHER": (
        lambda: files_of(with_cell(NEWER, "Header", 0, "MOTHER", "2")),
        ("header.csv", 2, "MOTHER", "2", "code"),
    ),
    "missing DOB": (
        lambda: files_of(with_cell(NEWER, "Header", 1, "DOB", "")),
        ("header.csv", 3, "DOB", "", "required"),
    ),
    "missing LS": (
        lambda: files_of(with_cell(NEWER, "Episodes", 3, "LS", "")),
        ("episodes.csv", 5, "LS", "", "required"),
    ),
    "end date without its reason": (
        lambda: files_of(with_cell(NEWER, "Episodes", 1, "REC", "")),
        ("episodes.csv", 3, "REC", "", "required"),
    ),
    "review without its code": (
        lambda: files_of(with_cell(NEWER, "Reviews", 1, "REVIEW_CODE", "")),
        ("reviews.csv", 3, "REVIEW_CODE", "", "167"),
    ),
    "episode for a child not in Header": (
        lambda: files_of(with_row(NEWER, "Episodes", "9999,01/05/2024,S,C2,N1,U4,PR1,,,,,,")),
        ("episodes.csv", 6, "CHILD", "9999", "child not in Header"),
    ),
    "review for a child not in Header": (
        lambda: files_of(with_row(NEWER, "Reviews", ["9999", "", "01/06/2024", "PN1"])),
        ("reviews.csv", 7, "CHILD", "9999", "child not in Header"),
    ),
    "other row for a child not in Header": (
        lambda: files_of(with_row(NEWER, "UASC", ["9999", "M", "01/01/2008", "01/01/2026"])),
        ("uasc.csv", 3, "CHILD", "9999", "child not in Header"),
    ),
    "child twice in Header, differently": (
        lambda: files_of(
            with_row(NEWER, "Header", ["1001", "F", "04/05/2012", "WBRI", "A100000001001", "", ""])
        ),
        ("header.csv", 6, "DOB", "04/05/2012", "Header conflict"),
    ),
    "episode ending before it starts": (
        lambda: files_of(with_cell(NEWER, "Episodes", 1, "DEC", "01/01/2023")),
        ("episodes.csv", 3, "DEC", "01/01/2023", "episode dates"),
    ),
    "two different episodes starting the same day": (
        lambda: files_of(with_row(NEWER, "Episodes", "87,02/06/2023,L,C1,N2,U6,PR1,,,,,,")),
        ("episodes.csv", 6, "DECOM", "02/06/2023", "same start"),
    ),
    "value too long": (
        lambda: files_of(with_cell(NEWER, "Episodes", 0, "URN", "SC1234567")),
        ("episodes.csv", 2, "URN", "SC1234567", "too long"),
    ),
    "no Header": (
        lambda: {k: v for k, v in files_of(NEWER).items() if k != "header.csv"},
        ("", None, "", "", "no Header"),
    ),
    "a spreadsheet, not CSV": (
        lambda: {**files_of(NEWER), "header.csv": XLSX},
        ("header.csv", None, "", "", "not CSV"),
    ),
    "not UTF-8": (
        lambda: {
            **files_of(NEWER),
            "header.csv": files_of(with_cell(NEWER, "Header", 2, "UPN", "Zoë"))["header.csv"]
            .decode()
            .encode("latin-1"),
        },
        ("header.csv", 4, "", "", "not UTF-8"),
    ),
    "columns of no table": (
        lambda: {**files_of(NEWER), "episodes.csv": b"CHILD,DECOM,RNE,LS,CIN,PLACE\r\n"},
        ("episodes.csv", 1, "", "CHILD,DECOM,RNE,LS,CIN,PLACE", "columns"),
    ),
    "the same table twice": (
        lambda: {**files_of(NEWER), "episodes-copy.csv": files_of(NEWER)["episodes.csv"]},
        ("episodes.csv", None, "", "", "table twice"),
    ),
    "a row with more cells than columns": (
        lambda: {
            **files_of(NEWER),
            "reviews.csv": files_of(NEWER)["reviews.csv"] + b"87,,01/10/2024,PN1,PN2\r\n",
        },
        ("reviews.csv", 7, "", "87,,01/10/2024,PN1,PN2", "cells"),
    ),
    "a column named twice": (
        lambda: {**files_of(NEWER), "uasc.csv": b"CHILD,SEX,DOB,DUC,DUC\r\n87,F,,,\r\n"},
        ("uasc.csv", 1, "DUC", "DUC", "repeated column"),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_bad_row_refuses_the_whole_import_and_leaves_the_database_as_it_was(case):
    make_files, expected = CASES[case]
    before = snapshot()
    result = import_return(make_files(), by=None, source="test")
    assert not result.ok
    assert result.counts == {}
    found = [(p.file, p.row, p.column, p.value, p.rule) for p in result.errors]
    assert expected in found
    assert all(p.message for p in result.errors)
    assert snapshot() == before


def test_the_message_says_in_plain_words_what_is_wrong_and_where():
    result = import_return(
        files_of(with_cell(NEWER, "Episodes", 1, "DECOM", "31/02/2024")), by=None, source="test"
    )
    assert [p.message for p in result.errors] == [
        "Episodes row 3, column DECOM: '31/02/2024' is not a date (dd/mm/yyyy)"
    ]


def test_every_error_is_reported_not_just_the_first():
    tables = with_cell(NEWER, "Episodes", 0, "LS", "Q1")
    tables = with_cell(tables, "Reviews", 2, "REVIEW", "32/01/2024")
    tables = with_row(tables, "Reviews", ["4242", "", "01/06/2024", "PN1"])
    result = import_return(files_of(tables), by=None, source="test")
    assert [(p.file, p.row, p.rule) for p in result.errors] == [
        ("episodes.csv", 2, "code"),
        ("reviews.csv", 4, "date"),
        ("reviews.csv", 7, "child not in Header"),
    ]


def test_an_unrecognised_file_names_the_nearest_table_and_the_columns_it_lacks():
    files = {**files_of(NEWER), "episodes.csv": b"CHILD,DECOM,RNE,LS,CIN,PLACE\r\n"}
    [error] = import_return(files, by=None, source="test").errors
    assert error.message == (
        "episodes.csv: its columns are not those of any table of the return; the nearest is "
        "Episodes, which also needs PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, "
        "PL_POST, URN"
    )
