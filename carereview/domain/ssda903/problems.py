"""What reading a return can find wrong: errors, which refuse the whole import, and warnings,
which are imported anyway and listed.

Each problem names the file, the row (its line in the file as a spreadsheet user counts it: the
header row is 1), the column, the value and the rule broken, and says so in plain words.  Rules
that the DfE's validator also applies carry its number (e.g. 440, INT17).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None
    column: str
    value: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


#: Each rule, in the words the report gives as its heading.
RULES: dict[str, str] = {
    # errors: the import is refused
    "not CSV": "A file that is not a CSV file",
    "not UTF-8": "A file that is not UTF-8 text",
    "columns": "A file whose columns are not those of any table of the return",
    "repeated column": "A column named twice in a file",
    "table twice": "Two files holding the same table",
    "two tables": "One file holding two tables",
    "no Header": "No Header table among the files",
    "cells": "A row with more cells than the file has columns",
    "date": "A date that cannot be read (dd/mm/yyyy)",
    "code": "A code that is not in the return's code list",
    "required": "A value that must be given is missing",
    "too long": "A value longer than the return allows",
    "child not in Header": "A row for a child who is not in the Header table",
    "Header conflict": "A child listed twice in Header with different details",
    "episode dates": "An episode that ends before it starts",
    "same start": "Two different episodes for a child starting on the same day",
    "167": "A review date without a participation code, or a code without a date (167)",
    "future birth": "A date of birth after the day of the import",
    # warnings: imported, and listed
    "440": "PN0 for a child aged 4 or over at the review (440)",
    "441": "PN1-PN7 for a child under 4 at the review (441)",
    "399": "A review for a child looked after only under short breaks (399)",
    "outside care": "A review outside any period of care",
    "overlap": "Overlapping episodes",
    "not S at start": "A child's history beginning part-way through a period of care (not RNE S)",
    "no S": "A period of care starting with an RNE other than S",
    "S after X1": "A new period of care (RNE S) straight after an episode ended X1",
    "gap after X1": "An episode ended X1 with no episode starting that day",
    "REC without DEC": "A reason the episode ended without the date it ended",
    "INT17": "Date of birth in Reviews differs from Header (INT17)",
    "DOB differs": "Date of birth in another table differs from Header",
    "same review": "The same review twice (same child, same date)",
    "same row": "The same row twice",
    "decimal": "A whole number written with a decimal point",
    "future review": "A review dated after the day of the import (not loaded)",
    "extra column": "A column that is not part of the table (ignored)",
    "not in newer file": "An episode held but missing from a newer return covering its dates",
    "ended later": "An episode open in an older return but held as ended (kept ended)",
}


def rule_heading(rule: str) -> str:
    return RULES.get(rule, rule)
