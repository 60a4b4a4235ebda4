"""Open deadlines of the dispute resolution process, for reminders ahead of time and alerts when
missed: the response at each stage (to the manager it is addressed to, or, with nobody on the
system to send it to, to the IRO to chase it), the whole process's 20 working days (IRO Handbook
6.2) for the IRO, an IRO Management Alert for its manager (seed 000 section 15) and the date an
informal attempt should have resolved the issue by (H 6.1) for the IRO.  A fixed number of
queries, however many are open."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Prefetch

from carereview.escalation import permissions
from carereview.escalation.common import child_link, escalation_link
from carereview.escalation.models import (
    Escalation,
    EscalationStep,
    InformalResolution,
    ManagementAlert,
)
from carereview.notifications.deadlines import Deadline, source

#: How many working days ahead each kind of reminder goes out.
REMIND = {"escalation-stage": 2, "escalation": 5, "management-alert": 2, "informal": 2}


@source
def dispute_resolution(today: date) -> Iterator[Deadline]:
    yield from stage_responses()
    yield from overall_deadlines()
    yield from management_alerts()
    yield from informal_attempts()


def _open_escalations():
    return (
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
        people = [p for p in permissions.responders(step) if p.pk != escalation.iro_id]
        if people:
            for person in people:
                yield Deadline(
                    key=f"escalation-stage:{step.pk}:{person.pk}",
                    recipient_id=person.pk,
                    due=step.respond_by,
                    what=f"Respond to the IRO's escalation for {child} ({step.stage})",
                    link=escalation_link(escalation, f"step-{step.pk}"),
                    child_id=child.pk,
                    remind_days=REMIND["escalation-stage"],
                )
        else:
            yield Deadline(
                key=f"escalation-stage:{step.pk}:{escalation.iro_id}",
                recipient_id=escalation.iro_id,
                due=step.respond_by,
                what=f"Chase the response from {step.sent_to_name} to the escalation for {child}",
                link=escalation_link(escalation, f"step-{step.pk}"),
                child_id=child.pk,
                remind_days=REMIND["escalation-stage"],
            )


def overall_deadlines() -> Iterator[Deadline]:
    for escalation in Escalation.objects.filter(closed_on__isnull=True).select_related("child"):
        yield Deadline(
            key=f"escalation:{escalation.pk}",
            recipient_id=escalation.iro_id,
            due=escalation.deadline,
            what=(
                f"Bring the escalation for {escalation.child} to a close: the formal process "
                "takes no more than 20 working days (IRO Handbook 6.2)"
            ),
            link=escalation_link(escalation),
            child_id=escalation.child_id,
            remind_days=REMIND["escalation"],
        )


def management_alerts() -> Iterator[Deadline]:
    for item in ManagementAlert.objects.filter(completed_on__isnull=True).select_related("child"):
        yield Deadline(
            key=f"management-alert:{item.pk}:{item.manager_id}",
            recipient_id=item.manager_id,
            due=item.complete_by,
            what=f"Complete the IRO management alert for {item.child}: {item.issue[:100]}",
            link=child_link(item.child_id, f"alert-{item.pk}"),
            child_id=item.child_id,
            remind_days=REMIND["management-alert"],
        )


def informal_attempts() -> Iterator[Deadline]:
    # Not once resolved, or taken on into the formal process.
    waiting = InformalResolution.objects.filter(
        resolved__isnull=True, resolve_by__isnull=False, escalations__isnull=True
    ).select_related("child")
    for informal in waiting:
        assert informal.resolve_by is not None
        yield Deadline(
            key=f"informal:{informal.pk}",
            recipient_id=informal.iro_id,
            due=informal.resolve_by,
            what=(
                f"Check whether the issue raised with {informal.raised_with} for "
                f"{informal.child} is resolved, or escalate it"
            ),
            link=child_link(informal.child_id, f"informal-{informal.pk}"),
            child_id=informal.child_id,
            remind_days=REMIND["informal"],
        )
