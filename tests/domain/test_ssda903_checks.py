"""The inconsistencies real returns carry, imported as warnings with the rule and the row."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.domain.ssda903.reader import read_return
from tests.ssda903_files import as_files, rows

TODAY = date(2025, 4, 1)


def one_child(episodes: str, reviews: str, *, dob: str = "10/06/2015") -> dict[str, bytes]:
    """A return for one made-up child, 500, born `dob`."""
    tables = {
        "Header": [["500", "1", dob, "WBRI", "A100000000500", "", ""]],
        "Episodes": rows(episodes),
        "Reviews": [["500", dob, *row] for row in rows(reviews)] if reviews.strip() else [],
    }
    return as_files(tables)


IN_CARE = "500,01/01/2019,S,C2,N1,U4,PR1,,,,,,"


def warnings(files: dict[str, bytes], today: date | None = TODAY) -> list[tuple[str, int | None]]:
    result = read_return(files, today=today)
    assert result.errors == []
    return [(w.rule, w.row) for w in result.warnings]


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        ("09/06/2019,PN0", []),  # under 4
        ("09/06/2019,PN1", [("441", 2)]),
        ("10/06/2019,PN0", []),  # the fourth birthday: either
        ("10/06/2019,PN5", []),
        ("11/06/2019,PN0", [("440", 2)]),
        ("11/06/2019,PN7", []),
    ],
)
def test_pn0_is_for_under_fours_and_pn1_to_pn7_for_four_and_over(review, expected):
    assert warnings(one_child(IN_CARE, review)) == expected


def test_a_child_born_on_29_february_is_four_on_29_february_four_years_on():
    files = one_child(IN_CARE, "28/02/2024,PN1\n29/02/2024,PN1\n01/03/2024,PN0", dob="29/02/2020")
    assert warnings(files) == [("441", 2), ("440", 4)]


def test_a_review_outside_any_period_of_care_is_a_warning():
    episodes = (
        "500,01/01/2019,S,C2,N1,U4,PR1,31/12/2019,E4A,,,,\n500,01/06/2020,S,V2,N1,U4,PR1,,,,,,"
    )
    reviews = "31/12/2018,PN1\n31/12/2019,PN1\n15/03/2020,PN1\n01/06/2020,PN1"
    assert warnings(one_child(episodes, reviews, dob="10/06/2010")) == [
        ("outside care", 2),
        ("outside care", 4),
    ]


def test_a_review_for_a_child_with_no_episodes_is_outside_care():
    result = read_return(one_child("", "01/02/2021,PN1"), today=TODAY)
    [warning] = result.warnings
    assert warning.rule == "outside care"
    assert "child '500' has no episodes in the return" in warning.message


def test_a_review_for_a_child_looked_after_only_under_short_breaks_is_399():
    episodes = (
        "500,01/01/2021,S,V3,N2,R1,PR1,03/01/2021,E4A,,,,\n500,01/02/2021,S,V3,N2,R1,PR1,,,,,,"
    )
    assert warnings(one_child(episodes, "02/01/2021,PN1")) == [("399", 2)]


def test_overlapping_episodes_are_warned_but_adjacent_ones_are_not():
    episodes = (
        "500,01/01/2019,S,C2,N1,U4,PR1,01/03/2019,X1,,,,\n"  # adjacent to the next
        "500,01/03/2019,P,C2,N1,U6,PR1,10/05/2019,X1,,,,\n"
        "500,01/05/2019,P,C2,N1,U4,PR1,,,,,,\n"  # starts before the last one ended
        "500,01/06/2019,P,C2,N1,U6,PR1,,,,,,"  # the one before is still open
    )
    result = read_return(one_child(episodes, ""), today=TODAY)
    assert [(w.rule, w.row) for w in result.warnings] == [("overlap", 4), ("overlap", 5)]
    assert "which starts 01/03/2019 and ends on 10/05/2019" in result.warnings[0].message
    assert "which starts 01/05/2019 and is still open" in result.warnings[1].message


def test_a_reason_the_episode_ended_without_its_date_is_read_as_still_open():
    result = read_return(one_child("500,01/01/2019,S,C2,N1,U4,PR1,,X1,,,,", ""), today=TODAY)
    assert [(w.rule, w.column, w.value) for w in result.warnings] == [
        ("REC without DEC", "REC", "X1")
    ]
    assert (result.episodes[0].dec, result.episodes[0].rec) == (None, "")


def test_a_date_of_birth_in_reviews_differing_from_header_is_int17():
    files = as_files(
        {
            "Header": [["500", "1", "10/06/2015", "WBRI", "", "", ""]],
            "Episodes": rows(IN_CARE),
            "Reviews": [["500", "11/06/2015", "01/02/2021", "PN1"]],
        }
    )
    result = read_return(files, today=TODAY)
    assert [(w.rule, w.value) for w in result.warnings] == [("INT17", "11/06/2015")]
    assert result.reviews[0].dob == date(2015, 6, 11)


def test_the_same_review_twice_is_loaded_once_saying_which_code_was_kept():
    result = read_return(
        one_child(IN_CARE, "01/02/2021,PN1\n01/02/2021,PN1\n01/02/2021,PN6"), today=TODAY
    )
    assert [(w.rule, w.row) for w in result.warnings] == [("same review", 3), ("same review", 4)]
    assert result.warnings[0].message.endswith("is already in row 2; loaded once")
    assert "with row 2's code PN1 (this row's PN6 is not loaded)" in result.warnings[1].message
    assert [r.review_code for r in result.reviews] == ["PN1"]


def test_a_review_dated_after_the_day_of_the_import_is_not_loaded():
    result = read_return(one_child(IN_CARE, "01/04/2025,PN1\n02/04/2025,PN1"), today=TODAY)
    [warning] = result.warnings
    assert (warning.rule, warning.row, warning.value) == ("future review", 3, "02/04/2025")
    assert (
        "a review cannot have been held in the future, so this row is not loaded" in warning.message
    )
    assert [r.review for r in result.reviews] == [date(2025, 4, 1)]


def test_without_a_day_of_import_no_review_is_dropped_for_its_date():
    assert len(read_return(one_child(IN_CARE, "02/04/2030,PN1"), today=None).reviews) == 1


def test_every_warning_names_file_row_column_value_and_rule_in_file_order():
    files = one_child("500,01/01/2019,S,C2,N1,U4,PR1,,X1,,,,", "11/06/2019,PN0\n01/02/2021,PN1")
    result = read_return(files, today=TODAY)
    assert [(w.file, w.row, w.column, w.value, w.rule) for w in result.warnings] == [
        ("episodes.csv", 2, "REC", "X1", "REC without DEC"),
        ("reviews.csv", 2, "REVIEW_CODE", "PN0", "440"),
    ]
