"""A request to freeze a placement move (IRO Handbook 3.79): "If the IRO concludes that the plan
is not likely to safeguard and promote the child's welfare, the IRO should request that the
local authority freeze the placement move.  At the same time the IRO should initiate the local
dispute resolution procedures ... The child should be advised about his/her entitlement to
advocacy and representation and be informed about the right to complain".

While a request stands (agreed, or not yet answered) no move dated on or after it is recorded
(records.changes).  The authority answers it; an agreed freeze is lifted by a manager or the
IRO; a request not yet answered only the IRO may withdraw.  The IRO who asked and the child's
IRO today are told of each answer and each lifting."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carereview.audit.models import Action
from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.escalation import permissions
from carereview.escalation.addressed import iro_to_tell, responders, team_manager
from carereview.escalation.common import (
    audit,
    child_link,
    lock_child,
    not_future,
    refuse_duplicate,
    require,
    required,
    tell,
)
from carereview.escalation.formal import open_escalation
from carereview.escalation.models import (
    Category,
    Escalation,
    FreezeResponse,
    PlacementFreezeRequest,
)
from carereview.monitoring.models import ProposedChange
from carereview.notifications.services import resolve
from carereview.records.models import Child
from carereview.staff.models import User

RUNNERS_ONLY = "Only the child's IRO or an IRO manager"
EXPECTED = "The move is reconsidered and alternative arrangements are made (IRO Handbook 3.79)"


def freeze_in_force(child: Child, on: date | None = None) -> PlacementFreezeRequest | None:
    """A request to freeze a placement move that has been agreed, or not yet answered, and not
    lifted - and, given a date, asked for on or before it: no move on that date is recorded."""
    found = PlacementFreezeRequest.objects.filter(child=child, lifted_on__isnull=True)
    if on is not None:
        found = found.filter(requested_on__lte=on)
    for freeze in found.select_related("requested_by").order_by("requested_on", "pk"):
        if freeze.in_force:
            return freeze
    return None


def _check_child_told(told_on: date | None, not_told_because: str) -> None:
    if told_on is None and not not_told_because.strip():
        raise ValidationError(
            {
                "child_told_on": "Enter the date the child was told about their entitlement to "
                "advocacy and their right to complain, or say why they were not (IRO Handbook "
                "3.79)"
            }
        )
    if told_on is not None:
        not_future(told_on, "child_told_on")


@transaction.atomic
def request_freeze(
    child: Child,
    *,
    move_details: str,
    reasons: str,
    by: User,
    proposed_change: ProposedChange | None = None,
    escalation: Escalation | None = None,
    new_escalation_stage: int | None = None,
    child_told_on: date | None = None,
    child_not_told_because: str = "",
    request: Any = None,
) -> PlacementFreezeRequest:
    """Ask for the move to be frozen, with the dispute resolution process begun at the same
    time: an open escalation for the child, or one opened now at `new_escalation_stage`."""
    require(permissions.can_run(by, child), RUNNERS_ONLY)
    lock_child(child)
    if proposed_change is not None and proposed_change.child_id != child.pk:
        raise ValidationError({"proposed_change": "Choose a change proposed for this child"})
    if escalation is not None and (escalation.child_id != child.pk or not escalation.is_open):
        raise ValidationError({"escalation": "Choose an open escalation for this child"})
    if escalation is None and new_escalation_stage is None:
        raise ValidationError(
            {
                "escalation": "Choose the open escalation about this move, or open one now: the "
                "IRO begins the dispute resolution process at the same time as asking for the "
                "freeze (IRO Handbook 3.79)"
            }
        )
    move_details = required(move_details, "move_details", "Describe the move")
    reasons = required(reasons, "reasons", "Give the reasons for the request")
    _check_child_told(child_told_on, child_not_told_because)
    today = clock.today()
    refuse_duplicate(
        PlacementFreezeRequest.objects.filter(
            child=child, move_details=move_details, requested_on=today, lifted_on__isnull=True
        ),
        "This request to freeze the move",
    )
    if escalation is None:
        assert new_escalation_stage is not None
        escalation = open_escalation(
            child,
            category=Category.JUDGEMENT,
            issue=f"The proposed placement move: {move_details}\n\nWhy the plan is not likely "
            f"to safeguard and promote the child's welfare: {reasons}",
            expected_outcome=EXPECTED,
            stage_number=new_escalation_stage,
            opened_on=today,
            by=by,
            request=request,
        )
    freeze = PlacementFreezeRequest.objects.create(
        child=child,
        requested_by=by,
        proposed_change=proposed_change,
        move_details=move_details,
        reasons=reasons,
        requested_on=today,
        escalation=escalation,
        child_told_on=child_told_on,
        child_not_told_because=child_not_told_because.strip(),
    )
    step = escalation.current_step()
    tell(
        [team_manager(child), child.social_worker, *(responders(step) if step else [])],
        f"{child}: the IRO asks for the placement move to be frozen - please answer",
        link=child_link(child.pk, f"freeze-{freeze.pk}"),
        child=child,
        by=by,
        respond_by=working_calendar().add(today, 1),
    )
    audit(Action.CREATE, f"{freeze} for {child}", by, freeze, child.pk, request)
    return freeze


def _locked(freeze: PlacementFreezeRequest) -> PlacementFreezeRequest:
    return (
        PlacementFreezeRequest.objects.select_for_update(of=("self",))
        .select_related("child__social_worker__team__manager", "escalation", "requested_by")
        .get(pk=freeze.pk)
    )


def _tell_iros(freeze: PlacementFreezeRequest, text: str, by: User) -> None:
    """The IRO who asked, and the child's IRO today."""
    child = freeze.child
    tell(
        [freeze.requested_by, iro_to_tell(child, freeze.requested_by)],
        text,
        link=child_link(child.pk, f"freeze-{freeze.pk}"),
        child=child,
        by=by,
    )


@transaction.atomic
def answer_freeze(
    freeze: PlacementFreezeRequest,
    *,
    response: str,
    by: User,
    answered_for: str = "",
    request: Any = None,
) -> None:
    """The authority's answer.  The IRO may record an answer given by telephone or email, with
    the name of the officer who gave it."""
    freeze = _locked(freeze)
    require(permissions.can_answer_freeze(by, freeze), "Only a manager, or the IRO")
    if freeze.lifted_on is not None:
        raise ValidationError("The request was withdrawn or lifted: there is nothing to answer")
    if freeze.response:
        raise ValidationError(
            f"The request is already answered ({freeze.get_response_display().lower()}), by "
            f"{freeze.answered_for or freeze.responded_by} on {freeze.responded_on:%-d %B %Y}"
        )
    if response not in FreezeResponse.values:
        raise ValidationError({"response": "Say whether the move is frozen"})
    answered_for = answered_for.strip()
    if by.role in permissions.RUNNERS and not answered_for:
        raise ValidationError(
            {"answered_for": "Say who in the local authority gave the answer you are recording"}
        )
    freeze.response = response
    freeze.responded_on = clock.today()
    freeze.responded_by = by
    freeze.answered_for = answered_for
    freeze.save(update_fields=["response", "responded_on", "responded_by", "answered_for"])
    resolve(child_link(freeze.child_id, f"freeze-{freeze.pk}"))
    who = f"{answered_for} (recorded by {by})" if answered_for else f"{by}"
    answer = freeze.get_response_display()
    _tell_iros(freeze, f"{freeze.child}: {who} answered the freeze request - {answer}", by)
    audit(
        Action.CHANGE,
        f"{freeze}: {freeze.get_response_display()}"
        + (f", the answer of {answered_for}" if answered_for else ""),
        by,
        freeze,
        freeze.child_id,
        request,
    )


@transaction.atomic
def lift_freeze(freeze: PlacementFreezeRequest, *, by: User, request: Any = None) -> None:
    """Lift an agreed freeze (a manager, or the IRO), or withdraw a request not yet answered
    (the IRO only: the authority answers it first)."""
    freeze = _locked(freeze)
    if not permissions.can_lift_freeze(by, freeze):
        if not freeze.response and permissions.can_answer_freeze(by, freeze):
            raise ValidationError(
                "Answer the request first: a freeze not yet answered is lifted only by the IRO "
                "withdrawing it"
            )
        require(False, "Only a manager, or the IRO")
    if not freeze.in_force:
        raise ValidationError("The freeze is not in force")
    withdrawn = not freeze.response
    freeze.lifted_on, freeze.lifted_by = clock.today(), by
    freeze.save(update_fields=["lifted_on", "lifted_by"])
    resolve(child_link(freeze.child_id, f"freeze-{freeze.pk}"))
    what = "withdrew the request to freeze the move" if withdrawn else "lifted the freeze"
    _tell_iros(freeze, f"{freeze.child}: {by} {what} - the move may now be recorded", by)
    audit(
        Action.CHANGE,
        f"{freeze} {'withdrawn' if withdrawn else 'lifted'}",
        by,
        freeze,
        freeze.child_id,
        request,
    )
