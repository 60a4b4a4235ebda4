"""Use cases of the dispute resolution process (IRO Handbook chapter 6, 3.79, 8.9-8.16; seeds
000 and 001 section 15): each in one transaction, audited, the people concerned alerted.  The
informal attempt is here; the formal process in formal.py, the IRO's other routes in routes.py
and freeze.py; every use case is reachable from here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carereview.audit.models import Action
from carereview.escalation import permissions
from carereview.escalation.common import (
    active_ladder,
    audit,
    child_link,
    ladder_stages,
    lock_child,
    not_future,
    refuse_duplicate,
    require,
    required,
    status_of,
)
from carereview.escalation.models import InformalResolution
from carereview.notifications.services import resolve
from carereview.records.models import Child
from carereview.staff.models import User

# -- informal resolution (H 6.1) ----------------------------------------------------------------


@transaction.atomic
def record_informal(
    child: Child,
    *,
    raised_with: str,
    discussed_on: date,
    issue: str,
    agreed_actions: str,
    resolve_by: date | None,
    by: User,
    request: Any = None,
) -> InformalResolution:
    require(permissions.can_run(by, child), "Only the child's IRO or an IRO manager")
    not_future(discussed_on, "discussed_on")
    if resolve_by is not None and resolve_by < discussed_on:
        raise ValidationError({"resolve_by": "The date to resolve it by must be after the talk"})
    lock_child(child)
    raised_with = required(raised_with, "raised_with", "Say who the issue was raised with")
    issue = required(issue, "issue", "Describe the issue")
    refuse_duplicate(
        InformalResolution.objects.filter(
            child=child, raised_with=raised_with, discussed_on=discussed_on, issue=issue
        ),
        "This informal attempt",
    )
    informal = InformalResolution.objects.create(
        child=child,
        iro=by,
        raised_with=raised_with,
        discussed_on=discussed_on,
        issue=issue,
        agreed_actions=required(agreed_actions, "agreed_actions", "Say what was agreed"),
        resolve_by=resolve_by,
    )
    audit(Action.CREATE, f"{informal} recorded for {child}", by, informal, child.pk, request)
    return informal


@transaction.atomic
def record_informal_outcome(
    informal: InformalResolution, *, outcome: str, resolved: bool, by: User, request: Any = None
) -> None:
    require(permissions.can_run(by, informal.child), "Only the child's IRO or an IRO manager")
    informal.outcome = required(outcome, "outcome", "Say what happened")
    informal.resolved = resolved
    informal.save(update_fields=["outcome", "resolved"])
    resolve(child_link(informal.child_id, f"informal-{informal.pk}"))
    audit(
        Action.CHANGE,
        f"Outcome of {informal}: {'resolved' if resolved else 'not resolved'}",
        by,
        informal,
        informal.child_id,
        request,
    )


# The formal process and the IRO's other routes live in their own modules.
from carereview.escalation.formal import (  # noqa: E402
    close_escalation,
    escalate,
    informal_attempts_to_follow,
    open_escalation,
    record_response,
)
from carereview.escalation.freeze import (  # noqa: E402
    answer_freeze,
    freeze_in_force,
    lift_freeze,
    request_freeze,
)
from carereview.escalation.routes import (  # noqa: E402
    complete_management_alert,
    consider_cafcass,
    nominated_senior_officer,
    prepare_referral,
    raise_management_alert,
    record_referral_made,
)

__all__ = [
    "active_ladder",
    "answer_freeze",
    "close_escalation",
    "complete_management_alert",
    "consider_cafcass",
    "escalate",
    "freeze_in_force",
    "informal_attempts_to_follow",
    "ladder_stages",
    "lift_freeze",
    "nominated_senior_officer",
    "open_escalation",
    "prepare_referral",
    "raise_management_alert",
    "record_informal",
    "record_informal_outcome",
    "record_referral_made",
    "record_response",
    "request_freeze",
    "status_of",
]
