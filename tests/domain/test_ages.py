"""Ages and birthdays: one reckoning for the whole service (the 18th birthday that ends care,
the 4th from which a child's participation is counted)."""

from datetime import date

from carereview.domain.ages import adult_on, age_on, birthday


def test_a_birthday_counts_from_the_day_itself() -> None:
    assert age_on(date(2010, 6, 15), date(2028, 6, 14)) == 17
    assert age_on(date(2010, 6, 15), date(2028, 6, 15)) == 18
    assert not adult_on(date(2010, 6, 15), date(2028, 6, 14))
    assert adult_on(date(2010, 6, 15), date(2028, 6, 15))


def test_born_on_29_february_a_person_is_older_on_1_march_in_a_common_year() -> None:
    assert birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
