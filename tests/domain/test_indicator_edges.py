"""Edges of the timeliness and participation indicators that tests/domain/test_indicators.py
does not reach, worked by hand for 2024-25 (1 April 2024 to 31 March 2025).  Deadlines: first
review within 20 working days of coming into care, the second within 3 months, later ones within
6 months (CPPCR 2010 reg 33); England's working days."""

from __future__ import annotations

from datetime import date

from carereview.domain.calendar import england_calendar
from carereview.domain.indicators import ChildRecord, ReviewRecord, participation, timeliness
from carereview.domain.timescales import Episode

CAL = england_calendar()
YEAR = 2024


def record(
    episodes: list[Episode], reviews: list[tuple[date, str]], dob: date = date(2012, 5, 1)
) -> ChildRecord:
    return ChildRecord("X1", dob, tuple(episodes), tuple(ReviewRecord(*r) for r in reviews))


def in_care(since: date, until: date | None = None) -> list[Episode]:
    return [Episode(since, "S", "C2", "U4", until, "E4A" if until else None)]


def test_a_year_not_begun_on_the_day_measured_counts_nobody() -> None:
    # Seen on 2 June 2025, 2030-31 has not begun: the review overdue today (due 20 September
    # 2023) is not a review of that year, and no child fails it.
    child = record(in_care(date(2023, 6, 1)), [(date(2023, 6, 20), "PN1")])
    t = timeliness([child], 2030, CAL, as_of=date(2025, 6, 2))
    assert (t.children, t.not_held, t.lines) == (0, 0, ())
    assert participation([child], 2030, as_of=date(2025, 6, 2)).children == 0
    # The same child does fail 2024-25, measured on the same day.
    assert timeliness([child], 2025, CAL, as_of=date(2025, 6, 2)).not_held == 1


def test_reviews_only_in_the_year_before_with_the_next_due_in_the_year_and_never_held() -> None:
    # Reviews of 20 June and 2 October 2023; the third is due by 2 April 2024 (six months from
    # the last one before 1 April) and is never held: the child fails 2024-25 with no review
    # held in it, and is in neither participation figure.
    child = record(
        in_care(date(2023, 6, 1)), [(date(2023, 6, 20), "PN1"), (date(2023, 10, 2), "PN1")]
    )
    t = timeliness([child], YEAR, CAL)
    (line,) = t.lines
    (missing,) = line.reviews
    assert (missing.deadline, missing.measured_from, missing.held) == (
        date(2024, 4, 2),
        date(2023, 10, 2),
        None,
    )
    assert (t.children, t.children_all_on_time, t.reviews, t.not_held) == (1, 0, 0, 1)
    assert participation([child], YEAR).children == 0


def test_a_review_held_on_31_march_when_due_that_day_is_on_time() -> None:
    # Into care 2 December 2024: first due 2 January 2025, held 31 December; the second due
    # 31 March 2025 and held that very day.
    child = record(
        in_care(date(2024, 12, 2)), [(date(2024, 12, 31), "PN1"), (date(2025, 3, 31), "PN2")]
    )
    t = timeliness([child], YEAR, CAL)
    assert [(r.deadline, r.on_time, r.days_late) for r in t.lines[0].reviews] == [
        (date(2025, 1, 2), True, 0),
        (date(2025, 3, 31), True, 0),
    ]
    assert (t.children_all_on_time, t.not_held) == (1, 0)


def test_a_child_who_leaves_care_and_returns_in_the_year_starts_a_new_timetable() -> None:
    # Last review 28 March 2024, next due 28 September; home on 1 July 2024 before it fell due
    # (not needed).  Back on 2 September 2024: first review due 30 September, held 1 October
    # (one day late); the second, due 1 January 2025, not held.
    episodes = [
        Episode(date(2023, 6, 1), "S", "C2", "U4", date(2024, 7, 1), "E4A"),
        Episode(date(2024, 9, 2), "S", "C2", "U4"),
    ]
    reviews = [(date(2023, 6, 20), "PN1"), (date(2023, 10, 2), "PN1")]
    reviews += [(date(2024, 3, 28), "PN1"), (date(2024, 10, 1), "PN1")]
    t = timeliness([record(episodes, reviews)], YEAR, CAL)
    assert [(r.number, r.deadline, r.held, r.days_late) for r in t.lines[0].reviews] == [
        (1, date(2024, 9, 30), date(2024, 10, 1), 1),
        (2, date(2025, 1, 1), None, None),
    ]
    assert (t.reviews_late, t.not_held, t.children_all_on_time) == (1, 1, 0)


def test_a_child_turning_four_mid_year_is_judged_only_on_reviews_from_the_birthday() -> None:
    # Four on 1 August 2024: PN0 on 1 July is not judged; PN7 on 1 December fails the child.
    reviews = [(date(2024, 7, 1), "PN0"), (date(2024, 12, 1), "PN7")]
    p = participation([record(in_care(date(2023, 6, 1)), reviews, dob=date(2020, 8, 1))], YEAR)
    (line,) = p.lines
    assert [r.age for r in line.reviews] == [3, 4]
    assert (p.children, p.participated, p.by_code["PN0"], p.by_code["PN7"]) == (1, 0, 1, 1)


def test_a_child_overdue_on_1_april_who_turns_18_in_the_year_fails_it() -> None:
    # The second review was due by 20 September 2023 and never held; 18 on 2 April 2024, so
    # still a looked-after child on 1 April with a review outstanding.
    child = record(in_care(date(2023, 6, 1)), [(date(2023, 6, 20), "PN1")], dob=date(2006, 4, 2))
    t = timeliness([child], YEAR, CAL)
    assert (t.children, t.not_held, t.lines[0].reviews[0].deadline) == (1, 1, date(2023, 9, 20))
    # 18 on 1 April 2024 itself: an adult by the first day of the year, not counted.
    adult = record(in_care(date(2023, 6, 1)), [(date(2023, 6, 20), "PN1")], dob=date(2006, 4, 1))
    assert timeliness([adult], YEAR, CAL).children == 0
