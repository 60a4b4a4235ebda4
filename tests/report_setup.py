"""A small service built by hand for the reports tests, with every figure worked out on paper.

Reporting year 2024-25 (1 April 2024 to 31 March 2025), looked at on 2 June 2025:

- Ash (north team) looked after since 8 January 2024, iro.one throughout.
- Bo (south team) looked after from 10 May 2024 with iro.two, who hands over to iro.one on
  15 September 2024.
- Cai (north team) looked after from 1 June 2024 to 20 December 2024; no IRO until iro.two from
  10 July 2024.

Month ends: iro.one has Ash (April to August), then Ash and Bo; iro.two has Bo in May and June,
Bo and Cai in July and August, Cai from September to November, nobody from December; Cai is
without an IRO on 30 June.  iro.two works half time.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from carereview.escalation.ladders import ensure_shipped_ladders
from carereview.escalation.models import (
    DisputeLadder,
    Escalation,
    EscalationStep,
    InformalResolution,
    LadderStage,
)
from carereview.records.models import Episode
from carereview.reviews.models import Postponement, Review
from carereview.staff.models import Allocation

TODAY = date(2025, 6, 2)
YEAR = (date(2024, 4, 1), date(2025, 3, 31))


def build(staff: dict, make_child: Any, clock: Any) -> dict[str, Any]:
    clock.set_to(TODAY)
    iro, iro2, manager = staff["iro"], staff["iro2"], staff["manager"]
    iro2.fte = Decimal("0.5")
    iro2.save()
    ash = make_child(
        staff["sw"], start=date(2024, 1, 8), iro=iro, first_name="Ash", last_name="Report"
    )
    bo = make_child(staff["sw_south"], start=date(2024, 5, 10), first_name="Bo", last_name="Report")
    Allocation.objects.create(
        child=bo,
        iro=iro2,
        started_on=date(2024, 5, 10),
        ended_on=date(2024, 9, 15),
        allocated_by=manager,
    )
    Allocation.objects.create(child=bo, iro=iro, started_on=date(2024, 9, 15), allocated_by=manager)
    cai = make_child(staff["sw"], start=date(2024, 6, 1), first_name="Cai", last_name="Report")
    Episode.objects.filter(child=cai).update(dec=date(2024, 12, 20), rec="E11")
    Allocation.objects.create(
        child=cai, iro=iro2, started_on=date(2024, 7, 10), allocated_by=manager
    )

    # Review records (full record due 15 working days after the review, IRO Handbook 3.69).
    Review.objects.create(
        child=ash, held_on=date(2024, 7, 1), record_completed_on=date(2024, 7, 12)
    )  # due 22 July: on time
    late = Review.objects.create(
        child=bo, held_on=date(2024, 6, 20), record_completed_on=date(2024, 8, 30)
    )  # due 11 July: 35 working days late (26 August a bank holiday), iro.two's
    Review.objects.create(child=cai, held_on=date(2024, 7, 5))  # never written: overdue, no IRO
    Review.objects.create(child=ash, held_on=date(2025, 4, 20))  # outside the year

    # Postponements: Ash twice in the year; Bo once; Cai once in the year and once the March
    # before, within twelve months of it.
    planned = Review.objects.create(child=ash, scheduled_for=None)
    for child, review, recorded, reason in [
        (ash, planned, date(2024, 5, 1), "child_unwell"),
        (ash, planned, date(2024, 11, 1), "iro_unavailable"),
        (bo, late, date(2024, 10, 10), "child_unwell"),
        (cai, None, date(2024, 3, 20), "report_not_ready"),
        (cai, None, date(2025, 2, 1), "venue_or_interpreter"),
    ]:
        review = review or Review.objects.filter(child=child).first()
        Postponement.objects.create(
            review=review,
            from_date=recorded,
            to_date=date(recorded.year, recorded.month, 28),
            reason=reason,
            by=iro,
            recorded_on=recorded,
        )

    # Dispute resolution: on the shipped five-stage ladder (20 working days in all).
    ensure_shipped_ladders()
    ladder = DisputeLadder.objects.get(active=True)
    stage = {s.number: s for s in LadderStage.objects.filter(ladder=ladder)}

    def escalation(
        child, by, opened, deadline, stages, closed=None, outcome="", category="practice"
    ):
        found = Escalation.objects.create(
            child=child,
            iro=by,
            category=category,
            issue="The care plan is out of date",
            expected_outcome="An updated plan",
            ladder=ladder,
            opened_on=opened,
            deadline=deadline,
            closed_on=closed,
            outcome=outcome,
        )
        for number in stages:
            EscalationStep.objects.create(
                escalation=found,
                stage=stage[number],
                entered_on=opened,
                sent_to_name="A manager",
                respond_by=deadline,
                recorded_by=by,
            )
        return found

    # Opened 2 September 2024 (Monday), time limit 30 September: closed in 10 working days.
    escalation(ash, iro, date(2024, 9, 2), date(2024, 9, 30), [1], date(2024, 9, 16), "resolved")
    # Reached stage 2, closed after its limit, partly resolved.
    escalation(
        bo,
        iro2,
        date(2024, 6, 3),
        date(2024, 7, 1),
        [1, 2],
        date(2024, 7, 15),
        "partly_resolved",
        category="strategic",
    )
    # Still open, past its limit.
    escalation(cai, iro2, date(2024, 11, 4), date(2024, 12, 2), [1])
    # Before the year: not counted.
    escalation(ash, iro, date(2024, 3, 4), date(2024, 4, 2), [1], date(2024, 3, 11), "resolved")
    InformalResolution.objects.create(
        child=bo,
        iro=iro2,
        raised_with="The social worker",
        discussed_on=date(2024, 8, 1),
        issue="Family time not arranged",
        agreed_actions="Arrange it",
    )
    return {"ash": ash, "bo": bo, "cai": cai, "late_review": late}
