"""The make-up of the IRO team for the annual report (IRO Handbook 7.11: "caseloads, continuity
of employment and the make up of the team and how it reflects the identity of the children it is
serving"): the team today, the IROs who held cases in the year, children's changes of IRO,
specialisms, and the children's languages and needs beside the IROs who can meet them.

Nothing here names an IRO or a child: the report is a public document (IRO Handbook 7.12).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import pairwise

from django.db.models import Q

from carereview.reports import charts
from carereview.reports.annual_figures import Period, looked_after, rows_of
from carereview.reports.common import Cell, Section, Table, long_date
from carereview.staff.models import Allocation, Role, Specialism, User


def team_sections(period: Period, today: date) -> list[Section]:
    team = list(User.objects.filter(role=Role.IRO, is_active=True))
    fte = sum((u.fte for u in team), start=0)
    holding = Allocation.objects.filter(started_on__lte=period.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.start)
    )
    held_cases = User.objects.filter(pk__in=holding.values("iro_id"))
    left = held_cases.filter(is_active=False).count()
    changed = _changes_of_iro(period)
    people = Table(
        "team",
        f"The IRO team on {long_date(today)}, and IROs who held cases in the year",
        ["", "Number"],
        rows_of(
            [
                ("IROs in post", len(team)),
                ("Full-time equivalent posts", float(fte)),
                ("IROs who held cases during the year", held_cases.count()),
                ("Of those, no longer in post", left),
                ("Children whose IRO changed during the year", len(changed)),
                (
                    "Of those, children whose IRO changed more than once",
                    sum(1 for n in changed.values() if n > 1),
                ),
            ]
        ),
    )
    skills = Counter(s for u in team for s in u.specialisms)
    special = [(label, skills.get(value, 0)) for value, label in Specialism.choices]
    special_table = Table(
        "specialisms", "IROs with each specialism", ["Specialism", "IROs"], rows_of(special)
    )
    return [
        Section(
            "The team",
            "The IRO team as recorded today (a person's full-time equivalent is held only as "
            "it is now), the IROs who held cases in the year, and children's changes of IRO "
            "(IRO Handbook 7.2: the same IRO wherever possible).",
            None,
            people,
        ),
        Section(
            "Specialisms",
            "IROs with a specialism, for children who need one (IRO Handbook 4.4-4.7).",
            charts.hbar(
                "chart-specialisms",
                "IROs with each specialism",
                "Bar chart. " + "; ".join(f"{label}: {n}" for label, n in special) + ".",
                [charts.Bar(label, n) for label, n in special],
            ),
            special_table,
        ),
        _identity(period, team),
    ]


def _changes_of_iro(period: Period) -> Counter[int]:
    """Per child, how many times their IRO changed in the period: an allocation starting in the
    period to a different IRO from the child's one before (a child returning to the same IRO is
    no change, IRO Handbook 7.2)."""
    moved = Allocation.objects.filter(started_on__gte=period.start, started_on__lte=period.end)
    history: dict[int, list[tuple[date, int, int]]] = {}
    for pk, child_id, iro_id, started in Allocation.objects.filter(
        child_id__in=moved.values("child_id"), started_on__lte=period.end
    ).values_list("pk", "child_id", "iro_id", "started_on"):
        history.setdefault(child_id, []).append((started, pk, iro_id))
    changed: Counter[int] = Counter()
    for child_id, allocations in history.items():
        allocations.sort()
        for (_, _, before), (started, _, after) in pairwise(allocations):
            if started >= period.start and after != before:
                changed[child_id] += 1
    return changed


def _identity(period: Period, team: list[User]) -> Section:
    """The languages and needs of the children looked after in the year beside the IROs'."""
    children = looked_after(period)
    spoken = Counter(lang.strip().lower() for u in team for lang in u.languages if lang.strip())
    first = Counter(
        lang.strip()
        for lang in children.exclude(first_language__iexact="english").values_list(
            "first_language", flat=True
        )
        if lang.strip()
    )
    rows: list[tuple[str, object, object]] = [
        (f"First language {lang}", n, spoken.get(lang.lower(), 0))
        for lang, n in sorted(first.items(), key=lambda item: (-item[1], item[0]))
    ]
    skills = Counter(s for u in team for s in u.specialisms)
    needs = [
        (
            "Communication needs",
            children.exclude(communication_needs="").count(),
            skills[Specialism.COMMUNICATION] + skills[Specialism.BSL],
        ),
        (
            "Disabled children",
            children.exclude(disability="").count(),
            skills[Specialism.DISABILITY],
        ),
        (
            "Unaccompanied asylum-seeking children",
            children.filter(uasc=True).count(),
            skills[Specialism.UASC],
        ),
    ]
    return Section(
        "How the team reflects the children it serves",
        f"{children.count()} children were looked after during the year. Beside each first "
        "language other than English and each need: the children, and the IROs who speak that "
        "language or hold that specialism.",
        None,
        Table(
            "identity",
            "Children's languages and needs, and the IROs who can meet them",
            ["", "Children looked after in the year", "IROs"],
            [[Cell(a), Cell(b), Cell(c)] for a, b, c in [*rows, *needs]],
        ),
    )
