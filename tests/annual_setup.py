"""A small IRO service for the annual report tests, every figure worked out by hand.

Reporting year 2024-25 (1 April 2024 to 31 March 2025), report made on 2 June 2025.  Children are
10 years old throughout (born 1 May 2014).

Team today: iro.one (full time, speaks Polish, adoption), iro.two (half time, communication
needs); iro.left held Cai's case and has since left (account closed).

- Ash: looked after since 8 January 2024, first language Polish, iro.one throughout.  Reviews
  1 February 2024 (before the year), 25 April 2024 (due 1 May: on time, PN1), 20 November 2024
  (due 25 October: late, the IRO was not available, PN1).
- Bo: looked after from 10 May 2024 with iro.two; iro.one from 15 September 2024 (one change of
  IRO).  Reviews 5 June 2024 (due 10 June: on time, PN1), 2 September 2024 (due 5 September: on
  time, PN7), 28 February 2025 (due 2 March: on time, PN5).
- Cai: looked after 1 June 2024 to 20 December 2024, communication needs, iro.left.  Reviews
  28 June 2024 (due that day: on time, PN3), 1 October 2024 (due 28 September: late, the social
  worker's report was not ready, PN6).

So: 7 reviews held in the year, 5 on time and 2 late; 3 children, 1 with every review on time;
participation: Ash and Cai took part in every review, Bo did not (PN7): 2 of 3.

Parents (invitation lists): Ash's April review, mother attended (consultation form sent and
returned) and father did not attend; Bo's June review, mother sent apologies; Bo's September
review, an aunt with parental responsibility attended and a person with parental responsibility
was left out.  Mothers: 2 invited, 1 attended, 1 apologies.  Fathers: 1 invited, 1 did not
attend.  Others with parental responsibility: 1 invited and attended, 1 left out.  Reviews a
parent attended or sent someone to: 2.

Monitoring sheets on 4 of the 7 reviews: care plans good 2, adequate 1, poor 1; paperwork good 1,
adequate 2, poor 1; paperwork on time 3, late 1.
Management alerts: 2 raised (one completed by its date, one open past it).  Cafcass: 1 referral
considered and made.  Escalations: 2 opened (one resolved at stage 1, one still open).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from carereview.escalation.ladders import ensure_shipped_ladders
from carereview.escalation.models import (
    CafcassReferral,
    DisputeLadder,
    Escalation,
    EscalationStep,
    LadderStage,
    ManagementAlert,
)
from carereview.records.models import ChildContact, Episode
from carereview.reviews.models import Invitee, MonitoringSheet, Review
from carereview.staff.models import Allocation, Role

TODAY = date(2025, 6, 2)
YEAR = 2024


def build(staff: dict, make_child: Any, make_user: Any, clock: Any) -> dict[str, Any]:
    clock.set_to(TODAY)
    iro, iro2, manager = staff["iro"], staff["iro2"], staff["manager"]
    iro.languages, iro.specialisms = ["Polish"], ["adoption"]
    iro.save()
    iro2.fte = Decimal("0.5")
    iro2.save()
    left = make_user("iro.left", Role.IRO, is_active=False)
    born = date(2014, 5, 1)
    ash = make_child(
        staff["sw"], start=date(2024, 1, 8), iro=iro, first_name="Ash", last_name="Annual",
        date_of_birth=born, first_language="Polish",
    )  # fmt: skip
    bo = make_child(
        staff["sw_south"], start=date(2024, 5, 10), first_name="Bo", last_name="Annual",
        date_of_birth=born,
    )  # fmt: skip
    Allocation.objects.create(
        child=bo, iro=iro2, started_on=date(2024, 5, 10), ended_on=date(2024, 9, 15),
        allocated_by=manager,
    )  # fmt: skip
    Allocation.objects.create(child=bo, iro=iro, started_on=date(2024, 9, 15), allocated_by=manager)
    cai = make_child(
        staff["sw"], start=date(2024, 6, 1), iro=left, allocated_by=manager, first_name="Cai",
        last_name="Annual", date_of_birth=born, communication_needs="Uses Makaton",
    )  # fmt: skip
    Episode.objects.filter(child=cai).update(dec=date(2024, 12, 20), rec="E11")

    def review(child, held_on, pn, late_reason="", record_on=None):
        return Review.objects.create(
            child=child, held_on=held_on, completed_on=held_on, participation=pn,
            late_reason=late_reason, record_completed_on=record_on,
        )  # fmt: skip

    review(ash, date(2024, 2, 1), "PN1")
    ash1 = review(ash, date(2024, 4, 25), "PN1", record_on=date(2024, 5, 10))
    ash2 = review(ash, date(2024, 11, 20), "PN1", "iro_unavailable", date(2024, 12, 2))
    bo1 = review(bo, date(2024, 6, 5), "PN1", record_on=date(2024, 6, 20))
    bo2 = review(bo, date(2024, 9, 2), "PN7")
    review(bo, date(2025, 2, 28), "PN5")
    cai1 = review(cai, date(2024, 6, 28), "PN3", record_on=date(2024, 7, 30))
    review(cai, date(2024, 10, 1), "PN6", "report_not_ready")

    aunt = ChildContact.objects.create(
        child=bo, role="family", name="Dana Aunt", parental_responsibility=True
    )
    for rv, key, name, role, invited, attendance in [
        (ash1, "contact:m", "Eve Annual", "mother", True, "attended"),
        (ash1, "contact:f", "Finn Annual", "father", True, "absent"),
        (ash1, "child", "Ash Annual", "child", True, "attended"),
        (bo1, "contact:m", "Gail Annual", "mother", True, "apologies"),
        (bo2, f"contact:{aunt.pk}", "Dana Aunt", "family", True, "attended"),
        (bo2, "contact:pr", "Hal Guardian", "parental_responsibility", False, ""),
        (bo2, "contact:carer", "Ida Carer", "carer", True, "attended"),
    ]:
        sent = date(2024, 4, 5) if rv is ash1 and role == "mother" else None
        Invitee.objects.create(
            review=rv, key=key, name=name, role=role, reason="Invited by rule", invited=invited,
            attendance=attendance, consultation_sent_on=sent, consultation_returned_on=sent,
            left_out_because="" if invited else "Whereabouts unknown",
        )  # fmt: skip

    for rv, plan, paperwork, on_time in [
        (ash1, "good", "adequate", True),
        (ash2, "good", "good", True),
        (bo1, "adequate", "adequate", True),
        (cai1, "poor", "poor", False),
    ]:
        MonitoringSheet.objects.create(
            review=rv, plan_quality=plan, paperwork_quality=paperwork, paperwork_on_time=on_time,
            completed_by=iro, completed_on=rv.held_on,
        )  # fmt: skip

    ensure_shipped_ladders()
    ladder = DisputeLadder.objects.get(active=True)
    stage1 = LadderStage.objects.get(ladder=ladder, number=1)
    for child, by, opened, deadline, closed, outcome in [
        (ash, iro, date(2024, 9, 2), date(2024, 9, 30), date(2024, 9, 16), "resolved"),
        (bo, iro, date(2025, 1, 6), date(2025, 2, 3), None, ""),
    ]:
        escalation = Escalation.objects.create(
            child=child, iro=by, category="practice", issue="The care plan is out of date",
            expected_outcome="An updated plan", ladder=ladder, opened_on=opened,
            deadline=deadline, closed_on=closed, outcome=outcome,
        )  # fmt: skip
        EscalationStep.objects.create(
            escalation=escalation, stage=stage1, entered_on=opened, sent_to_name="A manager",
            respond_by=deadline, recorded_by=by,
        )  # fmt: skip
    for raised, due, done in [
        (date(2024, 7, 1), date(2024, 7, 15), date(2024, 7, 10)),
        (date(2025, 3, 3), date(2025, 3, 17), None),
    ]:
        ManagementAlert.objects.create(
            child=ash, raised_by=iro, manager=staff["tm"], issue="Care plan not updated",
            complete_by=due, raised_on=raised, completed_on=done,
        )  # fmt: skip
    CafcassReferral.objects.create(
        child=bo, iro=iro, considered_on=date(2025, 2, 10), senior_officer=staff["tm"],
        reasons="Family time not arranged", referred_on=date(2025, 2, 20),
    )  # fmt: skip
    return {"ash": ash, "bo": bo, "cai": cai, "left": left}
