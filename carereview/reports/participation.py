"""Children's participation in their reviews, by SSDA903 participation code (IRO Handbook 7.11:
"extent of participation of children").

The figures are the participation indicator's (seed 001's C69), worked out once in
`carereview.reports.indicators.indicators_for_year` over the children the filters choose: among
children with a review in the year at 4 or over, those whose every such review was coded PN1-PN6;
and every review of the year counted by its code, so that an authority can apply its own variant.
The indicator is defined over a reporting year, so the report covers the year the period starts
in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from carereview.domain.indicators import Participation
from carereview.domain.indicators.participation import CODES
from carereview.domain.ssda903.codes import PARTICIPATION
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
from carereview.staff.models import Team, User

FIGURE_LABELS = {
    "children": "Children with a review at 4 or over",
    "participated": "Children who took part in every review (PN1 to PN6)",
    "did_not_participate": "Children who did not take part in every review",
}
NOT_RECORDED = "not_recorded"


@dataclass
class ParticipationReport(ReportData):
    year: int = 0
    indicator: Participation | None = None


def participation_by_code(
    period_start: date,
    period_end: date,
    iro: User | None = None,
    team: Team | None = None,
    *,
    user: Any = None,
) -> ParticipationReport:
    year, start, end, note = indicator_year(period_start, period_end)
    report = ParticipationReport(start, end, iro, team, note=note, year=year)
    found = indicators_for_year(year, children_in_scope(start, end, iro, team, user)).participation
    report.indicator = found
    labels = {
        **FIGURE_LABELS,
        **{code: f"Children with a review coded {code}" for code in CODES},
        NOT_RECORDED: "Children with a review without a participation code",
    }
    for key, label in labels.items():
        report.figure(key, label, [c.pk for c in found.behind(key) if c.pk is not None])
    return report


def sections(report: ParticipationReport) -> list[Section]:
    p = report.indicator
    assert p is not None  # set by participation_by_code
    percent = "none counted" if p.percent is None else f"{p.percent:.1f}%"
    did_not = p.children - p.participated
    codes = [(code, p.by_code[code]) for code in CODES]
    if p.not_recorded:
        codes.append(("No code", p.not_recorded))
    return [
        Section(
            "Children taking part in their reviews",
            "Among children with at least one review in the year at 4 or over, those whose every "
            "such review was coded PN1 to PN6: they attended, or conveyed their views another "
            "way (seed 001's C69).",
            charts.stacked(
                "chart-took-part",
                "Children aged 4 or over who took part in every review",
                f"Stacked bar chart. {p.participated} of {p.children} children took part in "
                f"every review ({percent}); {did_not} did not.",
                ["Took part in every review", "Did not take part in every review"],
                [charts.Stack("Children aged 4 or over", (p.participated, did_not))],
                unit="children",
            ),
            Table(
                "summary",
                f"Participation in {report.year}-{(report.year + 1) % 100:02d}",
                ["Figure", "Number"],
                [
                    [Cell(FIGURE_LABELS["children"]), Cell(p.children, "children")],
                    [Cell(FIGURE_LABELS["participated"]), Cell(p.participated, "participated")],
                    [
                        Cell("Percentage who took part in every review"),
                        Cell(p.percent, text=percent),
                    ],
                    [
                        Cell(FIGURE_LABELS["did_not_participate"]),
                        Cell(did_not, "did_not_participate"),
                    ],
                ],
            ),
        ),
        Section(
            "Reviews by participation code",
            "Every review held in the year, at any age, by the code recorded for how the child "
            "took part (SSDA903). An authority with its own measure (say PN1 to PN5) can work it "
            "out from these.",
            charts.hbar(
                "chart-codes",
                "Reviews by participation code",
                "Bar chart. " + "; ".join(f"{code}: {n}" for code, n in codes) + ".",
                [charts.Bar(code, n) for code, n in codes],
            ),
            Table(
                "codes",
                "Reviews held in the year, by participation code",
                ["Code", "Meaning", "Reviews"],
                [
                    [
                        Cell(code),
                        Cell(PARTICIPATION.get(code, "No participation code recorded")),
                        Cell(n, code if code in CODES else NOT_RECORDED),
                    ]
                    for code, n in codes
                ],
            ),
        ),
    ]
