"""Drift between reviews: the dates by which things should have happened (seed 003; IRO
Handbook 3.74-3.76; CPPCR 2010 reg 28 on social workers' visits)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: Placed with parents or connected persons (family and friends carers).
WITH_PARENTS_OR_CONNECTED = frozenset({"P1", "U1", "U2", "U3"})


@dataclass(frozen=True, slots=True)
class VisitRule:
    interval_days: int
    summary: str
    citation: str


def visit_rule(placement: str, first_review_held: bool) -> VisitRule:
    """How often the social worker must visit (seed 003: at least every 6 weeks in foster or
    residential care; weekly until the first review, then monthly, with parents or connected
    persons)."""
    if placement in WITH_PARENTS_OR_CONNECTED:
        if not first_review_held:
            return VisitRule(
                7,
                "weekly until the first review (placed with parents or connected persons)",
                "CPPCR 2010 reg 28; seed 003",
            )
        return VisitRule(
            30,
            "monthly after the first review (placed with parents or connected persons)",
            "CPPCR 2010 reg 28; seed 003",
        )
    return VisitRule(42, "at least every 6 weeks", "CPPCR 2010 reg 28; seed 003")


def next_visit_due(
    placement: str, first_review_held: bool, last_visit: date | None, placed_on: date
) -> tuple[date, VisitRule]:
    rule = visit_rule(placement, first_review_held)
    anchor = max(last_visit, placed_on) if last_visit else placed_on
    return anchor + timedelta(days=rule.interval_days), rule


def midway(previous_review: date, next_due: date) -> date:
    """The IRO's midway check between reviews (seed 003)."""
    return previous_review + (next_due - previous_review) / 2
