"""A synthetic national-scale population of looked-after children, made up from a seed.

Shaped loosely like England's: about 110,000 children in a year, most in one period of care under
a care order, some returning to care, some in a series of short breaks, some placed for adoption;
reviews mostly on time, some late, some missed.  Nobody in it is real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from carereview.domain.timescales import CareHistory, Episode, HeldReview

AS_OF = date(2026, 3, 31)


def _reviews(rng: random.Random, start: date, end: date, short_breaks: bool) -> list[HeldReview]:
    # Roughly the statutory rhythm, with jitter: some early, some a few days late.
    gaps = [90, 180] if short_breaks else [26, 88, 178]
    held, day, n = [], start, 0
    while True:
        gap = gaps[min(n, len(gaps) - 1)] + rng.randint(-25, 6)
        day = day + timedelta(days=max(gap, 1))
        if day > end or rng.random() < 0.02:  # occasionally a review is never held
            return held
        held.append(HeldReview(day))
        n += 1


def child(rng: random.Random) -> CareHistory:
    dob = AS_OF - timedelta(days=rng.randint(30, 18 * 365 - 30))
    in_care = min(int(rng.expovariate(1 / 530)) + 5, 6 * 365)
    start = max(dob + timedelta(days=1), AS_OF - timedelta(days=in_care))
    kind = rng.random()
    episodes: list[Episode] = []
    reviews: list[HeldReview] = []
    if kind < 0.05:  # a series of short breaks, each its own episode (V3)
        day = start
        while day < AS_OF - timedelta(days=3):
            end = day + timedelta(days=2)
            episodes.append(Episode(day, "S", "V3", "U6", end, "E4A"))
            day = end + timedelta(days=rng.randint(14, 60))
        reviews = _reviews(rng, start, AS_OF, True)
    elif kind < 0.10:  # authority to place for adoption, then placed
        authorised = start + timedelta(days=rng.randint(90, 400))
        placed = authorised + timedelta(days=rng.randint(30, 200))
        episodes.append(Episode(start, "S", "C2", "U6", min(authorised, AS_OF), "X1"))
        if authorised < AS_OF:
            episodes.append(Episode(authorised, "L", "E1", "U6", min(placed, AS_OF), "X1"))
            if placed < AS_OF:
                episodes.append(Episode(placed, "P", "E1", "A6"))
        if episodes[-1].dec == AS_OF:
            last = episodes.pop()
            episodes.append(Episode(last.decom, last.rne, last.ls, last.place))
        reviews = _reviews(rng, start, AS_OF, False)
    else:  # ordinary care, with placement moves and sometimes a return home and back
        day = start
        periods = 1 if rng.random() < 0.85 else 2
        for period in range(periods):
            moves = rng.randint(0, 4)
            period_end = (
                AS_OF if period == periods - 1 else day + timedelta(days=rng.randint(60, 700))
            )
            if period_end >= AS_OF:
                period_end = AS_OF
            length = (period_end - day).days
            cuts = sorted(
                {day + timedelta(days=rng.randint(1, max(length - 1, 1))) for _ in range(moves)}
                - {period_end, day}
            )
            marks = [day, *cuts]
            for i, begin in enumerate(marks):
                rne = "S" if i == 0 else rng.choice("PTLBU")
                ls = rng.choice(["C2", "C2", "C1", "V2", "J1"])
                place = rng.choice(["U4", "U6", "U3", "K2", "R1", "P1"])
                if i + 1 < len(marks):
                    episodes.append(Episode(begin, rne, ls, place, marks[i + 1], "X1"))
                elif period_end < AS_OF:
                    episodes.append(Episode(begin, rne, ls, place, period_end, "E4A"))
                else:
                    episodes.append(Episode(begin, rne, ls, place))
            reviews.extend(_reviews(rng, day, period_end, False))
            day = period_end + timedelta(days=rng.randint(30, 300))
            if day >= AS_OF:
                break
    return CareHistory(tuple(episodes), tuple(reviews), dob)


def population(size: int = 110_000, seed: int = 903) -> list[CareHistory]:
    rng = random.Random(seed)
    return [child(rng) for _ in range(size)]
