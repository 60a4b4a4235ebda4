"""Proposing an IRO for a child, with the reasons a manager can check (IRO Handbook 7.2, 7.15).

Hard rules exclude an IRO; preferences rank the rest:
- independence: never the child's social worker or that worker's manager (IRO Handbook 2.x,
  CPPCR 2010 reg 46);
- a looked-after parent and their child have different IROs (IRO Handbook 7.2);
- brothers and sisters share an IRO (IRO Handbook 7.2);
- a child returning to care keeps their earlier IRO where practicable (IRO Handbook 7.2);
- a child with communication needs gets an IRO with that specialism, or an advocate
  (IRO Handbook 4.4-4.7); a shared language helps;
- caseloads are balanced against 50 to 70 children per full-time IRO (IRO Handbook 7.15).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carereview.domain.calendar import WorkingDayCalendar

CASELOAD_LOW = 50  # children per full-time IRO (IRO Handbook 7.15)
CASELOAD_HIGH = 70


@dataclass(frozen=True, slots=True)
class ChildNeeds:
    child_id: int
    social_worker_id: int | None = None
    social_worker_manager_id: int | None = None
    sibling_ids: frozenset[int] = frozenset()
    parent_or_child_ids: frozenset[int] = frozenset()  # looked-after parents and children
    previous_iro_ids: frozenset[int] = frozenset()
    communication_needs: bool = False
    first_language: str = "English"
    specialisms_wanted: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class IROAvailability:
    iro_id: int
    name: str
    fte: float
    caseload: int  # children allocated now
    child_ids: frozenset[int] = frozenset()
    specialisms: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    accepting: bool = True


@dataclass(slots=True)
class Candidate:
    iro_id: int
    name: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    caseload_after: int = 0
    per_fte_after: float = 0.0

    @property
    def eligible(self) -> bool:
        return not self.exclusions


def _per_fte(caseload: int, fte: float) -> float:
    return caseload / fte if fte > 0 else float("inf")


def rank_iros(child: ChildNeeds, iros: list[IROAvailability]) -> list[Candidate]:
    """Every IRO, best first; the ineligible last, each with why."""
    ranked = []
    for iro in iros:
        c = Candidate(iro.iro_id, iro.name, caseload_after=iro.caseload + 1)
        c.per_fte_after = _per_fte(c.caseload_after, iro.fte)
        if iro.iro_id in (child.social_worker_id, child.social_worker_manager_id):
            c.exclusions.append("not independent: the child's social worker or their manager")
        family = child.parent_or_child_ids & iro.child_ids
        if family:
            c.exclusions.append(
                "already the IRO of the child's looked-after parent or child: they need "
                "different IROs (IRO Handbook 7.2)"
            )
        siblings = child.sibling_ids & iro.child_ids
        if not iro.accepting and not siblings:
            c.exclusions.append("not taking new children at present")
        if siblings:
            c.score += 100
            c.reasons.append(
                f"already the IRO of {len(siblings)} of the child's brothers and sisters "
                "(siblings share an IRO, IRO Handbook 7.2)"
            )
        if iro.iro_id in child.previous_iro_ids:
            c.score += 40
            c.reasons.append("was the child's IRO before (continuity, IRO Handbook 7.2)")
        wanted = set(child.specialisms_wanted)
        if child.communication_needs:
            wanted.add("communication")
        for specialism in sorted(wanted & iro.specialisms):
            c.score += 30
            c.reasons.append(
                f"specialism matches the child's needs: {specialism.replace('_', ' ')}"
            )
        language = child.first_language.strip().lower()
        if language and language != "english" and language in {x.lower() for x in iro.languages}:
            c.score += 20
            c.reasons.append(f"speaks the child's first language ({child.first_language})")
        if c.per_fte_after > CASELOAD_HIGH:
            c.score -= 50
            c.reasons.append(
                f"caseload would be {c.per_fte_after:.0f} per full-time post, above the "
                f"{CASELOAD_LOW}-{CASELOAD_HIGH} guide (IRO Handbook 7.15)"
            )
        else:
            c.reasons.append(
                f"caseload would be {c.caseload_after} ({c.per_fte_after:.0f} per full-time "
                f"post; guide {CASELOAD_LOW}-{CASELOAD_HIGH})"
            )
        # Lighter caseloads first, all else equal.
        c.score -= c.per_fte_after / 10
        ranked.append(c)
    ranked.sort(key=lambda c: (not c.eligible, -c.score, c.name))
    return ranked


@dataclass(frozen=True, slots=True)
class AllocationDeadlines:
    manager_told_by: date  # IRO Handbook 7.2: within 2 working days
    allocate_by: date  # IRO Handbook 7.2: good practice within 5 working days


def allocation_deadlines(looked_after_from: date, cal: WorkingDayCalendar) -> AllocationDeadlines:
    return AllocationDeadlines(cal.add(looked_after_from, 2), cal.add(looked_after_from, 5))
