"""Properties that hold for every care history, whatever its shape."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from carereview.domain.calendar import england_calendar
from carereview.domain.timescales import (
    FIXED_DAYS,
    STATUTORY,
    CareHistory,
    Episode,
    HeldReview,
    ReviewStatus,
    add_months,
    schedule,
)
from carereview.domain.timescales.derived import after_review, before_review
from carereview.domain.timescales.timetables import TIMETABLES, WORKING_DAYS

cal = england_calendar()
WORKING_DAY_RULES = {
    rule for steps in TIMETABLES.values() for rule, unit, _ in steps if unit == WORKING_DAYS
}


@st.composite
def histories(draw: st.DrawFn) -> tuple[CareHistory, date]:
    day = draw(st.dates(min_value=date(2010, 1, 1), max_value=date(2026, 1, 1)))
    episodes = []
    for number in range(draw(st.integers(1, 6))):
        ls = draw(st.sampled_from(["C1", "C2", "V2", "E1", "V3", "V4", "J1"]))
        place = draw(st.sampled_from(["U4", "U6", "K2", "A5", "A6", "P1", "R1"]))
        rne = "S" if number == 0 else draw(st.sampled_from(["S", "L", "P", "T", "B", "U"]))
        length = draw(st.integers(1, 400))
        last = number == 5 or draw(st.booleans())
        if last and draw(st.booleans()):
            episodes.append(Episode(day, rne, ls, place))
            break
        end = day + timedelta(days=length)
        rec = draw(st.sampled_from(["X1", "X1", "E4A", "E11", "E13"]))
        episodes.append(Episode(day, rne, ls, place, end, rec))
        gap = 0 if rec == "X1" else draw(st.integers(1, 300))
        day = end + timedelta(days=gap)
        if last:
            break
    start = episodes[0].decom
    as_of = max(day, episodes[-1].dec or day) + timedelta(days=draw(st.integers(0, 400)))
    span = (as_of - start).days
    offsets = draw(st.sets(st.integers(0, span), max_size=8))
    reviews = tuple(HeldReview(start + timedelta(days=o)) for o in sorted(offsets))
    dob = start - timedelta(days=draw(st.integers(0, 17 * 365)))
    return CareHistory(tuple(episodes), reviews, dob), as_of


@settings(max_examples=300, deadline=None)
@given(histories(), st.sampled_from([STATUTORY, FIXED_DAYS]))
def test_every_deadline_is_on_or_after_its_anchor(case, profile) -> None:
    history, as_of = case
    result = schedule(history, as_of, profile)
    for review in result.reviews:
        for candidate in review.candidates:
            assert candidate.date >= candidate.anchor
        assert review.due <= review.statutory_due  # local targets only ever bring it earlier
        if review.statutory.rule.id in WORKING_DAY_RULES:
            assert cal.is_working_day(review.statutory_due)


@settings(max_examples=300, deadline=None)
@given(histories())
def test_statuses_agree_with_dates(case) -> None:
    history, as_of = case
    result = schedule(history, as_of)
    for review in result.reviews:
        if review.status is ReviewStatus.HELD:
            assert review.on_time is (
                review.held.date <= review.statutory_due
                and (
                    review.statutory.earliest is None
                    or review.held.date >= review.statutory.earliest
                )
            )
        elif review.status is ReviewStatus.OVERDUE:
            assert review.statutory_due < as_of and review is result.next_review
        elif review.status is ReviewStatus.MISSED:
            assert review.on_time is False
    assert result.overdue == (
        result.next_review is not None and result.next_review.statutory_due < as_of
    )
    counted = [r for r in result.reviews if r.held]
    assert len(counted) <= len(history.reviews)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from([1, 3, 6, 12]),
)
def test_calendar_months_same_day_or_last_day_of_the_month(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    if later.day != day.day:
        assert later.day < day.day and (later + timedelta(days=1)).day == 1


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), st.booleans())
def test_work_around_a_review_falls_on_working_days(day: date, first: bool) -> None:
    for item in before_review(day, first, STATUTORY, cal):
        if item.working_days:
            assert cal.is_working_day(item.date) and item.date < day
    for item in after_review(day, None, STATUTORY, cal):
        assert cal.is_working_day(item.date) and item.date > day
