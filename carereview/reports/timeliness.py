"""Reviews on time and late, with the reasons for lateness (IRO Handbook 7.11: "the number of
reviews that are held on time, the number that are held out of time and the reasons for the ones
that are out of time").

The figures are the timeliness indicator's (seed 001's C68), worked out once in
`carereview.reports.indicators.indicators_for_year` over the children the filters choose; this
report adds only the reason recorded on each late review (`Review.late_reason`).  The indicator
is defined over a reporting year, so the report covers the reporting year the period starts in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from carereview.domain.indicators import Timeliness
from carereview.records.models import Child
from carereview.reports import charts
from carereview.reports.common import (
    Cell,
    ReportData,
    Section,
    Table,
    children_in_scope,
    indicator_year,
)
from carereview.reports.indicators import indicators_for_year
from carereview.reviews.models import DelayReason, Review
from carereview.staff.models import Team, User

NO_REASON = "No reason recorded"
#: Timeliness's figures (`domain.indicators.timeliness.FIGURES`) as the page names them.
FIGURE_LABELS = {
    "children": "Children counted",
    "children_all_on_time": "Children whose every review was on time",
    "children_late": "Children with a review late or not held",
    "reviews": "Reviews held in the year",
    "reviews_on_time": "Reviews held on time",
    "reviews_late": "Reviews held late",
    "not_held": "Reviews due and not held",
}


@dataclass
class LateReview:
    """A review counted against the year: held late, or not held."""

    child: Child
    number: int
    deadline: date
    held: date | None
    days_late: int | None
    reason: str  # the reason's words; "" for a review not held

    @property
    def child_name(self) -> str:
        return f"{self.child.first_name} {self.child.last_name}"


@dataclass
class TimelinessReport(ReportData):
    year: int = 0
    indicator: Timeliness | None = None
    reasons: list[tuple[str, int, str]] = field(default_factory=list)  # label, count, figure
    late: list[LateReview] = field(default_factory=list)


def reviews_on_time(
    period_start: date,
    period_end: date,
    iro: User | None = None,
    team: Team | None = None,
    *,
    user: Any = None,
) -> TimelinessReport:
    year, start, end, note = indicator_year(period_start, period_end)
    report = TimelinessReport(start, end, iro, team, year=year, note=note)
    scope = children_in_scope(start, end, iro, team, user)
    found = indicators_for_year(year, scope).timeliness
    report.indicator = found
    for key, label in FIGURE_LABELS.items():
        report.figure(key, label, [c.pk for c in found.behind(key) if c.pk is not None])
    # The reason recorded on each late review: one query for the year's held reviews.
    recorded = {
        (child_id, held): reason
        for child_id, held, reason in Review.objects.filter(
            child__in=scope, held_on__gte=start, held_on__lte=end
        ).values_list("child_id", "held_on", "late_reason")
    }
    words = dict(DelayReason.choices)
    wanted = {line.pk for line in found.lines if not line.on_time}
    people = {c.pk: c for c in Child.objects.filter(pk__in=wanted)}
    by_reason: dict[str, list[int]] = defaultdict(list)
    for line in found.lines:
        if line.on_time or line.pk not in people:
            continue
        for counted in (*line.late, *line.not_held):
            reason = ""
            if counted.held is not None:
                reason = words.get(recorded.get((line.pk, counted.held), ""), NO_REASON)
                by_reason[reason].append(line.pk)
            report.late.append(
                LateReview(
                    people[line.pk],
                    counted.number,
                    counted.deadline,
                    counted.held,
                    counted.days_late,
                    reason,
                )
            )
    report.late.sort(key=lambda r: (r.held or r.deadline, r.child_name))
    for number, label in enumerate([*words.values(), NO_REASON]):
        children = by_reason.get(label, [])
        key = report.figure(f"reason-{number}", f"Reviews held late: {label.lower()}", children)
        report.reasons.append((label, len(children), key))
    return report


def sections(report: TimelinessReport) -> list[Section]:
    t = report.indicator
    assert t is not None  # set by reviews_on_time
    percent = "none counted" if t.percent is None else f"{t.percent:.1f}%"
    summary = Table(
        "summary",
        f"Reviews on time in {report.year}-{(report.year + 1) % 100:02d}",
        ["Figure", "Number"],
        [
            [Cell(FIGURE_LABELS["children"]), Cell(t.children, "children")],
            [
                Cell(FIGURE_LABELS["children_all_on_time"]),
                Cell(t.children_all_on_time, "children_all_on_time"),
            ],
            [
                Cell("Percentage of children whose every review was on time"),
                Cell(t.percent, text=percent),
            ],
            [Cell(FIGURE_LABELS["reviews"]), Cell(t.reviews, "reviews")],
            [Cell(FIGURE_LABELS["reviews_on_time"]), Cell(t.reviews_on_time, "reviews_on_time")],
            [Cell(FIGURE_LABELS["reviews_late"]), Cell(t.reviews_late, "reviews_late")],
            [Cell(FIGURE_LABELS["not_held"]), Cell(t.not_held, "not_held")],
        ],
    )
    late_children = t.children - t.children_all_on_time
    missed = t.reviews_late + t.not_held
    reasons = report.reasons
    measured = (
        f" The year is not over: figures to {t.measured_to.day} {t.measured_to:%B %Y}."
        if t.measured_to < t.end
        else ""
    )
    return [
        Section(
            "Reviews on time",
            "A review is on time when held on or before its statutory deadline; a child counts "
            "as on time when every review of theirs in the year was (seed 001's C68; the first "
            f"review in the year measured against the last one before 1 April).{measured}",
            charts.stacked(
                "chart-on-time",
                "Children and reviews: on time, and late or not held",
                f"Stacked bar chart. Children: {t.children_all_on_time} with every review on time, "
                f"{late_children} with a review late or not held ({percent} on time). Reviews: "
                f"{t.reviews_on_time} held on time, {missed} held late or not held.",
                ["On time", "Late or not held"],
                [
                    charts.Stack("Children", (t.children_all_on_time, late_children)),
                    charts.Stack("Reviews", (t.reviews_on_time, missed)),
                ],
            ),
            summary,
        ),
        Section(
            "Why reviews were late",
            "The reason recorded for each review held after its deadline (asked for when the "
            "review is recorded as held, and kept on the review's page).",
            charts.hbar(
                "chart-reasons",
                "Reviews held late, by reason",
                "Bar chart. " + "; ".join(f"{label}: {n}" for label, n, _ in reasons) + ".",
                [charts.Bar(label, n) for label, n, _ in reasons],
            ),
            Table(
                "reasons",
                "Reviews held late, by reason",
                ["Reason", "Reviews held late"],
                [[Cell(label), Cell(n, key)] for label, n, key in reasons],
            ),
        ),
        Section(
            "Reviews late or not held",
            "Each review that counted against the year, with its statutory deadline.",
            None,
            Table(
                "late",
                "Reviews held late or not held",
                ["Child", "Case reference", "Review", "Deadline", "Held", "Days late", "Reason"],
                [
                    [
                        Cell(r.child_name),
                        Cell(r.child.reference),
                        Cell(r.number),
                        Cell(r.deadline),
                        Cell(r.held, text=None if r.held else "Not held"),
                        Cell(r.days_late),
                        Cell(r.reason),
                    ]
                    for r in report.late
                ],
                names=tuple(r.child.pk for r in report.late),
            ),
        ),
    ]
