"""No one becomes looked after on or after their 18th birthday (Children Act 1989 s.105(1)),
counted the same way on the web form as in the open API and the review calculator."""

from datetime import date, timedelta

import pytest

from carereview.domain.ages import birthday
from carereview.records.forms import BecomingLookedAfterForm


@pytest.mark.parametrize("days_after", [0, 1, 13])
def test_a_child_cannot_become_looked_after_on_or_after_their_18th_birthday(db, days_after) -> None:
    today = date.today()
    born = date(today.year - 19, 1, 10)
    start = birthday(born, 18) + timedelta(days=days_after)
    form = BecomingLookedAfterForm(
        {
            "first_name": "Ari",
            "last_name": "Example",
            "reference": "AGE1",
            "date_of_birth-day": str(born.day),
            "date_of_birth-month": str(born.month),
            "date_of_birth-year": str(born.year),
            "gender": "other",
            "ethnicity": "NOBT",
            "first_language": "English",
            "looked_after_from-day": str(start.day),
            "looked_after_from-month": str(start.month),
            "looked_after_from-year": str(start.year),
            "legal_status": "V2",
            "placement": "U4",
        }
    )
    assert not form.is_valid()
    assert "18 or over" in " ".join(form.errors["looked_after_from"])
