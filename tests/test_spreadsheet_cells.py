"""Every CSV download quotes what a spreadsheet would run as a formula, and keeps figures."""

import pytest

from carereview.core.spreadsheet import safe_cell


@pytest.mark.parametrize(
    "value", ["=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\t-1"]
)
def test_what_a_spreadsheet_would_run_is_written_after_a_quote_mark(value) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-3", "-0.5", "+4", "Ash", "12 Any Road", ""])
def test_figures_and_ordinary_words_are_left_as_they_are(value) -> None:
    assert safe_cell(value) == value


def test_nothing_is_written_as_an_empty_cell() -> None:
    assert safe_cell(None) == ""
