"""Open deadlines of the dispute resolution process, for reminders ahead of time and alerts when
missed: the response at each stage (to the manager it is addressed to, or, with nobody on the
system to send it to, to the IRO to chase it), the whole process's 20 working days (IRO Handbook
6.2) for the IRO, an IRO Management Alert for its manager (seed 000 section 15) and the date an
informal attempt should have resolved the issue by (H 6.1) for the IRO.  "The IRO" is the
child's IRO today (addressed.iro_to_tell), not whoever opened the work; nobody is reminded about
a restricted child unless named on the record.  A fixed number of queries, however many are
open."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Prefetch, QuerySet

from carereview.escalation.addressed import iro_to_tell, may_be_told, responders
from carereview.escalation.common import child_link, escalation_link
from carereview.escalation.models import (
    Escalation,
    EscalationStep,
    InformalResolution,
    ManagementAlert,
)
from carereview.notifications.deadlines import Deadline, source
from carereview.staff.models import Allocation

#: How many working days ahead each kind of reminder goes out.
REMIND = {"escalation-stage": 2, "escalation": 5, "management-alert": 2, "informal": 2}


@source
def dispute_resolution(today: date) -> Iterator[Deadline]:
    yield from stage_responses()
    yield from overall_deadlines()
    yield from management_alerts()
    yield from informal_attempts()


def _with_child(found: QuerySet, child: str = "child") -> QuerySet:
    """Each child with their IRO today and the staff named on a restricted record."""
    return found.prefetch_related(
        Prefetch(
            f"{child}__allocations",
            queryset=Allocation.objects.filter(ended_on__isnull=True).select_related("iro"),
            to_attr="current_allocations",
        ),
        f"{child}__restricted_to",
    )


def _open_escalations():
    return _with_child(
        Escalation.objects.filter(closed_on__isnull=True)
        .select_related("child__social_worker__team__manager", "iro")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=EscalationStep.objects.select_related("stage__holder", "sent_to"),
            )
        )
        .order_by("pk")
    )


def stage_responses() -> Iterator[Deadline]:
    for escalation in _open_escalations():
        step = escalation.current_step()
        if step is None or step.responded_on is not None:
            continue
        child = escalation.child
        iro = iro_to_tell(child, escalation.iro)
        people = [p for p in responders(step) if iro is None or p.pk != iro.pk]
        if people:
            for person in people:
                yield Deadline(
                    key=f"escalation-stage:{step.pk}:{person.pk}",
                    recipient_id=person.pk,
                    due=step.respond_by,
                    what=f"Respond to the IRO's escalation for {child} ({step.stage})",
                    email_what=f"Respond to the IRO's escalation at stage {step.stage.number}",
                    link=escalation_link(escalation, f"step-{step.pk}"),
                    child_id=child.pk,
                    remind_days=REMIND["escalation-stage"],
                )
        elif iro is not None:
            yield Deadline(
                key=f"escalation-stage:{step.pk}:{iro.pk}",
                recipient_id=iro.pk,
                due=step.respond_by,
                what=f"Chase the response from {step.sent_to_name} to the escalation for {child}",
                email_what=f"Chase the response to the escalation at stage {step.stage.number}",
                link=escalation_link(escalation, f"step-{step.pk}"),
                child_id=child.pk,
                remind_days=REMIND["escalation-stage"],
            )


def overall_deadlines() -> Iterator[Deadline]:
    found = Escalation.objects.filter(closed_on__isnull=True).select_related("child", "iro")
    for escalation in _with_child(found):
        iro = iro_to_tell(escalation.child, escalation.iro)
        if iro is None:
            continue
        yield Deadline(
            key=f"escalation:{escalation.pk}:{iro.pk}",  # a new IRO is reminded afresh
            recipient_id=iro.pk,
            due=escalation.deadline,
            what=(
                f"Bring the escalation for {escalation.child} to a close: the formal process "
                "takes no more than 20 working days (IRO Handbook 6.2)"
            ),
            email_what="Bring an escalation to a close within 20 working days",
            link=escalation_link(escalation),
            child_id=escalation.child_id,
            remind_days=REMIND["escalation"],
        )


def management_alerts() -> Iterator[Deadline]:
    found = ManagementAlert.objects.filter(completed_on__isnull=True)
    for item in _with_child(found.select_related("child", "manager")):
        if not may_be_told(item.manager, item.child):
            continue
        yield Deadline(
            key=f"management-alert:{item.pk}:{item.manager_id}",
            recipient_id=item.manager_id,
            due=item.complete_by,
            what=f"Complete the IRO management alert for {item.child}: {item.issue[:100]}",
            email_what="Complete an IRO management alert",
            link=child_link(item.child_id, f"alert-{item.pk}"),
            child_id=item.child_id,
            remind_days=REMIND["management-alert"],
        )


def informal_attempts() -> Iterator[Deadline]:
    # Not once resolved, or taken on into the formal process.
    waiting = InformalResolution.objects.filter(
        resolved__isnull=True, resolve_by__isnull=False, escalations__isnull=True
    ).select_related("child", "iro")
    for informal in _with_child(waiting):
        assert informal.resolve_by is not None
        iro = iro_to_tell(informal.child, informal.iro)
        if iro is None:
            continue
        yield Deadline(
            key=f"informal:{informal.pk}:{iro.pk}",
            recipient_id=iro.pk,
            due=informal.resolve_by,
            what=(
                f"Check whether the issue raised with {informal.raised_with} for "
                f"{informal.child} is resolved, or escalate it"
            ),
            email_what="Check whether an informal attempt resolved the issue, or escalate it",
            link=child_link(informal.child_id, f"informal-{informal.pk}"),
            child_id=informal.child_id,
            remind_days=REMIND["informal"],
        )
