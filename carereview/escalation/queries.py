"""What the escalation pages and the work pages show, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from carereview.authority.services import working_calendar
from carereview.domain.escalation import ClockStatus
from carereview.escalation.addressed import (
    AddressedItems,
    current_open,
    is_addressed,
    permitted,
    step_addressed,
)
from carereview.escalation.common import status_of
from carereview.escalation.models import (
    Escalation,
    EscalationStep,
    ManagementAlert,
    PlacementFreezeRequest,
)
from carereview.records.models import Child
from carereview.staff.access import visible_children
from carereview.staff.models import Role, User


@dataclass
class EscalationRow:
    escalation: Escalation
    step: EscalationStep | None  # the current stage
    status: ClockStatus

    @property
    def child(self) -> Child:
        return self.escalation.child


def with_steps(escalations: QuerySet[Escalation]) -> QuerySet[Escalation]:
    return escalations.select_related("child", "iro", "ladder").prefetch_related(
        Prefetch(
            "steps",
            queryset=EscalationStep.objects.select_related(
                "stage__holder", "sent_to", "responded_by", "recorded_by"
            ),
        )
    )


def rows(escalations: QuerySet[Escalation], today: date) -> list[EscalationRow]:
    cal = working_calendar()
    return [
        EscalationRow(e, e.current_step(), status_of(e, today, cal))
        for e in with_steps(escalations)
    ]


def open_escalations(user: User, today: date) -> list[EscalationRow]:
    """Open escalations for the children this person sees (an IRO's own; every child for an
    IRO manager), the most pressing first."""
    found = Escalation.objects.filter(
        closed_on__isnull=True, child__in=visible_children(user)
    ).order_by("deadline", "pk")
    result = rows(found, today)
    result.sort(key=lambda r: (r.status.respond_by or r.status.deadline, r.escalation.pk))
    return result


def steps_waiting_for(user: User, today: date) -> list[EscalationRow]:
    """The current stages of open escalations addressed to this person (addressed.py) and not
    yet answered."""
    candidates = EscalationStep.objects.filter(
        step_addressed(user), current_open(), responded_on__isnull=True
    ).values_list("escalation_id", flat=True)
    result = [
        row
        for row in rows(Escalation.objects.filter(pk__in=list(candidates)), today)
        if row.step is not None and row.step.responded_on is None and is_addressed(row.step, user)
    ]
    result.sort(key=lambda r: r.step.respond_by if r.step else r.status.deadline)
    return result


def alerts_waiting_for(user: User) -> list[ManagementAlert]:
    return list(
        ManagementAlert.objects.filter(permitted(user), manager=user, completed_on__isnull=True)
        .select_related("child", "raised_by")
        .order_by("complete_by", "pk")
    )


def freezes_waiting_for(user: User) -> list[PlacementFreezeRequest]:
    """Requests to freeze a move, not yet answered: for the children of a team manager's team,
    and wherever the escalation begun with the request is addressed to this manager."""
    if user.role not in (Role.TEAM_MANAGER, Role.SENIOR_MANAGER):
        return []
    addressed = EscalationStep.objects.filter(
        step_addressed(user), current_open(), escalation=OuterRef("escalation")
    )
    return list(
        PlacementFreezeRequest.objects.filter(
            Q(child__in=visible_children(user)) | (Q(Exists(addressed)) & permitted(user)),
            response="",
            lifted_on__isnull=True,
        )
        .select_related("child", "requested_by")
        .order_by("requested_on", "pk")
    )


def child_page(child: Child, today: date, only: AddressedItems | None = None) -> dict[str, Any]:
    """Everything on a child's Escalations tab; with `only`, just the items addressed to a
    manager who does not otherwise see the child."""

    def mine(found: QuerySet, ids: str) -> QuerySet:
        return found if only is None else found.filter(pk__in=getattr(only, ids))

    return {
        "informal": list(mine(child.informal_resolutions.select_related("iro"), "informal")),
        "escalation_rows": rows(
            mine(child.escalations.order_by("-opened_on", "-pk"), "escalations"), today
        ),
        "management_alerts": list(
            mine(child.management_alerts.select_related("manager", "raised_by"), "alerts")
        ),
        "freezes": list(
            mine(
                child.freeze_requests.select_related(
                    "requested_by", "responded_by", "proposed_change", "escalation", "lifted_by"
                ),
                "freezes",
            )
        ),
        "referrals": list(
            mine(
                child.cafcass_referrals.select_related("iro", "senior_officer", "escalation"),
                "referrals",
            )
        ),
    }
