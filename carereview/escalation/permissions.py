"""Who may do what in the dispute resolution process.

- The child's IRO and the IRO managers raise and run escalations, management alerts, freeze
  requests and Cafcass referrals (IRO Handbook 6.4: the IRO is personally responsible for
  activating the process).
- The manager a stage is addressed to responds (carereview.escalation.addressed); the IRO may
  record a response given by email or telephone on their behalf.
- A request to freeze a placement move is answered by the child's team manager or the manager
  the escalation begun with it is addressed to (or by the IRO, recording the authority's answer
  and who gave it); an agreed freeze is lifted by them or the IRO; before it is answered only
  the IRO may withdraw it.
- Social workers and their team managers see their children's escalations; a manager who does
  not otherwise see the child sees only what is addressed to them (`child_for_dispute`);
  business support never see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.escalation.addressed import (
    AddressedItems,
    addressed_items,
    is_addressed,
    responders,
    team_manager,
)
from carereview.records.access import child_for
from carereview.records.models import Child
from carereview.staff.access import can_view_child, has_role, visible_children
from carereview.staff.models import Role

RUNNERS = (Role.IRO, Role.IRO_MANAGER)
VIEWERS = (*RUNNERS, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SENIOR_MANAGER)
MANAGERS = (Role.TEAM_MANAGER, Role.SENIOR_MANAGER)

__all__ = [
    "DisputeAccess",
    "can_answer_freeze",
    "can_complete_alert",
    "can_lift_freeze",
    "can_respond",
    "can_run",
    "can_see_escalations",
    "child_for_dispute",
    "refuse",
    "responders",
    "team_manager",
]


def can_see_escalations(user: Any) -> bool:
    return has_role(user, *VIEWERS)


def can_run(user: Any, child: Child) -> bool:
    """The child's IRO (a current allocation: IROs see only those children) or an IRO manager."""
    return has_role(user, *RUNNERS) and can_view_child(user, child)


def can_respond(user: Any, step: Any) -> bool:
    if not has_role(user, *VIEWERS):
        return False
    return is_addressed(step, user) or can_run(user, step.escalation.child)


def _manager_for(user: Any, freeze: Any) -> bool:
    """The child's team manager, or the manager the escalation begun with it is addressed to."""
    if not has_role(user, *MANAGERS):
        return False
    if can_view_child(user, freeze.child):
        return True
    escalation = freeze.escalation
    step = escalation.current_step() if escalation is not None and escalation.is_open else None
    return step is not None and is_addressed(step, user)


def can_answer_freeze(user: Any, freeze: Any) -> bool:
    return _manager_for(user, freeze) or can_run(user, freeze.child)


def can_lift_freeze(user: Any, freeze: Any) -> bool:
    """An agreed freeze is lifted by a manager who may answer it or by the IRO; a request not yet
    answered only the IRO may withdraw (the authority answers it first)."""
    if can_run(user, freeze.child):
        return True
    return bool(freeze.response) and _manager_for(user, freeze)


def can_complete_alert(user: Any, management_alert: Any) -> bool:
    if has_role(user, *VIEWERS) and management_alert.manager_id == user.pk:
        return True
    return can_run(user, management_alert.child)


def refuse(request: HttpRequest, what: str, child_id: int | None = None) -> PermissionDenied:
    """A refusal for the role, in the audit log; raise what it returns."""
    record(Action.REFUSED, f"Refused: {what}", request=request, child_id=child_id)
    return PermissionDenied(what)


@dataclass
class DisputeAccess:
    """A child opened on the escalation pages: the whole of it (the child's record is open to
    this person) or only what is addressed to them."""

    child: Child
    full: bool
    user: Any

    @cached_property
    def items(self) -> AddressedItems:
        return addressed_items(self.user, self.child.pk)


def child_for_dispute(request: HttpRequest, pk: int, what: str) -> DisputeAccess:
    """Like records.access.child_for, for the escalation pages: a manager who does not see the
    child's record gets the child when something about them is addressed to them and open
    (viewing audited), and a 404 with the refusal audited otherwise."""
    user = request.user
    if visible_children(user).filter(pk=pk).exists():
        return DisputeAccess(child_for(request, pk, what), True, user)
    if addressed_items(user, pk):
        child = Child.objects.filter(pk=pk).select_related("social_worker").first()
        if child is not None:
            record(
                Action.VIEW,
                f"Viewed {child} ({what}: what is addressed to them)",
                request=request,
                obj=child,
            )
            return DisputeAccess(child, False, user)
    record(Action.REFUSED, f"Refused: child {pk} {what}", request=request, child_id=pk)
    raise Http404("No such child, or no access")
