"""Reviews put back to a later date (seed 001 section 17: only in exceptional circumstances; "the
postponement of more than one review per year should be referred to the service manager").

A postponement counts in the period it was recorded.  A child is flagged when two of their
postponements were recorded within a year of each other, at least one of them in the period
(an earlier one, before the period began, counts towards the flag).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from carereview.domain.timescales.timetables import add_months
from carereview.records.models import Child
from carereview.reports import charts
from carereview.reports.common import (
    Cell,
    ReportData,
    Section,
    Table,
    children_in_scope,
    month_ends,
)
from carereview.reviews.models import DelayReason, Postponement
from carereview.staff.models import Team, User


@dataclass
class ChildPostponements:
    child: Child
    dates: list[date]  # recorded, in the period
    flagged: bool


@dataclass
class PostponementReport(ReportData):
    postponements: int = 0
    reviews: int = 0
    by_reason: list[tuple[str, int, str]] = field(default_factory=list)  # label, count, figure
    by_month: list[tuple[date, int, str]] = field(default_factory=list)  # month end
    children: list[ChildPostponements] = field(default_factory=list)

    @property
    def flagged(self) -> list[ChildPostponements]:
        return [c for c in self.children if c.flagged]


def flagged(dates: list[date], period_start: date, period_end: date) -> bool:
    """Two postponements within a year of each other, one of them in the period."""
    dates = sorted(dates)
    for earlier, later in pairwise(dates):
        in_period = period_start <= later <= period_end or period_start <= earlier <= period_end
        if in_period and later <= add_months(earlier, 12):
            return True
    return False


def postponements(
    period_start: date,
    period_end: date,
    iro: User | None = None,
    team: Team | None = None,
    *,
    user: Any = None,
) -> PostponementReport:
    report = PostponementReport(period_start, period_end, iro, team)
    scope = children_in_scope(period_start, period_end, iro, team, user)
    rows = (
        Postponement.objects.filter(
            review__child__in=scope,
            recorded_on__gte=add_months(period_start, -12),
            recorded_on__lte=period_end,
        )
        .select_related("review__child")
        .order_by("recorded_on", "pk")
    )
    reasons: dict[str, list[int]] = defaultdict(list)
    months: dict[date, list[int]] = defaultdict(list)
    dates: dict[int, list[date]] = defaultdict(list)
    children: dict[int, Child] = {}
    reviews: set[int] = set()
    ends = month_ends(period_start, period_end)
    if not ends or ends[-1] != period_end:
        ends.append(period_end)  # the part-month at the end of a period given by dates
    for row in rows:
        child = row.review.child
        dates[child.pk].append(row.recorded_on)
        if row.recorded_on < period_start:
            continue  # counts only towards a flag
        children[child.pk] = child
        report.postponements += 1
        reviews.add(row.review_id)
        reasons[row.reason].append(child.pk)
        month = next((end for end in ends if end >= row.recorded_on), period_end)
        months[month].append(child.pk)
    report.reviews = len(reviews)
    for value, label in DelayReason.choices:
        found = reasons.get(value, [])
        report.by_reason.append((label, len(found), report.figure(f"reason-{value}", label, found)))
    for end in ends:
        found = months.get(end, [])
        label = f"Postponed in {end:%B %Y}"
        report.by_month.append((end, len(found), report.figure(f"month-{end:%Y-%m}", label, found)))
    for child_id, child in sorted(
        children.items(), key=lambda c: (c[1].last_name, c[1].first_name)
    ):
        in_period = [d for d in dates[child_id] if d >= period_start]
        report.children.append(
            ChildPostponements(child, in_period, flagged(dates[child_id], period_start, period_end))
        )
    report.figure("children", "Children with a review postponed", list(children))
    report.figure(
        "flagged",
        "Children with more than one postponement in a year",
        [c.child.pk for c in report.flagged],
    )
    return report


def sections(report: PostponementReport) -> list[Section]:
    by_reason = [r for r in report.by_reason]
    months = [f"{end:%b %y}" for end, _, _ in report.by_month]
    counts = [n for _, n, _ in report.by_month]
    return [
        Section(
            "Why reviews were put back",
            f"{report.postponements} postponements of {report.reviews} reviews for "
            f"{len(report.children)} children, recorded in the period, by the reason given.",
            charts.hbar(
                "chart-reasons",
                "Postponements by reason",
                "Bar chart. " + "; ".join(f"{label}: {n}" for label, n, _ in by_reason) + ".",
                [charts.Bar(label, n) for label, n, _ in by_reason],
            ),
            Table(
                "reasons",
                "Postponements by reason",
                ["Reason", "Postponements"],
                [[Cell(label), Cell(n, key)] for label, n, key in by_reason],
            ),
        ),
        Section(
            "Postponements each month",
            "When the postponements were recorded.",
            charts.columns(
                "chart-months",
                "Postponements each month",
                "Column chart. "
                + ", ".join(f"{m}: {n}" for m, n in zip(months, counts, strict=True))
                + ".",
                months,
                counts,
            ),
            Table(
                "months",
                "Postponements each month",
                ["Month", "Postponements"],
                [[Cell(f"{end:%B %Y}"), Cell(n, key)] for end, n, key in report.by_month],
            ),
        ),
        Section(
            "Children whose reviews were put back",
            f"{len(report.flagged)} children had more than one postponement within a year: seed "
            "001 section 17 refers these to the service manager for quality assurance.",
            None,
            Table(
                "children",
                "Children with a review postponed in the period",
                [
                    "Child",
                    "Case reference",
                    "Postponements in the period",
                    "Dates recorded",
                    "More than one in a year",
                ],
                [
                    [
                        Cell(f"{c.child.first_name} {c.child.last_name}"),
                        Cell(c.child.reference),
                        Cell(len(c.dates)),
                        Cell(", ".join(f"{d.day} {d:%b %Y}" for d in c.dates)),
                        Cell("Yes: refer to the service manager" if c.flagged else "No"),
                    ]
                    for c in report.children
                ],
                names=tuple(c.child.pk for c in report.children),
            ),
        ),
    ]
