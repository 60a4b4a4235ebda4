"""Parts of the IRO annual report drawn from other reports: the official timeliness and
participation indicators with the reports pages' detail, and the signs of pressure on resources.

IRO Handbook 7.11: "the number of reviews that are held on time, the number that are held out of
time and the reasons for the ones that are out of time"; "extent of participation of children";
"whether any resource issues are putting at risk the delivery of a quality service to all
looked after children".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carereview.domain.indicators.output import percent_text
from carereview.reports import caseloads, escalations, participation, postponements, timeliness
from carereview.reports.annual_figures import Period, held_reviews
from carereview.reports.common import Cell, Section, Table, long_date
from carereview.reviews.models import DelayReason


@dataclass
class Figures:
    """Sections for a part of the report, its lines for "the year at a glance", and notes on
    how its figures are counted."""

    sections: list[Section] = field(default_factory=list)
    glance: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def timeliness_sections(report: timeliness.TimelinessReport) -> Figures:
    """The reports page's reviews on time (the official measure, seed 001's C68) and the
    reasons for lateness; not its list of late reviews, which names the children."""
    t = report.indicator
    assert t is not None  # set by timeliness.reviews_on_time
    glance = [
        (
            "Children whose every review was on time",
            f"{t.children_all_on_time} of {t.children} ({percent_text(t.percent)})",
        ),
        ("Reviews held on time", f"{t.reviews_on_time} of {t.reviews}"),
    ]
    notes = [
        "Reviews on time: the official measure (seed 001's C68). The first review in the year is "
        "measured against the child's last review before 1 April; children looked after only "
        "under short breaks (V3/V4) are not counted, as the SSDA903 return holds no reviews for "
        "them. Reasons for lateness are those recorded on each review; reviews imported from "
        "SSDA903 carry none."
    ]
    return Figures(public_only(timeliness.sections(report), {"summary", "reasons"}), glance, notes)


def participation_sections(report: participation.ParticipationReport) -> Figures:
    """The reports page's participation (the official measure, seed 001's C69) and every
    review by its participation code."""
    p = report.indicator
    assert p is not None  # set by participation.participation_by_code
    glance = [
        (
            "Children aged 4 or over who took part in every review",
            f"{p.participated} of {p.children} ({percent_text(p.percent)})",
        )
    ]
    notes = [
        "Participation: the official measure (seed 001's C69). A review with no code, or PN0 "
        "given to a child of 4 or over, does not show the child took part."
    ]
    return Figures(public_only(participation.sections(report), {"summary", "codes"}), glance, notes)


def public_only(sections: list[Section], keep: set[str]) -> list[Section]:
    """Only the sections whose tables count children rather than name them (the report is a
    public document, IRO Handbook 7.12): a table that names children is never kept."""
    return [s for s in sections if s.table.key in keep and not s.table.names]


def per_fte(loads: caseloads.CaseloadReport) -> float | None:
    """Children per full-time IRO post at the last month end: the children with an IRO named,
    over the full-time equivalents of the IROs holding them (IRO Handbook 7.15)."""
    last = len(loads.month_ends) - 1
    held = sum(line.counts[last] for line in loads.iros)
    fte = sum(float(line.fte) for line in loads.iros if line.counts[last])
    return held / fte if fte else None


def resource_sections(
    period: Period,
    loads: caseloads.CaseloadReport,
    moved: postponements.PostponementReport,
    disputes: escalations.EscalationReport,
    today: date,
) -> list[Section]:
    """The figures that show whether the service has the people it needs (IRO Handbook 7.13-7.15:
    50 to 70 children for a full-time IRO)."""
    last = len(loads.month_ends) - 1
    day = loads.month_ends[last]
    per_post = per_fte(loads)
    over = [line for line in loads.iros if line.per_fte(last) > caseloads.GUIDE[1]]
    months_without = [n for n in loads.without_iro if n]
    late = held_reviews(period).filter(late_reason=DelayReason.IRO_UNAVAILABLE).count()
    no_venue = held_reviews(period).filter(late_reason=DelayReason.VENUE_OR_INTERPRETER).count()
    put_back = next(
        (n for label, n, _ in moved.by_reason if label == DelayReason.IRO_UNAVAILABLE.label), 0
    )
    open_late = next((c.count for c in disputes.by_time if c.label == escalations.OPEN_LATE), 0)
    pairs: list[tuple[str, object, str | None]] = [
        (
            f"Children per full-time IRO post on {long_date(day)}",
            round(per_post, 1) if per_post is not None else None,
            "IRO Handbook 7.15: 50 to 70 is good practice",
        ),
        (
            f"IROs above 70 children per full-time post on {long_date(day)}",
            len(over),
            None,
        ),
        (
            "Month ends with looked-after children who had no IRO named",
            len(months_without),
            f"the most at one month end: {max(months_without)}" if months_without else None,
        ),
        ("Reviews held late because the IRO was not available", late, None),
        ("Reviews put back because the IRO was not available", put_back, None),
        ("Reviews held late for want of a venue or an interpreter", no_venue, None),
        (f"Escalations open past their time limit on {long_date(today)}", open_late, None),
    ]
    return [
        Section(
            "Signs of pressure on the service",
            "Figures from the other parts of this report that bear on whether the service has "
            "the IROs, time and support it needs.",
            None,
            Table(
                "resources",
                "Signs of pressure on the IRO service",
                ["", "Figure", "Note"],
                [[Cell(label), Cell(value), Cell(note or "")] for label, value, note in pairs],
            ),
        )
    ]
