"""Caseloads per IRO and per full-time post, at the end of each month (IRO Handbook 7.11 and
7.13-7.15: the annual report covers caseloads; 50 to 70 children per full-time IRO is the guide).

A child counts in an IRO's caseload at a month end when they were looked after then (an episode
open that day) and that IRO was named for them (an allocation from `started_on`, until the day
another IRO took over, `ended_on`).  Each IRO's full-time equivalent is held only as it is today,
so every month's figure per full-time post divides by today's figure: the page says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from carereview.core import clock
from carereview.records.models import Episode
from carereview.reports import charts
from carereview.reports.common import (
    Cell,
    ReportData,
    Section,
    Table,
    children_in_scope,
    long_date,
    month_ends,
)
from carereview.staff.models import Allocation, Team, User

#: IRO Handbook 7.15: 50 to 70 looked-after children for a full-time IRO.
GUIDE = (50, 70)


@dataclass
class IroCaseload:
    iro: User
    fte: Decimal  # today's figure: no history is kept
    counts: list[int]  # children at each month end
    figures: list[str]

    def per_fte(self, index: int) -> float:
        return self.counts[index] / float(self.fte) if self.fte else 0.0


@dataclass
class CaseloadReport(ReportData):
    month_ends: list[date] = field(default_factory=list)
    looked_after: list[int] = field(default_factory=list)  # at each month end
    without_iro: list[int] = field(default_factory=list)
    iros: list[IroCaseload] = field(default_factory=list)


def caseloads(
    period_start: date,
    period_end: date,
    iro: User | None = None,
    team: Team | None = None,
    *,
    user: Any = None,
) -> CaseloadReport:
    """Month-end caseloads over the period (up to today), in a fixed number of queries."""
    report = CaseloadReport(period_start, period_end, iro, team)
    last = min(period_end, clock.today())
    ends = month_ends(period_start, last) or [last]
    report.month_ends = ends
    scope = children_in_scope(period_start, period_end, iro, team, user)
    spells: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for child_id, decom, dec in (
        Episode.objects.filter(child__in=scope, decom__lte=ends[-1])
        .filter(Q(dec__isnull=True) | Q(dec__gt=ends[0]))
        .values_list("child_id", "decom", "dec")
    ):
        spells[child_id].append((decom, dec))
    allocations = (
        Allocation.objects.filter(child__in=scope, started_on__lte=ends[-1])
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=ends[0]))
        .values_list("child_id", "iro_id", "started_on", "ended_on")
    )
    named: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for child_id, iro_id, started, ended in allocations:
        named[child_id].append((iro_id, started, ended))

    def in_care(child_id: int, day: date) -> bool:
        return any(s <= day and (e is None or e > day) for s, e in spells.get(child_id, ()))

    def iro_on(child_id: int, day: date) -> int | None:
        for iro_id, started, ended in named.get(child_id, ()):
            if started <= day and (ended is None or ended > day):
                return iro_id
        return None

    by_iro: dict[int, list[list[int]]] = defaultdict(lambda: [[] for _ in ends])
    for index, day in enumerate(ends):
        looked_after = [c for c in spells if in_care(c, day)]
        missing = []
        for child_id in looked_after:
            who = iro_on(child_id, day)
            if who is None:
                missing.append(child_id)
            else:
                by_iro[who][index].append(child_id)
        report.looked_after.append(len(looked_after))
        report.without_iro.append(len(missing))
        report.figure(f"looked-after-{day}", f"Looked after on {long_date(day)}", looked_after)
        report.figure(f"no-iro-{day}", f"Looked after on {long_date(day)} with no IRO", missing)
    people = User.objects.filter(Q(pk__in=list(by_iro)) | Q(pk=iro.pk if iro else None))
    for person in people.order_by("last_name", "first_name", "pk"):
        if iro is not None and person.pk != iro.pk:
            continue
        lists = by_iro.get(person.pk) or [[] for _ in ends]
        keys = [
            report.figure(
                f"iro-{person.pk}-{day}", f"{person}'s children on {long_date(day)}", lists[i]
            )
            for i, day in enumerate(ends)
        ]
        report.iros.append(IroCaseload(person, person.fte, [len(c) for c in lists], keys))
    return report


def _month(day: date) -> str:
    return f"{day:%b %Y}"


def sections(report: CaseloadReport) -> list[Section]:
    ends = report.month_ends
    labels = [_month(d) for d in ends]
    short = [f"{d:%b %y}" for d in ends]  # for the charts' axes
    with_iro = [a - b for a, b in zip(report.looked_after, report.without_iro, strict=True)]
    totals = Table(
        "children",
        "Looked-after children at each month end, with and without an IRO",
        ["Month end", "Looked-after children", "With an IRO", "Without an IRO"],
        [
            [
                Cell(day),
                Cell(report.looked_after[i], f"looked-after-{day}"),
                Cell(with_iro[i]),
                Cell(report.without_iro[i], f"no-iro-{day}"),
            ]
            for i, day in enumerate(ends)
        ],
    )
    per_iro = Table(
        "per-iro",
        "Children per IRO at each month end",
        ["IRO", "Full-time equivalent (today)", *labels],
        [
            [Cell(str(line.iro)), Cell(float(line.fte), text=f"{line.fte}")]
            + [Cell(n, key) for n, key in zip(line.counts, line.figures, strict=True)]
            for line in report.iros
        ],
    )
    last = len(ends) - 1
    per_fte = Table(
        "per-fte",
        f"Children per full-time post on {long_date(ends[-1])}",
        [
            "IRO",
            "Full-time equivalent (today)",
            "Children",
            "Per full-time post",
            "Against the guide of 50 to 70",
        ],
        [
            [
                Cell(str(line.iro)),
                Cell(float(line.fte), text=f"{line.fte}"),
                Cell(line.counts[last], line.figures[last]),
                Cell(round(line.per_fte(last), 1)),
                Cell(_against_guide(line.per_fte(last))),
            ]
            for line in report.iros
        ],
    )
    trend = ", ".join(f"{label}: {n}" for label, n in zip(labels, report.looked_after, strict=True))
    return [
        Section(
            "Looked-after children and their IROs",
            "Children looked after on the last day of each month, and how many had an IRO named "
            "that day (IRO Handbook 7.2: never without a named IRO).",
            charts.columns(
                "chart-children",
                "Looked-after children at each month end",
                f"Column chart. {trend}.",
                short,
                report.looked_after,
            ),
            totals,
        ),
        Section(
            "Caseload per IRO",
            "The looked-after children each IRO was named for on the last day of each month.",
            charts.lines(
                "chart-per-iro",
                "Children per IRO at each month end",
                "Line chart, one line per IRO. "
                + "; ".join(
                    f"{line.iro}: from {line.counts[0]} to {line.counts[-1]}"
                    for line in report.iros
                )
                + ".",
                short,
                [charts.Line(str(line.iro), tuple(line.counts)) for line in report.iros],
            ),
            per_iro,
        ),
        Section(
            "Children per full-time post",
            "Each IRO's children divided by their full-time equivalent. The full-time "
            "equivalent is only held as it is today, so earlier months are divided by today's "
            "figure too. IRO Handbook 7.15: 50 to 70 children for a full-time IRO is good "
            "practice.",
            charts.hbar(
                "chart-per-fte",
                f"Children per full-time post on {long_date(ends[-1])}",
                "Bar chart. "
                + "; ".join(f"{line.iro}: {line.per_fte(last):.0f}" for line in report.iros)
                + ". The guide is 50 to 70.",
                [charts.Bar(str(line.iro), round(line.per_fte(last), 1)) for line in report.iros],
            ),
            per_fte,
        ),
    ]


def _against_guide(per_fte: float) -> str:
    if per_fte > GUIDE[1]:
        return "Over 70"
    if per_fte < GUIDE[0]:
        return "Under 50"
    return "Within 50 to 70"
