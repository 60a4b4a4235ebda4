"""Properties the indicators keep for any population of children, and reading them from files."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from carereview.domain.calendar import england_calendar
from carereview.domain.indicators import (
    ChildRecord,
    ReviewRecord,
    participation,
    records_from_return,
    timeliness,
)
from carereview.domain.indicators.participation import CODES
from carereview.domain.indicators.timeliness import FIGURES
from carereview.domain.ssda903.reader import read_return
from carereview.domain.timescales import Episode

CAL = england_calendar()
YEAR = 2024
START, END = date(2024, 4, 1), date(2025, 3, 31)


@st.composite
def records(draw: st.DrawFn, reference: str) -> ChildRecord:
    day = draw(st.dates(min_value=date(2021, 1, 1), max_value=date(2025, 6, 1)))
    episodes = []
    for number in range(draw(st.integers(1, 4))):
        ls = draw(st.sampled_from(["C1", "C2", "V2", "E1", "V3", "V4"]))
        place = draw(st.sampled_from(["U4", "U6", "K2", "A5", "P1"]))
        rne = "S" if number == 0 else draw(st.sampled_from(["S", "L", "P", "T"]))
        if draw(st.booleans()) and number:
            episodes.append(Episode(day, rne, ls, place))
            break
        end = day + timedelta(days=draw(st.integers(1, 500)))
        rec = draw(st.sampled_from(["X1", "X1", "E4A", "E11"]))
        episodes.append(Episode(day, rne, ls, place, end, rec))
        day = end + timedelta(days=0 if rec == "X1" else draw(st.integers(1, 200)))
    first = episodes[0].decom
    offsets = draw(st.sets(st.integers(-30, 1600), max_size=10))
    codes = st.sampled_from([*CODES, ""])
    reviews = tuple(ReviewRecord(first + timedelta(days=o), draw(codes)) for o in sorted(offsets))
    dob = first - timedelta(days=draw(st.integers(0, 17 * 365)))
    return ChildRecord(reference, dob, tuple(episodes), reviews)


@st.composite
def populations(draw: st.DrawFn) -> list[ChildRecord]:
    return [draw(records(f"C{n}")) for n in range(draw(st.integers(0, 6)))]


@settings(max_examples=200, deadline=None)
@given(populations())
def test_the_timeliness_figures_add_up(children: list[ChildRecord]) -> None:
    t = timeliness(children, YEAR, CAL)
    assert 0 <= t.children_all_on_time <= t.children == len(t.lines)
    assert t.reviews_on_time + t.reviews_late == t.reviews
    assert (t.percent is None) == (t.children == 0)
    assert t.percent is None or 0 <= t.percent <= 100
    for line in t.lines:
        assert line.reviews  # a child is counted only with a review in the year
        assert line.on_time == all(r.on_time for r in line.reviews)
        for review in line.reviews:
            if review.held is not None:
                assert START <= review.held <= END
                assert review.on_time == (review.held <= review.deadline)
                assert review.days_late == max((review.held - review.deadline).days, 0)
            else:
                assert review.deadline <= END and not review.on_time
    for figure in FIGURES:
        assert set(t.behind(figure)) <= set(t.lines)
    assert len(t.behind("children_all_on_time")) == t.children_all_on_time


@settings(max_examples=200, deadline=None)
@given(populations(), st.integers(1, 400))
def test_nothing_after_31_march_changes_the_year(children: list[ChildRecord], days: int) -> None:
    later = END + timedelta(days=days)
    more = [
        ChildRecord(c.reference, c.dob, c.episodes, (*c.reviews, ReviewRecord(later, "PN1")))
        for c in children
    ]
    assert timeliness(more, YEAR, CAL) == timeliness(children, YEAR, CAL)
    assert participation(more, YEAR) == participation(children, YEAR)


@settings(max_examples=100, deadline=None)
@given(populations(), st.randoms())
def test_the_order_of_the_children_does_not_matter(
    children: list[ChildRecord], rnd: random.Random
) -> None:
    shuffled = list(children)
    rnd.shuffle(shuffled)
    assert timeliness(shuffled, YEAR, CAL) == timeliness(children, YEAR, CAL)
    assert participation(shuffled, YEAR) == participation(children, YEAR)


@settings(max_examples=200, deadline=None)
@given(populations())
def test_the_participation_figures_add_up(children: list[ChildRecord]) -> None:
    p = participation(children, YEAR)
    assert 0 <= p.participated <= p.children <= len(p.lines)
    assert list(p.by_code) == list(CODES)
    held = [r for line in p.lines for r in line.reviews]
    assert sum(p.by_code.values()) + p.not_recorded == len(held)
    assert all(START <= r.date <= END for r in held)
    assert len(p.behind("participated")) == p.participated
    assert len(p.behind("did_not_participate")) == p.children - p.participated


def csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_return_read_from_files_gives_the_childrens_records() -> None:
    files = {
        "header.csv": csv(
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
            "501,M,01/05/2012,WBRI,,,",
            "502,F,15/06/2020,WBRI,,,",
        ),
        "episodes.csv": csv(
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
            "501,01/08/2024,p,c2,N1,K2,PR1,,,CARPL,,,",
            "501,01/06/2023,S,C2,N1,U4,PR1,01/08/2024,X1,,,,",
            "502,08/01/2024,S,V2,N1,U6,PR1,,E4A,,,,",
        ),
        "reviews.csv": csv(
            "CHILD,DOB,REVIEW,REVIEW_CODE",
            "501,01/05/2012,14/09/2024,pn1",
            "501,01/05/2012,14/09/2024,PN7",
            "502,15/06/2020,15/06/2024,PN3",
        ),
    }
    read = read_return(files)
    assert read.ok, read.errors
    first, second = records_from_return(read)
    assert first.reference == "501" and first.dob == date(2012, 5, 1) and first.pk is None
    # Episodes in date order; codes upper case.
    assert first.episodes == (
        Episode(date(2023, 6, 1), "S", "C2", "U4", date(2024, 8, 1), "X1"),
        Episode(date(2024, 8, 1), "P", "C2", "K2"),
    )
    # The same review twice is read once, with the first row's code, as the import loads it.
    assert first.reviews == (ReviewRecord(date(2024, 9, 14), "PN1"),)
    # A reason for ending with no end date is read as an open episode.
    assert second.episodes == (Episode(date(2024, 1, 8), "S", "V2", "U6"),)
    assert participation([second], YEAR).participated == 1  # on the fourth birthday, PN3
