"""The IRO annual report for a reporting year: its figures, tables and charts, and the manager's
narrative, in the order IRO Handbook 7.11 lists what the report covers.

    "The manager should be responsible for the production of an annual report for the scrutiny
    of the members of the corporate parenting board." (IRO Handbook 7.11)

The figures are the reports pages' own (`reports.caseloads`, `timeliness`, `participation`,
`escalations`, `postponements`, `records`; the first two are the official indicators,
`reports.indicators`), counted for the whole service,
plus what only this report needs (`annual_parts`, `annual_figures`, `annual_team`).  The report is a
public document (H 7.12), so no child is named and IROs are numbered, not named.  The manager's
words are kept per section and year (`AnnualReportNarrative`).  Nothing here writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from carereview.authority.services import authority_settings
from carereview.core import clock
from carereview.escalation.models import Outcome
from carereview.reports import annual_figures as extra
from carereview.reports import (
    annual_team,
    caseloads,
    escalations,
    participation,
    postponements,
    records,
    timeliness,
)
from carereview.reports.annual_parts import (
    participation_sections,
    per_fte,
    public_only,
    resource_sections,
    timeliness_sections,
)
from carereview.reports.common import Section, long_date, reporting_year, year_label
from carereview.reports.models import AnnualReportNarrative, NarrativeSection
from carereview.staff.models import Role, User

#: The earliest reporting year offered (imported SSDA903 history may go back a long way).
EARLIEST_YEAR = 2000

#: What IRO Handbook 7.11 asks each part of the report to refer to (quoted).
ASKS = {
    NarrativeSection.SERVICE: "the development of the IRO service including information on "
    "caseloads, continuity of employment and the make up of the team and how it reflects the "
    "identity of the children it is serving",
    NarrativeSection.PARTICIPATION: "extent of participation of children and their parents",
    NarrativeSection.TIMELINESS: "the number of reviews that are held on time, the number that "
    "are held out of time and the reasons for the ones that are out of time",
    NarrativeSection.DISPUTES: "procedures for resolving concerns, including the local dispute "
    "resolution process and it should include an analysis of the issues raised in dispute and "
    "the outcomes",
    NarrativeSection.QUALITY: "outcomes of quality assurance audits in relation to the "
    "organisation, conduct and recording of reviews",
    NarrativeSection.RESOURCES: "whether any resource issues are putting at risk the delivery of "
    "a quality service to all looked after children",
}
ASKS_TEXT = {
    key: f"IRO Handbook 7.11: the report should make reference to \u201c{text}\u201d."
    for key, text in ASKS.items()
}
ASKS_TEXT[NarrativeSection.GOOD_PRACTICE] = (
    "IRO Handbook 7.11: \u201cThis report should identify good practice but should also "
    "highlight issues for further development, including where urgent action is needed.\u201d"
)


class YearNotAvailable(ValueError):
    """A reporting year the report cannot be made for, with the reason in plain words."""


@dataclass
class Part:
    """One part of the report: what the handbook asks, the figures, and the manager's words."""

    key: str  # a NarrativeSection value
    heading: str
    asks: str
    sections: list[Section]
    narrative: str


@dataclass
class AnnualReport:
    year: int
    authority: str
    period_start: date
    period_end: date
    figures_to: date  # the last day counted: 31 March, or today while the year is running
    made_on: date
    glance: list[tuple[str, str]]
    parts: list[Part]
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def title(self) -> str:
        return f"Independent Reviewing Officer service: annual report {self.label}"

    @property
    def complete(self) -> bool:
        return self.figures_to == self.period_end

    @property
    def period_text(self) -> str:
        return f"{long_date(self.period_start)} to {long_date(self.period_end)}"


def check_year(year: int, today: date | None = None) -> tuple[date, date]:
    """The reporting year's first and last days, or YearNotAvailable saying what is wrong."""
    today = today or clock.today()
    if year < EARLIEST_YEAR or year > 9998:
        raise YearNotAvailable(
            f"{year} is not a reporting year carereview reports on: give the year it starts, "
            f"from {EARLIEST_YEAR} onwards (for example 2024 for 2024-25)"
        )
    start, end = reporting_year(year)
    if start > today:
        raise YearNotAvailable(
            f"The reporting year {year_label(year)} has not started: it starts on "
            f"{long_date(start)}"
        )
    return start, end


def narratives(year: int) -> dict[str, str]:
    return dict(AnnualReportNarrative.objects.filter(year=year).values_list("section", "text"))


def annual_report(year: int) -> AnnualReport:
    """The report for the reporting year starting 1 April `year`, as the service holds it now."""
    today = clock.today()
    start, end = check_year(year, today)
    until = min(end, today)
    period = extra.Period(start, until)
    words = narratives(year)
    loads = caseloads.caseloads(start, end)
    disputes = escalations.escalations(start, end)
    moved = postponements.postponements(start, end)
    written = records.record_states(start, end)
    Numbering(loads).hide(loads, written)
    on_time = timeliness_sections(timeliness.reviews_on_time(start, end))
    took_part = participation_sections(participation.participation_by_code(start, end))
    resources = resource_sections(period, loads, moved, disputes, today)

    def part(key: NarrativeSection, sections: list[Section]) -> Part:
        return Part(
            key.value, key.label, ASKS_TEXT.get(key, ""), sections, words.get(key.value, "")
        )

    parts = [
        part(NarrativeSection.INTRODUCTION, []),
        part(
            NarrativeSection.SERVICE,
            [*caseloads.sections(loads), *annual_team.team_sections(period, today)],
        ),
        part(
            NarrativeSection.PARTICIPATION,
            [*took_part.sections, *extra.parents_sections(period)],
        ),
        part(
            NarrativeSection.TIMELINESS,
            [*on_time.sections, *public_only(postponements.sections(moved), {"reasons", "months"})],
        ),
        part(
            NarrativeSection.DISPUTES,
            [*escalations.sections(disputes), *extra.concern_sections(period, today)],
        ),
        part(
            NarrativeSection.QUALITY,
            [*extra.quality_sections(period), *records.sections(written)],
        ),
        part(NarrativeSection.RESOURCES, resources),
        part(NarrativeSection.GOOD_PRACTICE, []),
        part(NarrativeSection.PRIORITIES, []),
    ]
    per_post = per_fte(loads)
    resolved = next((c.count for c in disputes.by_outcome if c.label == Outcome.RESOLVED.label), 0)
    glance = [
        ("Children looked after during the year", f"{extra.looked_after(period).count():,}"),
        ("Reviews held in the year", f"{extra.held_reviews(period).count():,}"),
        *on_time.glance,
        *took_part.glance,
        ("IROs in post (full-time equivalent)", _team_size()),
        (
            f"Children per full-time IRO post on {long_date(loads.month_ends[-1])}",
            f"{per_post:.0f}" if per_post is not None else "None",
        ),
        ("Escalations opened (resolved)", f"{disputes.opened} ({resolved})"),
    ]
    notes = [
        "The report is a public document (IRO Handbook 7.12): no child is named, and IROs are "
        "numbered rather than named.",
        *on_time.notes,
        *took_part.notes,
        "Caseloads count the children looked after on the last day of each month with an IRO "
        "named that day. A full-time equivalent is held only as it is today, so every month is "
        "divided by today's figure.",
    ]
    if until < end:
        notes.insert(0, f"The year has not ended: the figures run to {long_date(until)}.")
    return AnnualReport(
        year=year,
        authority=authority_settings().name,
        period_start=start,
        period_end=end,
        figures_to=until,
        made_on=today,
        glance=glance,
        parts=parts,
        notes=notes,
    )


class _Numbered:
    """An IRO in the report: shown by number (the report is public, IRO Handbook 7.12)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __str__(self) -> str:
        return self.label


class Numbering:
    """IRO 1, IRO 2, ...: the largest caseload at the year's last month end first; an IRO met
    only in another table (one who left before any month end) gets the next number."""

    def __init__(self, report: caseloads.CaseloadReport) -> None:
        self.labels: dict[str, str] = {}
        order = sorted(report.iros, key=lambda line: (-line.counts[-1], -sum(line.counts)))
        for line in order:
            self.label(str(line.iro))

    def label(self, name: str) -> str:
        if name not in self.labels:
            self.labels[name] = f"IRO {len(self.labels) + 1}"
        return self.labels[name]

    def hide(self, report: caseloads.CaseloadReport, written: records.RecordsReport) -> None:
        report.iros = [
            replace(line, iro=_Numbered(self.label(str(line.iro)))) for line in report.iros
        ]
        report.iros.sort(key=lambda line: int(str(line.iro).split()[-1]))
        for line in written.lines:
            if line.label != records.NO_IRO:
                line.label = self.label(line.label)
        written.lines.sort(key=lambda line: (line.label == records.NO_IRO, _number(line.label)))


def _number(label: str) -> int:
    return int(label.split()[-1]) if label.startswith("IRO ") else 0


def _team_size() -> str:
    team = list(User.objects.filter(role=Role.IRO, is_active=True).values_list("fte", flat=True))
    return f"{len(team)} ({sum(team, start=0):.1f})"
