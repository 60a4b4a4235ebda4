"""The participation indicator: the share of children aged 4 or over whose every review in the
reporting year had them taking part (seed 001 calls it C69, the national framework C63;
domain.md, Indicators).

As implemented (docs/indicators.md gives the reasons and the sources):

- The children counted are those with at least one review held in the year at age 4 or over; a
  review on the fourth birthday counts as 4 or over (SSDA903 validator rules 440/441 accept
  either code that day; the child has attained the age).
- A child took part when every such review was coded PN1-PN6.  PN7 (did not attend, views not
  conveyed) fails, and so does PN0 wrongly given to a child of 4 or over, or no code at all: the
  record does not show the child took part.
- `by_code` counts every review held in the year, at any age, by its code PN0-PN7 (every code
  present, 0 when none), so that an authority can work out its own variant (say, PN1-PN5 only);
  reviews with no code are counted in `not_recorded`.
- Reviews held while the child was under short breaks (LS V3/V4) are left out, as for timeliness:
  the return holds none (validator 399).  A review held on a day the episodes show the child was
  not looked after is still counted: it was held, and its code says how the child took part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from carereview.domain.ages import age_on
from carereview.domain.indicators.records import (
    ChildRecord,
    ShortBreaks,
    percent,
)
from carereview.domain.indicators.timeliness import SHORT_BREAKS, LeftOut
from carereview.domain.years import reporting_year

CODES = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
#: The codes that show the child took part: attended, or conveyed their views another way.
TOOK_PART = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})

#: The figures a page may link to the children behind (and each code in CODES, and
#: "not_recorded").
FIGURES = ("children", "participated", "did_not_participate")


@dataclass(frozen=True, slots=True)
class ReviewParticipation:
    """A review held in the year: its date, its code ("" when none) and the child's age then."""

    date: date
    code: str
    age: int

    @property
    def took_part(self) -> bool:
        return self.code in TOOK_PART


@dataclass(frozen=True, slots=True)
class ChildParticipation:
    """A child with a review in the year.  `counted`: they had one at 4 or over, so they are in
    the indicator; `participated`: every such review was coded PN1-PN6."""

    reference: str
    pk: int | None
    reviews: tuple[ReviewParticipation, ...]  # every review held in the year, any age

    @property
    def aged_four_or_over(self) -> tuple[ReviewParticipation, ...]:
        return tuple(r for r in self.reviews if r.age >= 4)

    @property
    def counted(self) -> bool:
        return bool(self.aged_four_or_over)

    @property
    def participated(self) -> bool:
        return self.counted and all(r.took_part for r in self.aged_four_or_over)


@dataclass(frozen=True)
class Participation:
    year: int
    start: date
    end: date
    children: int  # with a review in the year at 4 or over
    participated: int
    percent: float | None  # participated / children, one decimal
    by_code: dict[str, int]  # every review held in the year, PN0-PN7
    not_recorded: int  # reviews held in the year without a code
    lines: tuple[ChildParticipation, ...]  # every child with a review in the year, by reference
    left_out: tuple[LeftOut, ...]

    def behind(self, figure: str) -> tuple[ChildParticipation, ...]:
        """The children behind one of FIGURES, a code ("PN7": children with a review so coded in
        the year) or "not_recorded"."""
        if figure in CODES:
            return tuple(c for c in self.lines if any(r.code == figure for r in c.reviews))
        if figure == "not_recorded":
            return tuple(c for c in self.lines if any(r.code not in CODES for r in c.reviews))
        test = {
            "children": lambda c: c.counted,
            "participated": lambda c: c.participated,
            "did_not_participate": lambda c: c.counted and not c.participated,
        }[figure]
        return tuple(line for line in self.lines if test(line))


def participation(
    children: Iterable[ChildRecord], year: int, *, as_of: date | None = None
) -> Participation:
    """The indicator for the reporting year starting 1 April `year` (reviews held up to `as_of`
    when the year is not yet over)."""
    start, end = reporting_year(year)
    last = end if as_of is None else min(as_of, end)
    lines: list[ChildParticipation] = []
    left_out: list[LeftOut] = []
    for child in children:
        breaks = ShortBreaks(child.episodes)
        held: dict[date, str] = {}
        for review in sorted(child.reviews, key=lambda r: r.date):
            if not start <= review.date <= last:
                continue
            if breaks.on(review.date):
                left_out.append(LeftOut(child.reference, child.pk, review.date, SHORT_BREAKS))
                continue
            held.setdefault(review.date, review.code.upper())  # one review a day, the first
        if held:
            reviews = tuple(
                ReviewParticipation(day, code, age_on(child.dob, day)) for day, code in held.items()
            )
            lines.append(ChildParticipation(child.reference, child.pk, reviews))
    lines.sort(key=lambda line: line.reference)
    left_out.sort(key=lambda item: (item.reference, item.date))
    by_code = dict.fromkeys(CODES, 0)
    not_recorded = 0
    for line in lines:
        for review in line.reviews:
            if review.code in by_code:
                by_code[review.code] += 1
            else:
                not_recorded += 1
    counted = sum(1 for line in lines if line.counted)
    took_part = sum(1 for line in lines if line.participated)
    return Participation(
        year=year,
        start=start,
        end=end,
        children=counted,
        participated=took_part,
        percent=percent(took_part, counted),
        by_code=by_code,
        not_recorded=not_recorded,
        lines=tuple(lines),
        left_out=tuple(left_out),
    )
