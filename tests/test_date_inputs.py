"""A date typed into any form: a slip of the keyboard gets the form's own message, never a
server error."""

import pytest

from carereview.core.forms import GovDateField


@pytest.mark.parametrize(
    "parts",
    [
        ["31", "2", "2024"],
        ["1", "1", "²⁰²⁴"],
        ["99999999999999999999", "1", "2024"],
        ["1", "99999999999999999999", "2024"],
        ["x", "1", "2024"],
    ],
)
def test_a_date_that_cannot_be_is_refused_in_plain_words(parts) -> None:
    from django import forms

    with pytest.raises(forms.ValidationError, match="Date of birth must be a real date"):
        GovDateField(label="date of birth").clean(parts)
