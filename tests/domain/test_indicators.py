"""The timeliness and participation indicators, worked by hand on made-up children.

The reporting year is 2024-25 (1 April 2024 to 31 March 2025) throughout.  Deadlines: first
review within 20 working days of coming into care (CPPCR 2010 reg 33(1)), the second within
3 months of the first, later ones within 6 months (reg 33(2)); the working days are England's
(bank holidays 26 August 2024, 25-26 December 2024, 1 January 2025).
"""

from __future__ import annotations

from datetime import date

import pytest

from carereview.domain.calendar import england_calendar
from carereview.domain.indicators import (
    ChildRecord,
    ReviewRecord,
    as_json,
    participation,
    percent,
    reporting_year,
    timeliness,
    year_label,
)
from carereview.domain.indicators.timeliness import NOT_LOOKED_AFTER, SHORT_BREAKS
from carereview.domain.timescales import Episode

CAL = england_calendar()
YEAR = 2024


def child(
    reference: str,
    episodes: list[Episode],
    reviews: list[tuple[date, str] | date],
    dob: date = date(2012, 5, 1),
) -> ChildRecord:
    held = tuple(
        ReviewRecord(r, "PN1") if isinstance(r, date) else ReviewRecord(*r) for r in reviews
    )
    return ChildRecord(reference, dob, tuple(episodes), held)


def in_care(since: date, until: date | None = None, rec: str | None = None) -> list[Episode]:
    return [Episode(since, "S", "C2", "U4", until, rec)]


def only(children: list[ChildRecord]):
    return timeliness(children, YEAR, CAL)


# Came into care 1 June 2023: first review due 29 June 2023 (20 working days), held 20 June;
# second due 20 September, held 15 September; third due 15 March 2024, held 14 March 2024.
SINCE_2023 = [date(2023, 6, 20), date(2023, 9, 15), date(2024, 3, 14)]


def test_the_reporting_year_runs_from_1_april_to_31_march() -> None:
    assert reporting_year(2024) == (date(2024, 4, 1), date(2025, 3, 31))
    assert year_label(2024) == "2024-25"
    assert year_label(1999) == "1999-00"


def test_the_first_review_in_the_year_is_measured_from_the_last_one_before_1_april() -> None:
    # Last review before the year: 14 March 2024, so the next is due by 14 September 2024 - not
    # six months from 1 April.  Held 20 September: six days late, and the child fails the year
    # although the next one (due 20 March 2025) was held on time.
    record = child(
        "A1", in_care(date(2023, 6, 1)), [*SINCE_2023, date(2024, 9, 20), date(2025, 3, 1)]
    )
    result = only([record])
    (line,) = result.lines
    first, second = line.reviews
    assert first.measured_from == date(2024, 3, 14)
    assert first.deadline == date(2024, 9, 14)
    assert (first.held, first.on_time, first.days_late) == (date(2024, 9, 20), False, 6)
    assert second.deadline == date(2025, 3, 20) and second.on_time and second.days_late == 0
    assert "6 months" in first.rule and "reg 33(2)" in first.citation
    assert line.on_time is False
    assert (result.children, result.children_all_on_time, result.percent) == (1, 0, 0.0)
    assert (result.reviews, result.reviews_on_time, result.reviews_late) == (2, 1, 1)
    assert result.not_held == 0


def test_a_child_whose_every_review_was_on_time_passes() -> None:
    record = child(
        "A2", in_care(date(2023, 6, 1)), [*SINCE_2023, date(2024, 9, 14), date(2025, 3, 14)]
    )
    result = only([record])
    assert result.lines[0].on_time
    assert (result.children, result.children_all_on_time, result.percent) == (1, 1, 100.0)
    assert [r.days_late for r in result.lines[0].reviews] == [0, 0]


def test_a_review_held_one_day_after_its_deadline_is_late() -> None:
    record = child("A3", in_care(date(2023, 6, 1)), [*SINCE_2023, date(2024, 9, 15)])
    result = only([record])
    assert result.reviews_late == 1 and result.lines[0].reviews[0].days_late == 1


def test_a_review_due_in_march_and_not_held_by_31_march_fails_the_child() -> None:
    # Into care 3 June 2024: first due 1 July, held 25 June; second due 25 September, held 20
    # September; third due 20 March 2025, not held by 31 March (held 2 April: next year's).
    record = child(
        "B1",
        in_care(date(2024, 6, 3)),
        [date(2024, 6, 25), date(2024, 9, 20), date(2025, 4, 2)],
    )
    result = only([record])
    (line,) = result.lines
    assert [r.deadline for r in line.reviews] == [
        date(2024, 7, 1),
        date(2024, 9, 25),
        date(2025, 3, 20),
    ]
    missing = line.reviews[-1]
    assert (missing.held, missing.on_time, missing.days_late) == (None, False, None)
    assert line.not_held == (missing,)
    assert (result.reviews, result.reviews_on_time, result.not_held) == (2, 2, 1)
    assert result.children_all_on_time == 0
    # The review held on 2 April 2025 is not a review of this year.
    assert all(r.held != date(2025, 4, 2) for r in line.reviews)


def test_a_year_not_yet_over_counts_a_review_not_held_only_once_its_deadline_has_passed() -> None:
    record = child("B2", in_care(date(2024, 6, 3)), [date(2024, 6, 25), date(2024, 9, 20)])
    before = timeliness([record], YEAR, CAL, as_of=date(2025, 3, 20))
    assert (before.not_held, before.children_all_on_time, before.measured_to) == (
        0,
        1,
        date(2025, 3, 20),
    )
    after = timeliness([record], YEAR, CAL, as_of=date(2025, 3, 21))
    assert (after.not_held, after.children_all_on_time) == (1, 0)


def test_a_review_due_on_31_march_itself_and_not_held_that_day_is_not_held() -> None:
    # Into care 2 December 2024: first due 2 January 2025 (Christmas and New Year's Day are not
    # working days), held 31 December; second due 31 March 2025, not held.
    record = child("B3", in_care(date(2024, 12, 2)), [date(2024, 12, 31)])
    result = only([record])
    assert [r.deadline for r in result.lines[0].reviews] == [date(2025, 1, 2), date(2025, 3, 31)]
    assert result.not_held == 1 and result.children_all_on_time == 0


def test_a_child_who_came_into_care_in_march_with_the_first_review_due_in_april_is_not_counted() -> (
    None
):
    # Into care 10 March 2025: first review due 7 April 2025, after the year.
    assert only([child("C1", in_care(date(2025, 3, 10)), [])]).children == 0
    # Into care 28 February 2025: due 28 March 2025, in the year: counted, and not held.
    result = only([child("C2", in_care(date(2025, 2, 28)), [])])
    assert (result.children, result.not_held) == (1, 1)
    assert result.lines[0].reviews[0].deadline == date(2025, 3, 28)


def test_a_period_of_care_ending_in_the_year_with_a_review_due_and_not_held() -> None:
    # Into care 8 January 2024: first due 5 February, held 1 February; second due 1 May 2024.
    reviews = [date(2024, 2, 1)]
    ended_after = child("D1", in_care(date(2024, 1, 8), date(2024, 6, 30), "E4A"), reviews)
    result = only([ended_after])
    assert result.not_held == 1 and result.lines[0].reviews[0].deadline == date(2024, 5, 1)
    # Home on 20 April, before the second review fell due: it was never needed.
    ended_before = child("D2", in_care(date(2024, 1, 8), date(2024, 4, 20), "E4A"), reviews)
    assert only([ended_before]).children == 0


def test_a_review_overdue_since_before_the_year_and_never_held_counts_against_the_year() -> None:
    # Third review due 15 March 2024, never held; the child is still looked after all year.
    still = child("E1", in_care(date(2023, 6, 1)), SINCE_2023[:2])
    result = only([still])
    assert result.not_held == 1 and result.lines[0].reviews[0].deadline == date(2024, 3, 15)
    # Left care on 31 May 2024 with it still not held: looked after in the year, counted.
    left = child("E2", in_care(date(2023, 6, 1), date(2024, 5, 31), "E4A"), SINCE_2023[:2])
    assert only([left]).not_held == 1
    # Left care on 31 March 2024: that was last year's failure, not this year's.
    gone = child("E3", in_care(date(2023, 6, 1), date(2024, 3, 31), "E4A"), SINCE_2023[:2])
    assert only([gone]).children == 0


def test_a_later_episode_in_the_same_period_does_not_restart_the_timetable() -> None:
    # A placement move (RNE P) on 1 August 2024 keeps the six-monthly timetable running from the
    # review of 14 March 2024.
    episodes = [
        Episode(date(2023, 6, 1), "S", "C2", "U4", date(2024, 8, 1), "X1"),
        Episode(date(2024, 8, 1), "P", "C2", "K2"),
    ]
    result = only([child("F1", episodes, [*SINCE_2023, date(2024, 9, 14), date(2025, 3, 14)])])
    assert result.lines[0].reviews[0].deadline == date(2024, 9, 14)
    assert result.children_all_on_time == 1


def test_children_looked_after_only_under_short_breaks_are_outside_both_indicators() -> None:
    breaks = [
        Episode(date(2024, 1, 5), "S", "V3", "U6", date(2024, 1, 7), "E8"),
        Episode(date(2024, 5, 3), "S", "V3", "U6", date(2024, 5, 5), "E8"),
        Episode(date(2024, 9, 6), "S", "V3", "U6", date(2024, 9, 8), "E8"),
    ]
    record = child("G1", breaks, [(date(2024, 4, 2), "PN1"), (date(2024, 10, 1), "PN7")])
    t = only([record])
    p = participation([record], YEAR)
    assert (t.children, t.reviews, p.children, sum(p.by_code.values())) == (0, 0, 0, 0)
    assert [(x.date, x.reason) for x in t.left_out] == [
        (date(2024, 4, 2), SHORT_BREAKS),
        (date(2024, 10, 1), SHORT_BREAKS),
    ]
    assert [x.date for x in p.left_out] == [date(2024, 4, 2), date(2024, 10, 1)]


def test_a_child_moving_from_short_breaks_into_care_is_counted_from_the_move() -> None:
    # Short breaks under V4 from January 2024; a care order on 1 July 2024 (RNE L) starts the
    # ordinary timetable: first review within 20 working days, by 29 July 2024.
    episodes = [
        Episode(date(2024, 1, 8), "S", "V4", "U6", date(2024, 7, 1), "X1"),
        Episode(date(2024, 7, 1), "L", "C2", "U6"),
    ]
    # The second is due by 25 October 2024, held 20 October; the third falls due in April 2025.
    reviews = [(date(2024, 4, 3), "PN7"), (date(2024, 7, 25), "PN1"), (date(2024, 10, 20), "PN1")]
    record = child("G2", episodes, reviews)
    t = only([record])
    assert [(r.held, r.deadline) for r in t.lines[0].reviews] == [
        (date(2024, 7, 25), date(2024, 7, 29)),
        (date(2024, 10, 20), date(2024, 10, 25)),
    ]
    assert t.children_all_on_time == 1
    assert [(x.date, x.reason) for x in t.left_out] == [(date(2024, 4, 3), SHORT_BREAKS)]
    p = participation([record], YEAR)
    assert (p.children, p.participated, p.by_code["PN7"], p.by_code["PN1"]) == (1, 1, 0, 2)


def test_a_review_held_while_the_child_was_not_looked_after_is_left_out_of_timeliness() -> None:
    record = child(
        "H1",
        in_care(date(2024, 4, 1), date(2024, 4, 20), "E4A"),
        [(date(2024, 4, 18), "PN1"), (date(2024, 8, 1), "PN7")],
    )
    t = only([record])
    assert [(r.held, r.on_time) for r in t.lines[0].reviews] == [(date(2024, 4, 18), True)]
    assert [(x.date, x.reason) for x in t.left_out] == [(date(2024, 8, 1), NOT_LOOKED_AFTER)]
    # Participation counts it: it was held, and the code says how the child took part.
    p = participation([record], YEAR)
    assert (p.children, p.participated, p.by_code["PN7"]) == (1, 0, 1)


def test_a_child_with_no_episodes_is_not_counted_for_timeliness() -> None:
    t = only([child("H2", [], [date(2024, 6, 1)])])
    assert t.children == 0 and [x.reason for x in t.left_out] == [NOT_LOOKED_AFTER]


def test_reviews_after_the_eighteenth_birthday_are_not_due() -> None:
    # 18 on 10 May 2024, still recorded as looked after: the review that would have been due by
    # 14 September 2024 never falls due (the child has left care at 18), so nothing is counted.
    record = child("I1", in_care(date(2023, 6, 1)), SINCE_2023, dob=date(2006, 5, 10))
    assert only([record]).children == 0


# -- participation ---------------------------------------------------------------------------


def test_participation_counts_children_of_four_or_over_whose_every_review_was_pn1_to_pn6() -> None:
    episodes = in_care(date(2020, 1, 6))
    children = [
        child("P1", episodes, [(date(2024, 5, 1), "PN1"), (date(2024, 11, 1), "PN6")]),
        child("P2", episodes, [(date(2024, 5, 1), "PN5"), (date(2024, 11, 1), "PN7")]),
        child("P3", episodes, [(date(2024, 5, 1), "PN4")]),
        child("P4", episodes, [(date(2024, 5, 1), "")]),  # no code recorded: not shown to take part
        child(
            "P5", episodes, [(date(2023, 5, 1), "PN1"), (date(2025, 4, 1), "PN7")]
        ),  # none in year
    ]
    p = participation(children, YEAR)
    assert (p.children, p.participated, p.percent) == (4, 2, 50.0)
    assert p.by_code == {
        "PN0": 0,
        "PN1": 1,
        "PN2": 0,
        "PN3": 0,
        "PN4": 1,
        "PN5": 1,
        "PN6": 1,
        "PN7": 1,
    }
    assert p.not_recorded == 1
    assert [c.reference for c in p.behind("participated")] == ["P1", "P3"]
    assert [c.reference for c in p.behind("did_not_participate")] == ["P2", "P4"]
    assert [c.reference for c in p.behind("PN7")] == ["P2"]
    assert [c.reference for c in p.behind("not_recorded")] == ["P4"]


def test_a_review_on_the_fourth_birthday_counts_as_four_or_over() -> None:
    born = date(2020, 6, 15)
    episodes = in_care(date(2021, 1, 4))
    on_birthday = child("Q1", episodes, [(date(2024, 6, 15), "PN3")], dob=born)
    day_before = child("Q2", episodes, [(date(2024, 6, 14), "PN0")], dob=born)
    pn0_at_four = child("Q3", episodes, [(date(2024, 6, 15), "PN0")], dob=born)
    p = participation([on_birthday, day_before, pn0_at_four], YEAR)
    assert [(c.reference, c.counted, c.participated) for c in p.lines] == [
        ("Q1", True, True),
        ("Q2", False, False),
        ("Q3", True, False),  # PN0 given to a child of 4: the record does not show they took part
    ]
    assert (p.children, p.participated) == (2, 1)
    assert p.by_code["PN0"] == 2  # by_code counts every review in the year, at any age
    assert p.lines[0].reviews[0].age == 4 and p.lines[1].reviews[0].age == 3


def test_a_child_under_four_for_one_review_and_four_for_the_next_is_judged_on_the_later() -> None:
    record = child(
        "Q4",
        in_care(date(2021, 1, 4)),
        [(date(2024, 5, 1), "PN0"), (date(2024, 11, 1), "PN6")],
        dob=date(2020, 6, 15),
    )
    p = participation([record], YEAR)
    assert (p.children, p.participated) == (1, 1)


def test_born_on_29_february_a_child_is_four_on_1_march_in_a_common_year() -> None:
    born = date(2020, 2, 29)
    episodes = in_care(date(2021, 1, 4))
    assert (
        participation([child("Q5", episodes, [(date(2024, 2, 29), "PN1")], born)], 2023).children
        == 1
    )
    born_2019 = date(2019, 2, 28)
    p = participation([child("Q6", episodes, [(date(2023, 2, 28), "PN1")], born_2019)], 2022)
    assert p.lines[0].reviews[0].age == 4


def test_percentages_are_to_one_decimal_place_halves_rounded_up() -> None:
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(197, 400) == 49.3  # 49.25: binary floating point would round it down
    assert percent(0, 5) == 0.0
    assert percent(0, 0) is None
    assert only([]).percent is None and participation([], YEAR).percent is None


def test_the_json_has_the_shape_the_issue_gives() -> None:
    record = child(
        "J1", in_care(date(2023, 6, 1)), [*SINCE_2023, date(2024, 9, 14), date(2025, 3, 1)]
    )
    data = as_json(only([record]), participation([record], YEAR))
    assert data == {
        "year": "2024-25",
        "timeliness": {
            "children": 1,
            "children_all_on_time": 1,
            "percent": 100.0,
            "reviews": 2,
            "reviews_on_time": 2,
            "reviews_late": 0,
            "not_held": 0,
        },
        "participation": {
            "children": 1,
            "participated": 1,
            "percent": 100.0,
            "by_code": {f"PN{n}": 2 * (n == 1) for n in range(8)},
        },
    }


def test_the_children_behind_each_timeliness_figure() -> None:
    on_time = child(
        "K1", in_care(date(2023, 6, 1)), [*SINCE_2023, date(2024, 9, 14), date(2025, 3, 14)]
    )
    late = child(
        "K2", in_care(date(2023, 6, 1)), [*SINCE_2023, date(2024, 9, 20), date(2025, 3, 20)]
    )
    missing = child("K3", in_care(date(2024, 12, 2)), [date(2024, 12, 31)])
    result = only([missing, late, on_time])
    refs = {
        figure: [c.reference for c in result.behind(figure)]
        for figure in (
            "children",
            "children_all_on_time",
            "children_late",
            "reviews",
            "reviews_on_time",
            "reviews_late",
            "not_held",
        )
    }
    assert refs == {
        "children": ["K1", "K2", "K3"],
        "children_all_on_time": ["K1"],
        "children_late": ["K2", "K3"],
        "reviews": ["K1", "K2", "K3"],
        "reviews_on_time": ["K1", "K2", "K3"],
        "reviews_late": ["K2"],
        "not_held": ["K3"],
    }
    with pytest.raises(KeyError):
        result.behind("nonsense")
