"""Working days in England: weekends, bank holidays (with the one-off days), closure days."""

from __future__ import annotations

import socket
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carereview.domain import calendar as calendar_module
from carereview.domain.calendar import ClosureDay, WorkingDayCalendar, england_calendar

cal = england_calendar()


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2012, 6, 4), "Spring bank holiday"),
        (date(2012, 6, 5), "Queen’s Diamond Jubilee"),
        (date(2020, 5, 8), "Early May bank holiday (VE day)"),
        (date(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
        (date(2023, 4, 10), "Easter Monday"),  # dropped if the division is not given
        (date(2023, 4, 7), "Good Friday"),
        (date(2022, 12, 27), "Christmas Day"),  # substitute day: 25th was a Sunday
        (date(1999, 12, 31), "Millennium Celebrations"),  # outside GOV.UK's data: rule-based
        (date(2030, 4, 19), "Good Friday"),
        (date(2030, 4, 22), "Easter Monday"),
    ],
)
def test_bank_holidays_are_not_working_days(day: date, name: str) -> None:
    assert not cal.is_working_day(day)
    assert cal.why_not_working(day) == name


def test_the_early_may_holiday_moved_in_2020_so_the_first_monday_was_a_working_day() -> None:
    assert cal.is_working_day(date(2020, 5, 4))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 1, 8), 20, date(2024, 2, 5)),  # the worked example
        (date(2024, 2, 5), -20, date(2024, 1, 8)),
        (date(2012, 6, 1), 1, date(2012, 6, 6)),  # jubilee weekend
        (date(2020, 5, 7), 1, date(2020, 5, 11)),  # VE day
        (date(2022, 9, 16), 1, date(2022, 9, 20)),  # state funeral
        (date(2023, 5, 5), 1, date(2023, 5, 9)),  # coronation
        (date(2022, 12, 23), 1, date(2022, 12, 28)),  # Christmas on a Sunday
        (date(2023, 12, 15), 20, date(2024, 1, 17)),  # across Christmas and New Year
        (date(2024, 3, 18), 20, date(2024, 4, 17)),  # across Easter
        (date(2024, 1, 6), 1, date(2024, 1, 8)),  # from a Saturday
        (date(2024, 1, 6), -1, date(2024, 1, 5)),
        (date(2024, 1, 10), 0, date(2024, 1, 10)),
    ],
)
def test_adding_working_days(start: date, n: int, expected: date) -> None:
    assert cal.add(start, n) == expected


def test_an_authority_closure_day_is_not_a_working_day() -> None:
    closed = WorkingDayCalendar([ClosureDay(date(2024, 12, 27), "Offices closed")])
    assert closed.why_not_working(date(2024, 12, 27)) == "Offices closed"
    assert closed.add(date(2024, 12, 24), 1) == date(2024, 12, 30)
    assert cal.add(date(2024, 12, 24), 1) == date(2024, 12, 27)


def test_counting_working_days_between_two_dates() -> None:
    assert cal.working_days_between(date(2024, 1, 8), date(2024, 2, 5)) == 20
    assert cal.working_days_between(date(2024, 2, 5), date(2024, 1, 8)) == -20


def test_dates_far_outside_the_prepared_years_still_work() -> None:
    assert cal.add(date(1980, 1, 1), 1) == date(1980, 1, 2)
    assert cal.add(date(2090, 12, 22), 1) == date(2090, 12, 27)  # Christmas Monday, Boxing Tuesday


def test_govuk_data_covers_the_years_we_rely_on() -> None:
    years = {d.year for d in calendar_module._govuk_holidays()}
    assert (
        set(range(calendar_module.GOVUK_FIRST_YEAR, calendar_module.GOVUK_LAST_YEAR + 1)) <= years
    )


def test_the_calendar_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the calendar tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    calendar_module._govuk_holidays.cache_clear()
    calendar_module.bank_holidays_for_year.cache_clear()
    fresh = WorkingDayCalendar()
    assert fresh.add(date(2023, 5, 5), 1) == date(2023, 5, 9)


days = st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31))
counts = st.integers(min_value=1, max_value=600)


@given(days, counts)
def test_a_deadline_n_working_days_away_is_a_working_day(day: date, n: int) -> None:
    assert cal.is_working_day(cal.add(day, n))
    assert cal.is_working_day(cal.add(day, -n))
    assert cal.add(day, n) > day > cal.add(day, -n)


@given(days, counts)
def test_adding_then_subtracting_returns_to_a_working_day(day: date, n: int) -> None:
    back = cal.add(cal.add(day, n), -n)
    assert cal.is_working_day(back)
    # From a working day, straight back to it; from a weekend or holiday, to the working day
    # before it (no working day lies between it and the first one after).
    assert back == cal.on_or_before(day)


@given(days, counts)
def test_counting_agrees_with_adding(day: date, n: int) -> None:
    assert cal.working_days_between(day, cal.add(day, n)) == n


@given(days, st.integers(min_value=1, max_value=60))
def test_adding_agrees_with_a_day_by_day_count(day: date, n: int) -> None:
    current, left = day, n
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5 and cal.why_not_working(current) is None:
            left -= 1
    assert cal.add(day, n) == current
