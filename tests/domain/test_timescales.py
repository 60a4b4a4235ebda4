"""Worked examples of the review timetable, each checked by hand against the seeds."""

from __future__ import annotations

from carereview.domain.calendar import england_calendar
from carereview.domain.timescales import STATUTORY, EarlyReviewEvent, ReviewStatus, schedule
from carereview.domain.timescales.explain import schedule_dict

from .cases import d, ep, history

cal = england_calendar()


def test_the_issue_example_first_review_on_time_and_second_overdue() -> None:
    result = schedule(
        history(ep("2024-01-08"), reviews=("2024-01-30",), dob="2012-05-01"), d("2024-06-01")
    )
    first, second = result.reviews
    assert (first.number, first.due, first.held.date, first.on_time) == (
        1,
        d("2024-02-05"),
        d("2024-01-30"),
        True,
    )
    assert first.statutory.rule.id == "first_review"
    assert "CPPCR 2010 reg 33(1)" in first.statutory.rule.citation
    assert second.due == d("2024-04-30") and second.statutory.rule.id == "second_review"
    assert result.next_review is second and result.overdue


def test_later_reviews_are_six_months_after_the_previous_one() -> None:
    result = schedule(
        history(ep("2023-01-09"), reviews=("2023-02-01", "2023-05-01")), d("2023-06-01")
    )
    third = result.next_review
    assert third.number == 3 and third.due == d("2023-11-01")
    assert third.statutory.rule.id == "subsequent_review" and not result.overdue


def test_calendar_months_end_on_the_last_day_of_a_shorter_month() -> None:
    # 31 January + 3 months = 30 April (Dodds v Walker); 30 November 2023 + 3 months = 29 Feb 2024.
    assert schedule(
        history(ep("2023-01-03"), reviews=("2023-01-31",)), d("2023-02-01")
    ).next_review.due == d("2023-04-30")
    assert schedule(
        history(ep("2023-11-06"), reviews=("2023-11-30",)), d("2023-12-01")
    ).next_review.due == d("2024-02-29")
    # 31 August + 6 months = 28 February in a common year, 29 in a leap year.
    assert schedule(
        history(ep("2022-08-01"), reviews=("2022-08-25", "2022-08-31")), d("2022-09-01")
    ).next_review.due == d("2023-02-28")
    assert schedule(
        history(ep("2023-08-01"), reviews=("2023-08-25", "2023-08-31")), d("2023-09-01")
    ).next_review.due == d("2024-02-29")


def test_first_review_counts_working_days_across_christmas_and_easter() -> None:
    assert schedule(history(ep("2023-12-15")), d("2023-12-20")).next_review.due == d("2024-01-17")
    assert schedule(history(ep("2024-03-18")), d("2024-03-20")).next_review.due == d("2024-04-17")


def test_a_review_held_on_its_deadline_is_on_time_and_a_day_later_is_late() -> None:
    on_day = schedule(history(ep("2024-01-08"), reviews=("2024-02-05",)), d("2024-03-01"))
    assert on_day.reviews[0].on_time is True
    late = schedule(history(ep("2024-01-08"), reviews=("2024-02-06",)), d("2024-03-01"))
    assert late.reviews[0].on_time is False
    # The next interval runs from the review actually held.
    assert late.next_review.due == d("2024-05-06")


def test_a_deadline_on_a_weekend_stays_where_the_law_puts_it_with_advice() -> None:
    result = schedule(history(ep("2024-02-05"), reviews=("2024-03-01",)), d("2024-03-02"))
    assert result.next_review.statutory_due == d("2024-06-01")  # a Saturday
    data = schedule_dict(result, cal, STATUTORY)["next_review"]
    assert data["statutory_due"] == "2024-06-01"
    assert data["last_working_day_before"] == "2024-05-31"
    assert "Saturday" in data["explanation"]


def test_a_period_that_ends_before_a_review_falls_due_needs_no_review() -> None:
    result = schedule(history(ep("2024-01-08", dec="2024-01-20", rec="E4A")), d("2024-06-01"))
    assert result.reviews == [] and result.next_review is None and not result.looked_after


def test_a_review_that_fell_due_in_a_closed_period_and_was_never_held_is_missed() -> None:
    result = schedule(history(ep("2024-01-08", dec="2024-03-01", rec="E4A")), d("2024-06-01"))
    (missed,) = result.reviews
    assert missed.status is ReviewStatus.MISSED and missed.on_time is False
    assert missed.due == d("2024-02-05") and result.next_review is None


def test_placement_moves_inside_a_period_do_not_restart_the_timetable() -> None:
    result = schedule(
        history(
            ep("2024-01-08", dec="2024-02-01", rec="X1"),
            ep("2024-02-01", rne="P", place="U6", dec="2024-03-10", rec="X1"),
            ep("2024-03-10", rne="L", ls="C1", place="U6"),
            reviews=("2024-01-30",),
        ),
        d("2024-04-01"),
    )
    assert result.next_review.due == d("2024-04-30") and len(result.periods) == 1


def test_a_new_period_of_care_starts_a_new_timetable() -> None:
    result = schedule(
        history(
            ep("2023-01-09", dec="2023-06-01", rec="E4A"),
            ep("2024-01-08"),
            reviews=("2023-01-31", "2023-04-20"),
        ),
        d("2024-01-10"),
    )
    assert [p.index for p in result.periods] == [1, 2]
    assert result.next_review.period == 2 and result.next_review.number == 1
    assert result.next_review.due == d("2024-02-05")


def test_short_breaks_are_one_timetable_for_the_whole_series() -> None:
    breaks = (
        ep("2024-01-06", ls="V3", place="U6", dec="2024-01-07", rec="E4A"),
        ep("2024-02-03", ls="V3", place="U6", dec="2024-02-04", rec="E4A"),
        ep("2024-03-02", ls="V3", place="U6", dec="2024-03-03", rec="E4A"),
    )
    result = schedule(history(*breaks), d("2024-05-01"))
    assert len(result.periods) == 1 and result.periods[0].regime == "short_breaks"
    (review,) = result.reviews
    assert review.due == d("2024-04-06") and review.statutory.rule.id == "short_break_first"
    assert result.overdue
    held = schedule(history(*breaks, reviews=("2024-03-20",)), d("2024-05-01"))
    assert held.next_review.due == d("2024-09-20")
    assert held.next_review.statutory.rule.id == "short_break_subsequent"


def test_short_breaks_under_v4_follow_reg_48() -> None:
    result = schedule(history(ep("2024-01-06", ls="V4", place="U6")), d("2024-02-01"))
    assert result.next_review.due == d("2024-04-06")


def test_authority_to_place_then_placement_for_adoption() -> None:
    episodes = (
        ep("2023-01-09", place="U6", dec="2023-06-01", rec="X1"),
        ep("2023-06-01", rne="L", ls="E1", place="U6", dec="2023-08-01", rec="X1"),
        ep("2023-08-01", rne="P", ls="E1", place="A6"),
    )
    authorised = schedule(
        history(*episodes[:2], reviews=("2023-02-01", "2023-05-01")), d("2023-07-01")
    )
    # 3 months after authority to place comes before 6 months after the last review.
    assert authorised.next_review.due == d("2023-09-01")
    assert authorised.next_review.statutory.rule.id == "adoption_authorised_first"
    placed = schedule(history(*episodes, reviews=("2023-02-01", "2023-05-01")), d("2023-08-02"))
    assert placed.next_review.due == d("2023-08-29")  # 28 days after placement
    assert placed.next_review.statutory.rule.id == "adoption_placed_first"
    after = schedule(
        history(*episodes, reviews=("2023-02-01", "2023-05-01", "2023-08-25")), d("2023-09-01")
    )
    assert after.reviews[2].on_time
    assert after.next_review.due == d("2023-11-25")
    assert after.next_review.statutory.rule.id == "adoption_placed_second"


def test_a_disrupted_adoptive_placement_needs_a_review_4_to_6_weeks_after() -> None:
    episodes = (
        ep("2023-01-09", place="U6", dec="2023-06-01", rec="X1"),
        ep("2023-06-01", rne="L", ls="E1", place="U6", dec="2023-08-01", rec="X1"),
        ep("2023-08-01", rne="P", ls="E1", place="A6", dec="2023-10-02", rec="X1"),
        ep("2023-10-02", rne="P", ls="E1", place="U6"),
    )
    reviews = ("2023-02-01", "2023-05-01", "2023-08-25")
    result = schedule(history(*episodes, reviews=reviews), d("2023-10-03"))
    upcoming = result.next_review
    assert upcoming.statutory.rule.id == "adoption_disruption"
    assert (upcoming.statutory.earliest, upcoming.due) == (d("2023-10-30"), d("2023-11-13"))
    # A review before the window opens is on time for the ordinary timetable, but the
    # disruption review is still owed.
    early = schedule(history(*episodes, reviews=(*reviews, "2023-10-20")), d("2023-10-25"))
    assert early.reviews[3].on_time is True
    assert early.next_review.statutory.rule.id == "adoption_disruption"
    in_window = schedule(history(*episodes, reviews=(*reviews, "2023-11-06")), d("2023-11-07"))
    assert in_window.reviews[3].on_time is True
    assert in_window.next_review.statutory.rule.id != "adoption_disruption"


def test_an_early_review_the_iro_directs_brings_the_next_review_forward() -> None:
    event = EarlyReviewEvent("iro_request", d("2024-02-10"), d("2024-03-01"))
    result = schedule(
        history(ep("2024-01-08"), reviews=("2024-01-30",), events=(event,)), d("2024-02-15")
    )
    upcoming = result.next_review
    assert upcoming.due == d("2024-03-01") and upcoming.statutory.rule.id == "iro_request"
    assert d("2024-04-30") in [c.date for c in upcoming.candidates]
    # Each interval then runs from the review actually held.
    held = schedule(
        history(ep("2024-01-08"), reviews=("2024-01-30", "2024-02-28"), events=(event,)),
        d("2024-03-01"),
    )
    assert held.reviews[1].on_time and held.next_review.due == d("2024-08-28")


def test_a_review_before_release_from_custody() -> None:
    event = EarlyReviewEvent("before_release_from_custody", d("2024-02-20"), d("2024-03-14"))
    result = schedule(
        history(ep("2024-01-08"), reviews=("2024-01-30",), events=(event,)), d("2024-02-21")
    )
    assert result.next_review.due == d("2024-03-14")
    assert "33(3)" in result.next_review.statutory.rule.citation


def test_the_18th_birthday_ends_the_timetable_and_sets_the_final_pathway_plan_date() -> None:
    result = schedule(
        history(ep("2023-09-01"), reviews=("2023-09-28", "2023-12-20"), dob="2006-06-15"),
        d("2024-03-01"),
    )
    assert result.next_review is None  # the next review would fall after the 18th birthday
    assert result.final_pathway_plan_due.date == d("2024-05-17")  # 20 working days before


def test_the_first_review_after_the_16th_birthday_considers_staying_put() -> None:
    result = schedule(
        history(ep("2024-01-02"), reviews=("2024-01-15", "2024-04-01"), dob="2008-03-10"),
        d("2024-04-02"),
    )
    assert [r.id for r in result.reviews[0].considerations] == []
    assert "staying_put" in [r.id for r in result.reviews[1].considerations]
    assert "permanence_plan" in [r.id for r in result.reviews[1].considerations]


def test_an_adjourned_review_keeps_its_first_meeting_date() -> None:
    result = schedule(
        history(ep("2024-01-08"), reviews=("2024-01-30",), completed={"2024-01-30": "2024-02-20"}),
        d("2024-03-01"),
    )
    assert result.reviews[0].on_time and result.next_review.due == d("2024-04-30")
    data = schedule_dict(result, cal, STATUTORY)["reviews"][0]
    after = {item["task"]: item["date"] for item in data["after_review"]}
    assert after["review_completed"] == "2024-02-27"  # 20 working days after the first meeting
    assert after["decisions_circulated"] == "2024-02-27"  # 5 after the last meeting
    assert "completed_late" not in data
    late = schedule(
        history(ep("2024-01-08"), reviews=("2024-01-30",), completed={"2024-01-30": "2024-03-05"}),
        d("2024-03-06"),
    )
    assert schedule_dict(late, cal, STATUTORY)["reviews"][0]["completed_late"] is True


def test_a_history_not_starting_with_rne_s_is_read_with_a_warning() -> None:
    result = schedule(history(ep("2024-01-08", rne="P")), d("2024-01-10"))
    assert result.warnings and "not S" in result.warnings[0]


def test_a_review_held_while_not_looked_after_is_not_counted() -> None:
    result = schedule(
        history(
            ep("2023-01-09", dec="2023-03-01", rec="E4A"),
            ep("2024-01-08"),
            reviews=("2023-01-31", "2023-06-01"),
        ),
        d("2024-01-10"),
    )
    assert any("not looked after" in w for w in result.warnings)


def test_staying_put_is_asked_once_whatever_the_placement() -> None:
    result = schedule(
        history(
            ep("2024-01-02", place="K2"), reviews=("2024-03-20", "2024-06-10"), dob="2008-03-10"
        ),
        d("2024-06-11"),
    )
    flagged = ["staying_put" in [r.id for r in review.considerations] for review in result.reviews]
    assert flagged == [True, False, False]
