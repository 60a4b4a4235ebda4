"""What the indicators read: each child's episodes and reviews, as plain records, and the few
rules both indicators share (the reporting year, the short-breaks exclusion, a percentage).

The records come from the database (`carereview.reports.indicators`) or straight from an SSDA903
return's files (`carereview.domain.indicators.from_return`); the indicators never know which, so
the same return gives the same figures either way.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from carereview.domain.ssda903.codes import SHORT_BREAK_LS
from carereview.domain.timescales import Episode


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """A review held: the date of its first meeting (IRO Handbook 3.24; SSDA903 REVIEW) and the
    child's participation code PN0-PN7 (SSDA903 REVIEW_CODE; "" when not recorded)."""

    date: date
    code: str = ""


@dataclass(frozen=True, slots=True)
class ChildRecord:
    """One child as the indicators see them.  `episodes` in date order (SSDA903 Episodes);
    `reviews` the reviews held, in any order.  `pk` is the child's id in the database when the
    record came from it (None from files), so that a page can link the children behind a figure.
    """

    reference: str
    dob: date
    episodes: tuple[Episode, ...]
    reviews: tuple[ReviewRecord, ...] = ()
    pk: int | None = None


def percent(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole` to one decimal place, halves rounded up (49.25 -> 49.3,
    as a person rounding by hand would); None when there is nothing to divide by."""
    if whole == 0:
        return None
    exact = Decimal(part * 100) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class ShortBreaks:
    """Which days of a child's history were spent under short breaks only (LS V3/V4).

    The return holds no reviews for children looked after only under short breaks (SSDA903
    validator rule 399; domain.md, Indicators), so both indicators leave out reviews held - or,
    for a review never held, falling due - while the child's latest episode starting on or before
    that day was a short break.  That covers the days between breaks (the series of breaks goes on,
    CPPCR 2010 reg 48) and leaves a child who moved from short breaks into ordinary care counted
    from the day the ordinary episode began.  A child looked after only under short breaks has
    nothing left to count, and so is outside both indicators.
    """

    def __init__(self, episodes: tuple[Episode, ...]) -> None:
        ordered = sorted(episodes, key=lambda e: e.decom)
        self._starts = [e.decom for e in ordered]
        self._short = [e.ls in SHORT_BREAK_LS for e in ordered]

    def on(self, day: date) -> bool:
        at = bisect.bisect_right(self._starts, day) - 1
        return at >= 0 and self._short[at]
