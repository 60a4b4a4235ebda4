"""CSV cells a spreadsheet will not run as formulas, for every CSV download the service offers.

A value starting = + - @ (or a tab or carriage return, which some spreadsheets skip before
one) is written after a quote mark (OWASP, "CSV injection"); a plain number such as -3 is
left as it is so that the figures stay figures.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text
