"""Birthdays and ages, one way for the whole service.

A person attains an age at the start of the anniversary of their birth (Family Law Reform Act
1969 s.9); born on 29 February, in a common year they attain it on 1 March (as dateutil's
relativedelta counts, and as the SSDA903 validator's age checks do).
"""

from __future__ import annotations

from datetime import date

#: Looked after until 18 (Children Act 1989 s.105(1): a "child" is a person under 18).
ADULT = 18


def birthday(dob: date, years: int) -> date:
    """The day a person attains the age `years`."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February in a common year
        return date(dob.year + years, 3, 1)


def age_on(dob: date, day: date) -> int:
    """Age in whole years on `day` (a birthday counts from the day itself)."""
    years = day.year - dob.year
    return years if day >= birthday(dob, years) else years - 1


def adult_on(dob: date, day: date) -> bool:
    """18 or over on `day`: no longer a child who can be looked after."""
    return day >= birthday(dob, ADULT)
