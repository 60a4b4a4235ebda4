"""Demo dispute resolution work for iro.amber's children: an informal attempt, escalations at
stage 1, at stage 2 with the response overdue, and closed, and a management alert.  The demo
senior manager holds the area service manager's post (stage 2) and is the nominated senior
officer for Cafcass referrals (IRO Handbook 8.12)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.escalation import services
from carereview.escalation.ladders import ensure_shipped_ladders
from carereview.escalation.models import DisputeLadder, Escalation, LadderStage, Outcome
from carereview.records.models import Child, Episode
from carereview.staff.models import Allocation, User


def _current(iro: User) -> Q:
    return Q(
        Exists(Allocation.objects.filter(child=OuterRef("pk"), iro=iro, ended_on__isnull=True))
    )


def load(**options: object) -> list[str]:
    if Escalation.objects.exists():
        return []
    ensure_shipped_ladders()
    iro = User.objects.filter(username="iro.amber").first()
    senior = User.objects.filter(username="senior.rhian").first()
    ladder = DisputeLadder.objects.filter(active=True).first()
    if iro is None or ladder is None:
        return []
    if senior is not None:
        LadderStage.objects.filter(ladder=ladder, number=2, holder__isnull=True).update(
            holder=senior
        )
        if ladder.senior_officer_id is None:
            ladder.senior_officer = senior
            ladder.save(update_fields=["senior_officer"])
    in_care = (
        Child.objects.filter(
            Exists(Episode.objects.filter(child=OuterRef("pk"), dec__isnull=True)),
            Exists(Allocation.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)),
            social_worker__team__manager__isnull=False,
            restricted=False,
        )
        .select_related("social_worker__team__manager")
        .order_by("pk")
    )
    # iro.amber's children first, so that the demo IRO sees them on her page.
    children = [*in_care.filter(_current(iro)), *in_care.exclude(_current(iro))][:5]
    if len(children) < 5:
        return []
    iros = {
        a.child_id: a.iro
        for a in Allocation.objects.filter(child__in=children, ended_on__isnull=True)
    }
    cal, today = working_calendar(), clock.today()

    def ago(n: int):
        return cal.add(today, -n)

    def informal(child: Child, on, issue: str, actions: str):
        return services.record_informal(
            child,
            raised_with=f"{child.social_worker}, social worker",
            discussed_on=on,
            issue=issue,
            agreed_actions=actions,
            resolve_by=cal.add(on, 5),
            by=iros[child.pk],
        )

    def escalation(child: Child, opened, stage: int, issue: str, expected: str, category: str):
        return services.open_escalation(
            child,
            category=category,
            issue=issue,
            expected_outcome=expected,
            stage_number=stage,
            opened_on=opened,
            by=iros[child.pk],
        )

    first, second, third, fourth, fifth = children
    informal(
        first,
        ago(2),
        "The life story work agreed at the last review has not started.",
        "The social worker to start the life story work within 2 weeks.",
    )
    informal(
        second,
        ago(8),
        "Family time with the child's brother has not happened for six weeks.",
        "Family time to be arranged within 5 working days.",
    )
    escalation(
        second,
        ago(3),
        1,
        "Family time with the child's brother is still not arranged.",
        "Fortnightly family time, with the first session within a week.",
        "practice",
    )
    informal(
        third,
        ago(16),
        "No plan for permanence at the second review.",
        "A permanence plan to the IRO within 5 working days.",
    )
    case = escalation(
        third,
        ago(14),
        1,
        "The permanence plan is still missing.",
        "A permanence plan considered at a permanence planning meeting.",
        "judgement",
    )
    services.record_response(
        case.steps.get(),
        response="The team is short-staffed; the plan will follow next month.",
        responded_on=ago(10),
        by=third.social_worker.team.manager,
    )
    services.escalate(case, stage_number=2, entered_on=ago(9), by=iros[third.pk])
    informal(
        fourth,
        ago(30),
        "The personal education plan is out of date.",
        "An updated PEP within 5 working days.",
    )
    closed = escalation(
        fourth,
        ago(25),
        1,
        "The personal education plan is still out of date.",
        "An updated PEP agreed with the virtual school.",
        "practice",
    )
    services.record_response(
        closed.steps.get(),
        response="The PEP meeting is booked for next week.",
        responded_on=ago(22),
        by=fourth.social_worker.team.manager,
    )
    services.close_escalation(
        closed,
        outcome=Outcome.RESOLVED,
        details="The PEP was updated with the virtual school.",
        closed_on=ago(18),
        by=iros[fourth.pk],
    )
    services.raise_management_alert(
        fifth,
        issue="The care plan has not been updated since the placement move.",
        complete_by=cal.add(today, 5),
        by=iros[fifth.pk],
    )
    return ["dispute resolution: an informal attempt, escalations and a management alert"]
