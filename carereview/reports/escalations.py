"""Dispute resolution: the escalations opened in the period by the stage they reached, the kind
of issue, their outcome and the time they took (IRO Handbook 7.11: "an analysis of the issues
raised in dispute and the outcomes"; 6.2: the formal process within 20 working days).

An escalation counts in the period it was opened.  With an IRO chosen, the escalations that IRO
raised; with a team, those for the team's children.  Time is in working days from opening to
closing (CPPCR 2010 reg 2's working days, with the authority's closure days).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch

from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.escalation.models import (
    Category,
    Escalation,
    EscalationStep,
    InformalResolution,
    Outcome,
)
from carereview.reports import charts
from carereview.reports.common import Cell, ReportData, Section, Table, children_in_scope
from carereview.staff.models import Team, User

STILL_OPEN = "Still open"
#: Time taken, in order.
WITHIN = "Closed within the time limit"
AFTER = "Closed after the time limit"
OPEN_IN_TIME = "Open, within the time limit"
OPEN_LATE = "Open, past the time limit"
TIMES = [WITHIN, AFTER, OPEN_IN_TIME, OPEN_LATE]


@dataclass
class Count:
    label: str
    count: int
    figure: str


@dataclass
class EscalationReport(ReportData):
    opened: int = 0
    informal_only: int = 0  # informal attempts in the period never taken to the formal process
    by_stage: list[Count] = field(default_factory=list)
    by_category: list[Count] = field(default_factory=list)
    by_outcome: list[Count] = field(default_factory=list)
    by_time: list[Count] = field(default_factory=list)
    closed_working_days: list[int] = field(default_factory=list)  # each closed escalation's

    @property
    def average_working_days(self) -> float | None:
        days = self.closed_working_days
        return sum(days) / len(days) if days else None


def escalations(
    period_start: date,
    period_end: date,
    iro: User | None = None,
    team: Team | None = None,
    *,
    user: Any = None,
) -> EscalationReport:
    report = EscalationReport(period_start, period_end, iro, team)
    scope = children_in_scope(period_start, period_end, None, team, user)
    found = Escalation.objects.filter(
        child__in=scope, opened_on__gte=period_start, opened_on__lte=period_end
    ).prefetch_related(Prefetch("steps", queryset=EscalationStep.objects.select_related("stage")))
    informal = InformalResolution.objects.filter(
        child__in=scope, discussed_on__gte=period_start, discussed_on__lte=period_end
    ).prefetch_related("escalations")
    if iro is not None:
        found = found.filter(iro=iro)
        informal = informal.filter(iro=iro)
    cal, today = working_calendar(), clock.today()
    stages: dict[tuple[int, str], list[int]] = defaultdict(list)
    categories: dict[str, list[int]] = defaultdict(list)
    outcomes: dict[str, list[int]] = defaultdict(list)
    times: dict[str, list[int]] = defaultdict(list)
    for escalation in found:
        report.opened += 1
        child = escalation.child_id
        steps = list(escalation.steps.all())
        top = max(steps, key=lambda s: s.stage.number).stage if steps else None
        stages[
            (top.number, f"Stage {top.number}: {top.title}") if top else (0, "No stage yet")
        ].append(child)
        categories[escalation.category].append(child)
        outcomes[escalation.outcome or STILL_OPEN].append(child)
        if escalation.closed_on is not None:
            report.closed_working_days.append(
                cal.working_days_between(escalation.opened_on, escalation.closed_on)
            )
            late = escalation.closed_on > escalation.deadline
            times[AFTER if late else WITHIN].append(child)
        else:
            times[OPEN_LATE if today > escalation.deadline else OPEN_IN_TIME].append(child)
    not_taken_further = [i.child_id for i in informal if not i.escalations.all()]
    report.informal_only = len(not_taken_further)
    informal_key = report.figure(
        "informal-only", "Informal attempts not taken further", not_taken_further
    )
    report.by_stage = [
        Count("Informal attempt only (not escalated)", report.informal_only, informal_key)
    ]
    for (number, label), children in sorted(stages.items()):
        report.by_stage.append(
            Count(label, len(children), report.figure(f"stage-{number}", label, children))
        )
    for value, label in Category.choices:
        children = categories.get(value, [])
        report.by_category.append(
            Count(label, len(children), report.figure(f"category-{value}", label, children))
        )
    for value, label in [*Outcome.choices, (STILL_OPEN, STILL_OPEN)]:
        children = outcomes.get(value, [])
        key = f"outcome-{'open' if value == STILL_OPEN else value}"
        report.by_outcome.append(Count(label, len(children), report.figure(key, label, children)))
    for number, label in enumerate(TIMES):
        children = times.get(label, [])
        report.by_time.append(
            Count(label, len(children), report.figure(f"time-{number}", label, children))
        )
    return report


def _table(key: str, caption: str, first: str, counts: list[Count]) -> Table:
    return Table(
        key,
        caption,
        [first, "Escalations"],
        [[Cell(c.label), Cell(c.count, c.figure)] for c in counts],
    )


def _described(counts: list[Count]) -> str:
    return "; ".join(f"{c.label}: {c.count}" for c in counts) + "."


def sections(report: EscalationReport) -> list[Section]:
    average = report.average_working_days
    timing = Table(
        "time-taken",
        "Escalations by the time they took (the whole formal process within 20 working days, "
        "IRO Handbook 6.2)",
        ["Time taken", "Escalations"],
        [[Cell(c.label), Cell(c.count, c.figure)] for c in report.by_time],
    )
    timing.rows.append(
        [
            Cell("Average working days to close"),
            Cell(
                round(average, 1) if average is not None else None,
                text=None if average is not None else "None closed",
            ),
        ]
    )
    return [
        _counted(
            "Stage reached",
            f"{report.opened} escalations opened in the period, by the highest stage of the "
            "dispute resolution ladder each reached; and the informal attempts (IRO Handbook "
            "6.1) that were not taken further.",
            "stage",
            "Escalations by the stage they reached",
            report.by_stage,
            _table("stage", "Escalations by the stage they reached", "Stage", report.by_stage),
        ),
        _counted(
            "Kind of issue",
            "The category the IRO gave each escalation (seed 001 section 15).",
            "category",
            "Escalations by kind of issue",
            report.by_category,
            _table("category", "Escalations by kind of issue", "Kind of issue", report.by_category),
        ),
        _counted(
            "Outcome",
            "How each escalation ended, or that it is still open.",
            "outcome",
            "Escalations by outcome",
            report.by_outcome,
            _table("outcome", "Escalations by outcome", "Outcome", report.by_outcome),
        ),
        _counted(
            "Time taken",
            "Closed escalations against the authority's time limit for the whole formal process, "
            "and open ones against the same limit today.",
            "time",
            "Escalations by the time they took",
            report.by_time,
            timing,
        ),
    ]


def _counted(
    heading: str, sentence: str, chart: str, title: str, counts: list[Count], table: Table
) -> Section:
    """A section of counts: a bar chart of them, described in words, and their table."""
    return Section(
        heading,
        sentence,
        charts.hbar(
            f"chart-{chart}",
            title,
            "Bar chart. " + _described(counts),
            [charts.Bar(c.label, c.count) for c in counts],
        ),
        table,
    )
