"""The timescale engine: a child's care history in, every review deadline out.

For each period of care (or series of short breaks) the engine walks forward through time.  At any
moment some timetables are running (the ordinary one of CPPCR 2010 reg 33, short breaks under
reg 48, adoption under AAR 2005 reg 36) and some one-off deadlines are waiting (an adoptive
placement that disrupted, an early review the regulations require, a local target after a
placement move).  The next review is due on the earliest of their dates: a deadline that an event
pulls forward never moves later.  When a review is held every running timetable counts it and
measures its next interval from it; the one-off deadlines it meets are done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from carereview.domain.ages import ADULT, birthday
from carereview.domain.calendar import WorkingDayCalendar, england_calendar
from carereview.domain.ssda903.codes import (
    AUTHORISED_FOR_ADOPTION_LS,
    PLACED_FOR_ADOPTION,
    PLACEMENT_CHANGE_RNE,
    SHORT_BREAK_LS,
)
from carereview.domain.timescales.model import (
    CareHistory,
    Deadline,
    EarlyReviewEvent,
    Episode,
    HeldReview,
    PeriodOfCare,
    ReviewDue,
    ReviewStatus,
    Schedule,
)
from carereview.domain.timescales.periods import Unit, split_periods, timetable_units
from carereview.domain.timescales.profiles import STATUTORY, PolicyProfile
from carereview.domain.timescales.rules import EARLY_REVIEW_EVENTS, RULES, Authority, Rule
from carereview.domain.timescales.timetables import (
    Timetable,
    local_rule,
)


@dataclass(slots=True)
class _OneOff:
    deadline: Deadline
    met_from: date  # a review on or after this date meets it


@dataclass(slots=True)
class _State:
    timetables: list[Timetable]
    waiting: list[_OneOff]

    def stop(self, kind: str) -> None:
        self.timetables = [t for t in self.timetables if t.kind != kind]

    def start(self, kind: str, day: date) -> None:
        self.stop(kind)
        self.timetables.append(Timetable(kind, day))


Change = tuple[date, int, Callable[[_State], None]]


def _changes(
    unit: Unit, events: list[EarlyReviewEvent], profile: PolicyProfile, cal: WorkingDayCalendar
) -> list[Change]:
    """What happens in a unit, in date order, as it affects the review timetable."""
    changes: list[Change] = []
    seq = 0

    def at(day: date, action: Callable[[_State], None]) -> None:
        nonlocal seq
        seq += 1
        changes.append((day, seq, action))

    def wait(deadline: Deadline, met_from: date) -> Callable[[_State], None]:
        return lambda state: state.waiting.append(_OneOff(deadline, met_from))

    previous: Episode | None = None
    for span in unit.spans:
        for episode in span.episodes:
            day = episode.decom
            authorised = episode.ls in AUTHORISED_FOR_ADOPTION_LS
            placed = episode.place in PLACED_FOR_ADOPTION
            was_authorised = previous is not None and previous.ls in AUTHORISED_FOR_ADOPTION_LS
            was_placed = previous is not None and previous.place in PLACED_FOR_ADOPTION
            if authorised and not was_authorised:
                at(day, lambda s, d=day: s.start("adoption_authorised", d))
            elif was_authorised and not authorised:
                at(day, lambda s: s.stop("adoption_authorised"))
            if placed and not was_placed:
                at(day, lambda s, d=day: s.start("adoption_placed", d))
            elif was_placed and not placed and episode.rne != "S":
                # The adoptive placement ended and the child is still looked after: a disruption.
                # IRO Handbook 3.56: a review between 4 and 6 weeks after it.
                at(day, lambda s: s.stop("adoption_placed"))
                window = Deadline(
                    day + timedelta(days=42),
                    RULES["adoption_disruption"],
                    day,
                    earliest=day + timedelta(days=28),
                )
                at(day, wait(window, day + timedelta(days=28)))
            if (
                previous is not None
                and previous.ls in SHORT_BREAK_LS
                and episode.ls not in SHORT_BREAK_LS
            ):
                # Short breaks become ordinary care: the ordinary timetable starts here.
                at(day, lambda s: s.stop("short_breaks"))
                at(day, lambda s, d=day: s.start("standard", d))
            new_placement = episode.rne == "S" or episode.rne in PLACEMENT_CHANGE_RNE
            if new_placement and episode.ls not in SHORT_BREAK_LS:
                # A local target after every placement, the first included (seed 001 s2.1).
                for deadline in _after_placement(day, profile, cal):
                    at(day, wait(deadline, day))
            previous = episode
    for event in events:
        rule_id, _ = EARLY_REVIEW_EVENTS[event.kind]
        by = event.review_by
        if by is None:  # a planned change: the review comes the day before it at the latest
            by = event.date - timedelta(days=1)
        deadline = Deadline(by, RULES[rule_id], event.date)
        at(event.date, wait(deadline, event.date))
    changes.sort(key=lambda change: (change[0], change[1]))
    return changes


def _after_placement(day: date, profile: PolicyProfile, cal: WorkingDayCalendar) -> list[Deadline]:
    found = []
    if profile.after_each_placement_working_days:
        n = profile.after_each_placement_working_days
        found.append(
            Deadline(
                cal.add(day, n),
                local_rule(
                    "local_after_placement",
                    f"a review within {n} working days of each placement",
                    profile.name,
                ),
                day,
            )
        )
    if profile.after_each_placement_days:
        n = profile.after_each_placement_days
        found.append(
            Deadline(
                day + timedelta(days=n),
                local_rule(
                    "local_after_placement",
                    f"a review within {n} days of each placement",
                    profile.name,
                ),
                day,
            )
        )
    return found


def _next(
    state: _State,
    number: int,
    period: int,
    cal: WorkingDayCalendar,
    profile: PolicyProfile,
    held_on: date | None = None,
) -> ReviewDue:
    """The next review as things stand.  For a review held on `held_on`, a window that had not
    yet opened (a disruption review is due 4 to 6 weeks after) is left for a later review."""
    timetables = state.timetables
    if len(timetables) == 1 and not state.waiting:
        # The common case: one timetable, nothing waiting.
        statutory, local = timetables[0].deadlines(cal, profile)
        if local is None:
            return ReviewDue(number, period, statutory, (statutory,))
        pair = (local, statutory) if local.date < statutory.date else (statutory, local)
        return ReviewDue(
            number, period, statutory, pair, local if local.date < statutory.date else None
        )
    candidates: list[Deadline] = []
    for timetable in timetables:
        statutory, local = timetable.deadlines(cal, profile)
        candidates.append(statutory)
        if local is not None:
            candidates.append(local)
    candidates.extend(
        waiting.deadline
        for waiting in state.waiting
        if held_on is None or waiting.deadline.earliest is None or waiting.met_from <= held_on
    )
    candidates.sort(key=_by_date)
    statutory = next(c for c in candidates if c.rule.authority is not Authority.LOCAL)
    local = next((c for c in candidates if c.rule.authority is Authority.LOCAL), None)
    return ReviewDue(
        number=number,
        period=period,
        statutory=statutory,
        candidates=tuple(candidates),
        local_target=local if local is not None and local.date < statutory.date else None,
    )


def _by_date(deadline: Deadline) -> date:
    return deadline.date


def _schedule_unit(
    unit: Unit,
    index: int,
    reviews: list[HeldReview],
    events: list[EarlyReviewEvent],
    as_of: date,
    adulthood: date | None,
    profile: PolicyProfile,
    cal: WorkingDayCalendar,
) -> tuple[list[ReviewDue], bool]:
    """The reviews of one unit, and whether its timetable is still running on `as_of`."""
    base = "short_breaks" if unit.regime == "short_breaks" else "standard"
    state = _State([Timetable(base, unit.start)], [])
    changes = _changes(unit, events, profile, cal)
    results: list[ReviewDue] = []
    position = 0
    for review in reviews:
        while position < len(changes) and changes[position][0] <= review.date:
            changes[position][2](state)
            position += 1
        due = _next(state, len(results) + 1, index, cal, profile, held_on=review.date)
        due.held = review
        due.status = ReviewStatus.HELD
        results.append(due)
        for timetable in state.timetables:
            timetable.count += 1
            timetable.last = review.date
        state.waiting = [w for w in state.waiting if review.date < w.met_from]

    ends = [d for d in (unit.end, adulthood) if d is not None]
    end = min(ends) if ends else None
    horizon = as_of if end is None else min(end, as_of)
    while position < len(changes) and changes[position][0] <= horizon:
        changes[position][2](state)
        position += 1
    upcoming = _next(state, len(results) + 1, index, cal, profile)
    if end is not None and end <= as_of:
        # The timetable has stopped.  A review that fell due while the child was still looked
        # after and was never held is missed; one that would have fallen due later was not needed.
        if upcoming.statutory_due < end:
            upcoming.status = ReviewStatus.MISSED
            results.append(upcoming)
        return results, False
    if end is not None and upcoming.statutory_due >= end:
        # The child will be 18 (or the period planned to end) before the review falls due.
        return results, False
    upcoming.status = (
        ReviewStatus.OVERDUE if upcoming.statutory_due < as_of else ReviewStatus.UPCOMING
    )
    results.append(upcoming)
    return results, True


def schedule(
    history: CareHistory,
    as_of: date,
    profile: PolicyProfile = STATUTORY,
    calendar: WorkingDayCalendar | None = None,
) -> Schedule:
    """Every review that fell due in `history` up to `as_of`, and the next one.

    The history must already be valid (see `carereview.domain.timescales.caseio` for parsing and
    validation with messages); the engine trusts its input to be in date order and consistent.
    """
    cal = calendar or england_calendar()
    warnings: list[str] = []
    units = timetable_units(split_periods(history.episodes, warnings))
    adulthood = birthday(history.dob, ADULT) if history.dob else None
    reviews = sorted(history.reviews, key=lambda r: r.date)
    periods: list[PeriodOfCare] = []
    next_review: ReviewDue | None = None
    counted: set[int] = set()
    for index, unit in enumerate(units, start=1):
        until = unit.end or as_of
        mine = [r for r in reviews if unit.start <= r.date <= until and id(r) not in counted]
        counted.update(id(r) for r in mine)
        events = [e for e in history.events if unit.start <= e.date <= until]
        period = PeriodOfCare(
            index, unit.start, unit.end, unit.end_reason, unit.regime, unit.episodes
        )
        period.reviews, running = _schedule_unit(
            unit, index, mine, events, as_of, adulthood, profile, cal
        )
        if running:
            next_review = period.reviews[-1]
        periods.append(period)
    for review in reviews:
        if id(review) not in counted:
            warnings.append(
                f"The review on {review.date} was held while the child was not looked "
                "after; it is not counted."
            )
    if adulthood is not None and as_of >= adulthood and periods and periods[-1].open:
        warnings.append(
            f"The child turned 18 on {adulthood}: no review falls due from then on, "
            "though the last episode is still open."
        )
    _add_considerations(periods, history.dob)
    final_plan = None
    if adulthood is not None and periods and periods[-1].open and as_of < adulthood:
        final_plan = Deadline(cal.add(adulthood, -20), RULES["final_pathway_plan"], adulthood)
    return Schedule(
        as_of=as_of,
        profile_name=profile.name,
        periods=periods,
        warnings=warnings,
        next_review=next_review,
        final_pathway_plan_due=final_plan,
    )


def _add_considerations(periods: list[PeriodOfCare], dob: date | None) -> None:
    """Matters a review must consider because of where it falls."""
    sixteenth = None
    if dob is not None:
        try:
            sixteenth = dob.replace(year=dob.year + 16)
        except ValueError:
            sixteenth = date(dob.year + 16, 3, 1)
    staying_put_done = False
    for period in periods:
        for review in period.reviews:
            extra: list[Rule] = []
            if period.regime == "standard" and review.number == 2:
                extra.append(RULES["permanence_plan"])
            if period.regime == "standard" and review.number == 3:
                extra.append(RULES["twin_track_plan"])
            day = review.held.date if review.held else review.due
            if sixteenth is not None and not staying_put_done and day >= sixteenth:
                # Whatever the placement now: a young person who may yet move to foster care
                # before 18 needs the question asked too.
                staying_put_done = True
                extra.append(RULES["staying_put"])
            review.considerations = tuple(extra)
