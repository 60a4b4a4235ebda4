"""The figures only the IRO annual report needs (IRO Handbook 7.11), beside the reports pages':
the participation of parents, quality assurance findings, and the other ways IROs raised concerns
(management alerts, Cafcass referrals).  The make-up of the team is in annual_team.py.

Each part comes back as the reports pages' `Section`s (a heading, what is counted, a chart from
`reports.charts`, and the same figures in a table), so the annual report lays every part out
alike.  The annual report is a public document (H 7.12): nothing here names a child or an IRO.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from carereview.escalation.models import CafcassReferral, ManagementAlert
from carereview.records.models import Child, ChildContact
from carereview.reports import charts
from carereview.reports.common import Cell, Section, Table
from carereview.reviews.models import Invitee, MonitoringSheet, Review

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day counted: 31 March, or today while the year is still running


def looked_after(period: Period) -> QuerySet[Child]:
    """Children looked after on at least one day of the period (an episode open that day; the
    day an episode ends is not a day in care, as in the caseloads report)."""
    return Child.objects.filter(
        Q(episodes__dec__isnull=True) | Q(episodes__dec__gt=period.start),
        episodes__decom__lte=period.end,
    ).distinct()


def held_reviews(period: Period) -> QuerySet[Review]:
    """Reviews whose first meeting was in the period (IRO Handbook 3.24: the review's date)."""
    return Review.objects.filter(held_on__gte=period.start, held_on__lte=period.end)


def rows_of(pairs: list[tuple[str, object]]) -> list[list[Cell]]:
    return [[Cell(label), Cell(value)] for label, value in pairs]


# -- participation of parents (H 7.11: "extent of participation of children and their parents")


PARENT_ROLES = {"mother": "Mothers", "father": "Fathers", "parental_responsibility": ""}
OTHER_PR = "Others with parental responsibility"
ATTENDANCE = [
    ("attended", "Attended"),
    ("delegate", "Sent someone in their place"),
    ("apologies", "Sent apologies"),
    ("absent", "Did not attend"),
    ("", NOT_RECORDED),
]


def parents_sections(period: Period) -> list[Section]:
    reviews = held_reviews(period)
    with_pr = set(
        ChildContact.objects.filter(parental_responsibility=True).values_list("pk", flat=True)
    )
    invitees = Invitee.objects.filter(review__in=reviews).values_list(
        "review_id",
        "key",
        "role",
        "invited",
        "attendance",
        "consultation_sent_on",
        "consultation_returned_on",
    )
    counts: dict[str, Counter[str]] = {label: Counter() for label in (*_groups(),)}
    took_part: set[int] = set()
    sent = returned = 0
    for review_id, key, role, invited, attendance, sent_on, returned_on in invitees:
        group = _group(key, role, with_pr)
        if group is None:
            continue
        if not invited:
            counts[group]["left out"] += 1
            continue
        counts[group]["invited"] += 1
        counts[group][attendance] += 1
        if attendance in ("attended", "delegate"):
            took_part.add(review_id)
        sent += sent_on is not None
        returned += returned_on is not None
    columns = ["Parents invited", *[label for _, label in ATTENDANCE], "Left out of the invitation"]
    rows = [
        [Cell(group), Cell(c["invited"])]
        + [Cell(c[value]) for value, _ in ATTENDANCE]
        + [Cell(c["left out"])]
        for group, c in counts.items()
    ]
    held = reviews.count()
    summary = Table(
        "parents-summary",
        "Reviews with a parent taking part, and parents' consultation forms",
        ["", "Number"],
        rows_of(
            [
                ("Reviews held in the year", held),
                ("Reviews a parent attended or sent someone to", len(took_part)),
                ("Consultation forms sent to parents", sent),
                ("Consultation forms parents returned", returned),
            ]
        ),
    )
    series = [label for _, label in ATTENDANCE]
    return [
        Section(
            "Parents at their children's reviews",
            "Mothers, fathers and others with parental responsibility invited to the reviews held "
            "in the year, and whether they came (as the invitation list records it).",
            charts.stacked(
                "chart-parents",
                "Whether parents invited to reviews attended",
                "Stacked bar chart. "
                + " ".join(
                    f"{group}: " + ", ".join(f"{s.lower()} {c[v]}" for v, s in ATTENDANCE) + "."
                    for group, c in counts.items()
                ),
                series,
                [
                    charts.Stack(group, tuple(c[value] for value, _ in ATTENDANCE))
                    for group, c in counts.items()
                ],
                unit="invited",
            ),
            Table(
                "parents",
                "Parents invited to reviews, and whether they attended",
                ["", *columns],
                rows,
            ),
        ),
        Section(
            "Parents' part in reviews",
            "A parent's views count as much when they send someone or return a consultation form.",
            None,
            summary,
        ),
    ]


def _groups() -> list[str]:
    return ["Mothers", "Fathers", OTHER_PR]


def _group(key: str, role: str, with_pr: set[int]) -> str | None:
    if role in ("mother", "father"):
        return PARENT_ROLES[role]
    if role == "parental_responsibility":
        return OTHER_PR
    # Another relative holding parental responsibility (a special guardian, say).
    if key.startswith("contact:") and key[8:].isdigit() and int(key[8:]) in with_pr:
        return OTHER_PR
    return None


# -- quality assurance (H 7.11: "outcomes of quality assurance audits in relation to the
# organisation, conduct and recording of reviews") -----------------------------------------------


def quality_sections(period: Period) -> list[Section]:
    reviews = held_reviews(period)
    sheets = MonitoringSheet.objects.filter(review__in=reviews)
    ratings = [label for _, label in MonitoringSheet.RATINGS]
    plan = Counter(sheets.values_list("plan_quality", flat=True))
    paperwork = Counter(sheets.values_list("paperwork_quality", flat=True))
    lines = [("Care plans", plan), ("Reports and paperwork", paperwork)]
    written = sheets.count()
    on_time = sheets.filter(paperwork_on_time=True).count()
    rated = Table(
        "quality",
        "IROs' ratings of care plans and paperwork at the reviews held in the year",
        ["", *ratings, "Rated"],
        [
            [Cell(name)]
            + [Cell(c[value]) for value, _ in MonitoringSheet.RATINGS]
            + [Cell(sum(c.values()))]
            for name, c in lines
        ],
    )
    other = Table(
        "quality-other",
        "Monitoring sheets, and paperwork reaching the IRO on time",
        ["", "Number"],
        rows_of(
            [
                ("Reviews held in the year", reviews.count()),
                ("Monitoring sheets completed", written),
                ("Reviews without a monitoring sheet", reviews.count() - written),
                ("Reports and plans reached the IRO on time", on_time),
                ("Reports and plans reached the IRO late", written - on_time),
            ]
        ),
    )
    return [
        Section(
            "The IROs' quality ratings",
            "After every review the IRO completes a monitoring sheet rating the care plan and the "
            "paperwork for the review.",
            charts.stacked(
                "chart-quality",
                "Ratings of care plans and paperwork",
                "Stacked bar chart. "
                + " ".join(
                    f"{name}: "
                    + ", ".join(f"{label.lower()} {c[v]}" for v, label in MonitoringSheet.RATINGS)
                    + "."
                    for name, c in lines
                ),
                ratings,
                [
                    charts.Stack(name, tuple(c[v] for v, _ in MonitoringSheet.RATINGS))
                    for name, c in lines
                ],
                unit="rated",
            ),
            rated,
        ),
        Section(
            "Monitoring sheets and paperwork on time",
            "Paperwork is due with the IRO before the review (the social worker's report 3 "
            "working days before, seed 000).",
            None,
            other,
        ),
    ]


# -- other ways IROs raised concerns (H 7.11: "procedures for resolving concerns") -----------


def concern_sections(period: Period, today: date) -> list[Section]:
    alerts = list(
        ManagementAlert.objects.filter(
            raised_on__gte=period.start, raised_on__lte=period.end
        ).values_list("complete_by", "completed_on")
    )
    done_in_time = sum(1 for due, done in alerts if done and done <= due)
    done_late = sum(1 for due, done in alerts if done and done > due)
    open_late = sum(1 for due, done in alerts if not done and today > due)
    referrals = CafcassReferral.objects.filter(
        considered_on__gte=period.start, considered_on__lte=period.end
    )
    made = CafcassReferral.objects.filter(
        referred_on__gte=period.start, referred_on__lte=period.end
    ).count()
    pairs = [
        ("Management alerts raised", len(alerts)),
        ("Completed by the date set", done_in_time),
        ("Completed after the date set", done_late),
        ("Still open, past the date set", open_late),
        ("Still open, not yet due", len(alerts) - done_in_time - done_late - open_late),
        ("Referrals to Cafcass considered", referrals.count()),
        ("Referrals made to Cafcass", made),
    ]
    return [
        Section(
            "Management alerts and referrals to Cafcass",
            "IRO management alerts (seed 000 section 15: compliance issues such as missing "
            "paperwork, completed by a date the manager sets) raised in the year, and referrals "
            "to Cafcass considered and made (IRO Handbook 8.9-8.16).",
            None,
            Table(
                "concerns",
                "Management alerts and Cafcass referrals",
                ["", "Number"],
                rows_of(pairs),
            ),
        )
    ]
