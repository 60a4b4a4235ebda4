"""Review records written late: the full record of a review is due within 15 working days of the
review's completion (IRO Handbook 3.69; the authority's policy profile may set its own figure).
The deadline is the one the review's own page shows (`domain.timescales.derived.after_review`),
never worked out again here.

Reviews count in the period their first meeting was held.  Each is put under the IRO named for
the child on the day of the review (who chaired and writes the record in most cases).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.domain.timescales.derived import FULL_RECORD, after_review
from carereview.reports import charts
from carereview.reports.common import Cell, ReportData, Section, Table, children_in_scope
from carereview.reviews.models import Review
from carereview.staff.models import Allocation, Team, User

ON_TIME = "Written on time"
LATE = "Written late"
OVERDUE = "Not written, overdue"
NOT_DUE = "Not written, not yet due"
STATES = [ON_TIME, LATE, OVERDUE, NOT_DUE]
NO_IRO = "No IRO named"


@dataclass
class RecordLine:
    """One IRO's reviews (or all of them), by the state of their records."""

    label: str
    counts: dict[str, int]
    figures: dict[str, str]
    working_days_late: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def average_days_late(self) -> float | None:
        days = self.working_days_late
        return sum(days) / len(days) if days else None


@dataclass
class RecordsReport(ReportData):
    lines: list[RecordLine] = field(default_factory=list)  # one per IRO
    total: RecordLine | None = None


def record_states(
    period_start: date,
    period_end: date,
    iro: User | None = None,
    team: Team | None = None,
    *,
    user: Any = None,
) -> RecordsReport:
    report = RecordsReport(period_start, period_end, iro, team)
    scope = children_in_scope(period_start, period_end, iro, team, user)
    # Reviews imported from the SSDA903 return are left out: their records were written outside
    # carereview, which holds no date for them (docs/reports.md).
    reviews = Review.objects.filter(
        child__in=scope, held_on__gte=period_start, held_on__lte=period_end, imported_from=""
    ).only("pk", "child_id", "held_on", "completed_on", "record_completed_on")
    allocations: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for child_id, iro_id, started, ended in (
        Allocation.objects.filter(child__in=scope, started_on__lte=period_end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period_start))
        .values_list("child_id", "iro_id", "started_on", "ended_on")
    ):
        allocations[child_id].append((iro_id, started, ended))
    cal, profile, today = working_calendar(), current_profile(), clock.today()
    children: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    late_days: dict[int | None, list[int]] = defaultdict(list)
    for review in reviews:
        deadline = next(
            d.date
            for d in after_review(review.held_on, review.completed_on, profile, cal)
            if d.task is FULL_RECORD
        )
        written = review.record_completed_on
        if written is not None:
            state = ON_TIME if written <= deadline else LATE
        else:
            state = OVERDUE if today > deadline else NOT_DUE
        who = next(
            (
                i
                for i, started, ended in allocations.get(review.child_id, ())
                if started <= review.held_on and (ended is None or ended > review.held_on)
            ),
            None,
        )
        if iro is not None and who != iro.pk:
            continue  # another IRO's review of a child this IRO was also named for
        children[(who, state)].append(review.child_id)
        if state == LATE:
            late_days[who].append(cal.working_days_between(deadline, written))
    people = {u.pk: u for u in User.objects.filter(pk__in={w for w, _ in children if w})}
    order = sorted(
        {w for w, _ in children},
        key=lambda w: (w is None, str(people[w]) if w in people else ""),
    )
    for who in order:
        name = str(people[who]) if who in people else NO_IRO
        line = RecordLine(name, {}, {}, late_days.get(who, []))
        for number, state in enumerate(STATES):
            found = children.get((who, state), [])
            line.counts[state] = len(found)
            line.figures[state] = report.figure(
                f"iro-{who or 'none'}-{number}", f"{name}: {state.lower()}", found
            )
        report.lines.append(line)
    total = RecordLine("All reviews", {}, {}, [d for days in late_days.values() for d in days])
    for number, state in enumerate(STATES):
        found = [c for (_, s), ids in children.items() if s == state for c in ids]
        total.counts[state] = len(found)
        total.figures[state] = report.figure(
            f"all-{number}", f"All reviews: {state.lower()}", found
        )
    report.total = total
    return report


def sections(report: RecordsReport) -> list[Section]:
    total = report.total or RecordLine(
        "All reviews", dict.fromkeys(STATES, 0), dict.fromkeys(STATES, "")
    )
    lines = [*report.lines, total]
    summary = "; ".join(f"{state}: {total.counts[state]}" for state in STATES)
    rows = []
    for line in lines:
        average = line.average_days_late
        rows.append(
            [Cell(line.label)]
            + [Cell(line.counts[s], line.figures[s]) for s in STATES]
            + [Cell(line.total), Cell(round(average, 1) if average is not None else None)]
        )
    return [
        Section(
            "Review records written late",
            f"The full record of each review held in the period, against its deadline: 15 "
            f"working days after the review (IRO Handbook 3.69). All reviews: {summary}.",
            charts.stacked(
                "chart-records",
                "Review records by IRO: on time, late, overdue and not yet due",
                "Stacked bar chart, one bar per IRO and one for all reviews. "
                + " ".join(
                    f"{line.label}: "
                    + ", ".join(f"{s.lower()} {line.counts[s]}" for s in STATES)
                    + "."
                    for line in lines
                ),
                STATES,
                [charts.Stack(line.label, tuple(line.counts[s] for s in STATES)) for line in lines],
                unit="reviews",
            ),
            Table(
                "records",
                "Review records by the IRO named on the day of the review",
                ["IRO", *STATES, "Reviews", "Average working days late"],
                rows,
            ),
        )
    ]
