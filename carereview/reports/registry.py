"""The reports an IRO manager can open, each with its query (figures, reusable by the annual
report) and its sections (charts and tables for the page and the CSV files)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from carereview.reports import (
    caseloads,
    escalations,
    participation,
    postponements,
    records,
    timeliness,
)
from carereview.reports.common import ReportData, Section


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str
    summary: str
    query: Callable[..., ReportData]
    sections: Callable[[Any], list[Section]]
    note: str = ""


REPORTS: dict[str, ReportKind] = {
    kind.slug: kind
    for kind in [
        ReportKind(
            "timeliness",
            "Reviews on time and late",
            "Children whose every review was on time, reviews held late or not held, and why.",
            timeliness.reviews_on_time,
            timeliness.sections,
        ),
        ReportKind(
            "participation",
            "Children taking part in reviews",
            "Children aged 4 or over who took part in every review, and reviews by code.",
            participation.participation_by_code,
            participation.sections,
        ),
        ReportKind(
            "caseloads",
            "Caseloads",
            "Children per IRO and per full-time post at each month end.",
            caseloads.caseloads,
            caseloads.sections,
            "Full-time equivalents are held only as they are today: every month is divided by "
            "today's figure.",
        ),
        ReportKind(
            "escalations",
            "Dispute resolution",
            "Escalations by the stage they reached, kind of issue, outcome and time taken.",
            escalations.escalations,
            escalations.sections,
            "With an IRO chosen: the escalations that IRO raised.",
        ),
        ReportKind(
            "postponements",
            "Postponed reviews",
            "Reviews put back to a later date, why, and children with more than one in a year.",
            postponements.postponements,
            postponements.sections,
        ),
        ReportKind(
            "records",
            "Review records written late",
            "Full records of reviews against their deadline of 15 working days.",
            records.record_states,
            records.sections,
        ),
    ]
}
