"""Who may do what in the dispute resolution process.

- The child's IRO and the IRO managers raise and run escalations, management alerts, freeze
  requests and Cafcass referrals (IRO Handbook 6.4: the IRO is personally responsible for
  activating the process).
- The manager a stage is addressed to responds: the member of staff it was sent to, the stage's
  holder, and at stage 1 the social worker's team manager; the IRO may record a response given
  by email or telephone on their behalf.
- Team managers and senior managers answer a request to freeze a placement move, and lift it
  once agreed (as may the IRO).
- Social workers see their children's escalations; business support never see them.
"""

from __future__ import annotations

from typing import Any

from carereview.records.models import Child
from carereview.staff.access import can_view_child, has_role
from carereview.staff.models import Role, User

RUNNERS = (Role.IRO, Role.IRO_MANAGER)
VIEWERS = (*RUNNERS, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SENIOR_MANAGER)
MANAGERS = (Role.TEAM_MANAGER, Role.SENIOR_MANAGER)


def can_see_escalations(user: Any) -> bool:
    return has_role(user, *VIEWERS)


def can_run(user: Any, child: Child) -> bool:
    """The child's IRO (a current allocation: IROs see only those children) or an IRO manager."""
    return has_role(user, *RUNNERS) and can_view_child(user, child)


def team_manager(child: Child) -> User | None:
    """The child's social worker's team manager."""
    worker = child.social_worker
    return worker.line_manager if worker is not None else None


def responders(step: Any) -> list[User]:
    """The people a stage is addressed to, who may record the response."""
    people = [step.sent_to, step.stage.holder]
    if step.stage.number == 1:
        people.append(team_manager(step.escalation.child))
    found: dict[int, User] = {}
    for person in people:
        if person is not None and person.is_active:
            found.setdefault(person.pk, person)
    return list(found.values())


def can_respond(user: Any, step: Any) -> bool:
    if not has_role(user, *VIEWERS):
        return False
    if any(person.pk == user.pk for person in responders(step)):
        return True
    return can_run(user, step.escalation.child)


def can_answer_freeze(user: Any, child: Child) -> bool:
    if has_role(user, *MANAGERS) and can_view_child(user, child):
        return True
    return can_run(user, child)


def can_complete_alert(user: Any, management_alert: Any) -> bool:
    if has_role(user, *VIEWERS) and management_alert.manager_id == user.pk:
        return True
    return can_run(user, management_alert.child)
