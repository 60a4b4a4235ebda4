"""Working days in England.

CPPCR 2010 reg 2: a working day is any day other than a Saturday, a Sunday, Christmas Day,
Good Friday or a day which is a bank holiday in England and Wales under the Banking and Financial
Dealings Act 1971.  An authority may add closure days of its own (for example the days between
Christmas and New Year); they are non-working days for its deadlines.

Bank holidays come from GOV.UK's published list as shipped, offline, in `govuk-bank-holidays`
(2012 to 2028, with the one-off days: the 2012 jubilee, the moved VE day of 8 May 2020, the state
funeral of 19 September 2022, the coronation of 8 May 2023).  Outside those years the rule-based
`holidays` package stands in.  Nothing here touches the network.

Arithmetic is O(1): the calendar keeps, for a span of years, the running count of working days
and the list of working days as ordinals, and widens the span when a date falls outside it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter

#: Years for which GOV.UK's cached data is complete (checked in tests).
GOVUK_FIRST_YEAR = 2012
GOVUK_LAST_YEAR = 2028

_DEFAULT_FIRST_YEAR = 1995
_DEFAULT_LAST_YEAR = 2045


@dataclass(frozen=True, slots=True)
class ClosureDay:
    """A day on which an authority's offices are closed, with the reason it gives."""

    date: date
    reason: str = "Authority closure day"


@lru_cache(maxsize=1)
def _govuk_holidays() -> dict[date, str]:
    from govuk_bank_holidays.bank_holidays import BankHolidays

    # use_cached_holidays: never the network.  The division matters: without it the package
    # returns only the days common to every UK nation (and so drops Easter Monday).
    source = BankHolidays(use_cached_holidays=True)
    return {
        item["date"]: item["title"]
        for item in source.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    }


def _rule_based_holidays(year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=[year]).items())


@lru_cache(maxsize=256)
def bank_holidays_for_year(year: int) -> Mapping[date, str]:
    """Bank holidays in England and Wales in `year`, plus Christmas Day and Good Friday."""
    if GOVUK_FIRST_YEAR <= year <= GOVUK_LAST_YEAR:
        days = {d: title for d, title in _govuk_holidays().items() if d.year == year}
    else:
        days = _rule_based_holidays(year)
    # Christmas Day and Good Friday are non-working days by the regulation's own words, whether
    # or not a list calls them bank holidays.
    days.setdefault(date(year, 12, 25), "Christmas Day")
    days.setdefault(easter(year) - timedelta(days=2), "Good Friday")
    return days


class WorkingDayCalendar:
    """Working-day arithmetic for England, with an authority's own closure days."""

    def __init__(
        self,
        closure_days: Iterable[ClosureDay | date] = (),
        first_year: int = _DEFAULT_FIRST_YEAR,
        last_year: int = _DEFAULT_LAST_YEAR,
    ) -> None:
        closures: dict[date, str] = {}
        for item in closure_days:
            if isinstance(item, ClosureDay):
                closures[item.date] = item.reason
            else:
                closures[item] = "Authority closure day"
        self.closure_days: Mapping[date, str] = closures
        self._build(first_year, last_year)

    # -- construction -------------------------------------------------------------------------

    def _build(self, first_year: int, last_year: int) -> None:
        self._first_year = first_year
        self._last_year = last_year
        self._base = date(first_year, 1, 1).toordinal()
        self._end = date(last_year, 12, 31).toordinal()
        closed = {d.toordinal() for d in self.closure_days}
        for year in range(first_year, last_year + 1):
            closed.update(d.toordinal() for d in bank_holidays_for_year(year))
        counts = array("l")
        working = array("l")
        running = 0
        for ordinal in range(self._base, self._end + 1):
            # date.fromordinal(...).weekday(): Monday is 0; ordinal 1 (1 Jan AD 1) was a Monday.
            if (ordinal - 1) % 7 < 5 and ordinal not in closed:
                running += 1
                working.append(ordinal)
            counts.append(running)
        self._counts = counts
        self._working = working

    def _ensure(self, ordinal: int) -> None:
        if self._base <= ordinal <= self._end:
            return
        year = date.fromordinal(ordinal).year
        self._build(min(self._first_year, year - 5), max(self._last_year, year + 5))

    # -- questions ----------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        ordinal = day.toordinal()
        self._ensure(ordinal)
        i = ordinal - self._base
        return self._counts[i] != (self._counts[i - 1] if i else 0)

    def why_not_working(self, day: date) -> str | None:
        """Why `day` is not a working day ("Saturday", "Good Friday", ...), or None if it is."""
        if day.weekday() == 5:
            return "Saturday"
        if day.weekday() == 6:
            return "Sunday"
        holiday = bank_holidays_for_year(day.year).get(day)
        if holiday:
            return holiday
        return self.closure_days.get(day)

    def add(self, day: date, n: int) -> date:
        """The date `n` working days after `day` (before it, if `n` is negative).

        The day itself is not counted, so `add(d, 1)` is the next working day after `d`; `add(d, 0)`
        is `d`.  Whether `day` is itself a working day does not matter.
        """
        if n == 0:
            return day
        counts, working = self._counts, self._working
        i = day.toordinal() - self._base
        if 0 <= i < len(counts):
            count = counts[i]  # working days on or before `day`
            if n > 0:
                k = count - 1 + n
            else:
                is_working = count != (counts[i - 1] if i else 0)
                k = count - is_working + n  # the working days strictly before `day`, less |n|
            if 0 <= k < len(working):
                return date.fromordinal(working[k])
        # Outside the span prepared so far: widen it generously and try again.
        year = day.year
        margin = abs(n) // 200 + 5
        self._build(min(self._first_year, year - margin), max(self._last_year, year + margin))
        return self.add(day, n)

    def add_ordinal(self, ordinal: int, n: int) -> int:
        """`add` on proleptic ordinals, for bulk computation (n > 0 only)."""
        if not (self._base <= ordinal <= self._end):
            return self.add(date.fromordinal(ordinal), n).toordinal()
        k = self._counts[ordinal - self._base] - 1 + n
        if k >= len(self._working):
            return self.add(date.fromordinal(ordinal), n).toordinal()
        return self._working[k]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        self._ensure(start.toordinal())
        self._ensure(end.toordinal())
        return (
            self._counts[end.toordinal() - self._base]
            - self._counts[start.toordinal() - self._base]
        )

    def on_or_before(self, day: date) -> date:
        """The last working day on or before `day`."""
        return day if self.is_working_day(day) else self.add(day, -1)

    def on_or_after(self, day: date) -> date:
        """The first working day on or after `day`."""
        return day if self.is_working_day(day) else self.add(day, 1)

    def non_working_days(self, start: date, end: date) -> list[tuple[date, str]]:
        """Every non-working weekday between `start` and `end` inclusive, with its name."""
        result = []
        day = start
        while day <= end:
            if day.weekday() < 5 and not self.is_working_day(day):
                result.append((day, self.why_not_working(day) or "Non-working day"))
            day += timedelta(days=1)
        return result


@lru_cache(maxsize=32)
def _calendar_for(closures: frozenset[ClosureDay]) -> WorkingDayCalendar:
    return WorkingDayCalendar(closures)


def england_calendar(closure_days: Iterable[ClosureDay | date] = ()) -> WorkingDayCalendar:
    """A shared calendar for England with the given closure days (built once per set)."""
    closures = frozenset(c if isinstance(c, ClosureDay) else ClosureDay(c) for c in closure_days)
    return _calendar_for(closures)
