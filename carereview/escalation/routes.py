"""The IRO's other routes: an IRO Management Alert (seed 000 section 15), a request to freeze a
placement move (IRO Handbook 3.79) and a referral to Cafcass (IRO Handbook 6.3, 8.9-8.16)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carereview.audit.models import Action
from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.escalation import permissions
from carereview.escalation.common import audit, child_link, not_future, require, required
from carereview.escalation.models import (
    CafcassReferral,
    DisputeLadder,
    Escalation,
    FreezeResponse,
    ManagementAlert,
    PlacementFreezeRequest,
)
from carereview.monitoring.models import ProposedChange
from carereview.notifications.services import alert, resolve
from carereview.records.models import Child
from carereview.staff.models import User

RUNNERS_ONLY = "Only the child's IRO or an IRO manager"

# -- IRO Management Alert -----------------------------------------------------------------------


@transaction.atomic
def raise_management_alert(
    child: Child,
    *,
    issue: str,
    complete_by: date,
    by: User,
    manager: User | None = None,
    request: Any = None,
) -> ManagementAlert:
    require(permissions.can_run(by, child), RUNNERS_ONLY)
    today = clock.today()
    if complete_by < today:
        raise ValidationError({"complete_by": "The date must be today or in the future"})
    manager = manager or permissions.team_manager(child)
    if manager is None:
        raise ValidationError(
            {
                "manager": "The child's social worker has no team manager on the system: "
                "choose the manager to alert"
            }
        )
    item = ManagementAlert.objects.create(
        child=child,
        raised_by=by,
        manager=manager,
        issue=required(issue, "issue", "Describe the compliance issue"),
        complete_by=complete_by,
        raised_on=today,
    )
    alert(
        [manager],
        f"{child}: IRO management alert - {item.issue[:150]}",
        link=child_link(child.pk, f"alert-{item.pk}"),
        respond_by=complete_by,
        child_id=child.pk,
    )
    audit(Action.CREATE, f"{item} for {child}", by, item, child.pk, request)
    return item


@transaction.atomic
def complete_management_alert(
    item: ManagementAlert, *, note: str, by: User, request: Any = None
) -> None:
    require(permissions.can_complete_alert(by, item), "Only the manager alerted, or the IRO")
    if item.completed_on is not None:
        raise ValidationError("The alert is already completed")
    item.completed_note = required(note, "completed_note", "Say what was done")
    item.completed_on = clock.today()
    item.save(update_fields=["completed_on", "completed_note"])
    resolve(child_link(item.child_id, f"alert-{item.pk}"))
    if item.raised_by_id != by.pk:
        alert(
            [item.raised_by],
            f"{item.child}: {by} completed the management alert",
            link=child_link(item.child_id, f"alert-{item.pk}"),
            child_id=item.child_id,
        )
    audit(Action.CHANGE, f"{item} completed", by, item, item.child_id, request)


# -- freezing a placement move (H 3.79) ---------------------------------------------------------


def freeze_in_force(child: Child) -> PlacementFreezeRequest | None:
    """A request to freeze a placement move that has been agreed, or not yet answered, and not
    lifted: while it stands, no move is recorded for the child."""
    for freeze in PlacementFreezeRequest.objects.filter(
        child=child, lifted_on__isnull=True
    ).select_related("requested_by"):
        if freeze.in_force:
            return freeze
    return None


@transaction.atomic
def request_freeze(
    child: Child,
    *,
    move_details: str,
    reasons: str,
    by: User,
    proposed_change: ProposedChange | None = None,
    escalation: Escalation | None = None,
    request: Any = None,
) -> PlacementFreezeRequest:
    require(permissions.can_run(by, child), RUNNERS_ONLY)
    if proposed_change is not None and proposed_change.child_id != child.pk:
        raise ValidationError({"proposed_change": "Choose a change proposed for this child"})
    if escalation is not None and (escalation.child_id != child.pk or not escalation.is_open):
        raise ValidationError({"escalation": "Choose an open escalation for this child"})
    freeze = PlacementFreezeRequest.objects.create(
        child=child,
        requested_by=by,
        proposed_change=proposed_change,
        move_details=required(move_details, "move_details", "Describe the move"),
        reasons=required(reasons, "reasons", "Give the reasons for the request"),
        requested_on=clock.today(),
        escalation=escalation,
    )
    told = [permissions.team_manager(child), child.social_worker]
    if escalation is not None and escalation.current_step() is not None:
        told.append(escalation.current_step().sent_to)
    people = {p.pk: p for p in told if p is not None and p.is_active and p.pk != by.pk}
    if people:
        alert(
            people.values(),
            f"{child}: the IRO asks for the placement move to be frozen - please answer",
            link=child_link(child.pk, f"freeze-{freeze.pk}"),
            respond_by=working_calendar().add(clock.today(), 1),
            child_id=child.pk,
        )
    audit(Action.CREATE, f"{freeze} for {child}", by, freeze, child.pk, request)
    return freeze


@transaction.atomic
def answer_freeze(
    freeze: PlacementFreezeRequest, *, response: str, by: User, request: Any = None
) -> None:
    require(permissions.can_answer_freeze(by, freeze.child), "Only a manager, or the IRO")
    if freeze.response or freeze.lifted_on:
        raise ValidationError("The request is already answered")
    if response not in FreezeResponse.values:
        raise ValidationError({"response": "Say whether the move is frozen"})
    freeze.response = response
    freeze.responded_on = clock.today()
    freeze.responded_by = by
    freeze.save(update_fields=["response", "responded_on", "responded_by"])
    resolve(child_link(freeze.child_id, f"freeze-{freeze.pk}"))
    if freeze.requested_by_id != by.pk:
        alert(
            [freeze.requested_by],
            f"{freeze.child}: {by} answered the freeze request - {freeze.get_response_display()}",
            link=child_link(freeze.child_id, f"freeze-{freeze.pk}"),
            child_id=freeze.child_id,
        )
    audit(
        Action.CHANGE,
        f"{freeze}: {freeze.get_response_display()}",
        by,
        freeze,
        freeze.child_id,
        request,
    )


@transaction.atomic
def lift_freeze(freeze: PlacementFreezeRequest, *, by: User, request: Any = None) -> None:
    require(permissions.can_answer_freeze(by, freeze.child), "Only a manager, or the IRO")
    if not freeze.in_force:
        raise ValidationError("The freeze is not in force")
    freeze.lifted_on = clock.today()
    freeze.save(update_fields=["lifted_on"])
    resolve(child_link(freeze.child_id, f"freeze-{freeze.pk}"))
    audit(Action.CHANGE, f"{freeze} lifted", by, freeze, freeze.child_id, request)


# -- Cafcass (H 6.3, 8.9-8.16) ------------------------------------------------------------------


def nominated_senior_officer() -> User | None:
    """The senior officer named in the dispute resolution protocol (H 8.12): set on the ladder
    in force, in the admin site."""
    ladder = DisputeLadder.objects.filter(active=True).select_related("senior_officer").first()
    officer = ladder.senior_officer if ladder else None
    return officer if officer is not None and officer.is_active else None


@transaction.atomic
def consider_cafcass(
    child: Child,
    *,
    reasons: str,
    by: User,
    escalation: Escalation | None = None,
    senior_officer: User | None = None,
    curtailed_because: str = "",
    request: Any = None,
) -> CafcassReferral:
    require(permissions.can_run(by, child), RUNNERS_ONLY)
    if escalation is not None and escalation.child_id != child.pk:
        raise ValidationError({"escalation": "Choose an escalation for this child"})
    officer = senior_officer or nominated_senior_officer()
    if officer is None:
        raise ValidationError(
            {
                "senior_officer": "No senior officer is nominated in the dispute resolution "
                "protocol: choose who to tell (IRO Handbook 8.12)"
            }
        )
    referral = CafcassReferral.objects.create(
        child=child,
        iro=by,
        escalation=escalation,
        considered_on=clock.today(),
        senior_officer=officer,
        reasons=required(reasons, "reasons", "Say why a referral is being considered"),
        curtailed_because=curtailed_because.strip(),
    )
    text = f"{child}: {by} is considering a referral to Cafcass (IRO Handbook 8.12)"
    if referral.curtailed_because:
        text += " and is cutting the dispute resolution process short"
    alert(
        [officer],
        text,
        link=child_link(child.pk, f"cafcass-{referral.pk}"),
        child_id=child.pk,
    )
    audit(Action.CREATE, f"{referral} for {child}", by, referral, child.pk, request)
    return referral


@transaction.atomic
def record_referral_made(
    referral: CafcassReferral,
    *,
    referred_on: date,
    iro_report: str,
    wishes_and_feelings: str,
    cafcass_reference: str,
    by: User,
    request: Any = None,
) -> None:
    require(permissions.can_run(by, referral.child), RUNNERS_ONLY)
    if referral.referred_on is not None:
        raise ValidationError("The referral is already recorded as made")
    not_future(referred_on, "referred_on")
    if referred_on < referral.considered_on:
        raise ValidationError(
            {"referred_on": "The referral cannot be made before it was considered"}
        )
    report = required(
        iro_report,
        "iro_report",
        "Write the IRO's report: why the referral is made now and the steps taken to resolve "
        "it with the local authority (IRO Handbook 8.15)",
    )
    referral.referred_on, referral.iro_report = referred_on, report
    referral.wishes_and_feelings = wishes_and_feelings.strip()
    referral.cafcass_reference = cafcass_reference.strip()
    referral.save(
        update_fields=["referred_on", "iro_report", "wishes_and_feelings", "cafcass_reference"]
    )
    resolve(child_link(referral.child_id, f"cafcass-{referral.pk}"))
    alert(
        [referral.senior_officer],
        f"{referral.child}: the IRO has referred the case to Cafcass",
        link=child_link(referral.child_id, f"cafcass-{referral.pk}"),
        child_id=referral.child_id,
    )
    audit(Action.CHANGE, f"{referral}: made", by, referral, referral.child_id, request)


@transaction.atomic
def prepare_referral(
    referral: CafcassReferral,
    *,
    iro_report: str,
    wishes_and_feelings: str,
    by: User,
    request: Any = None,
) -> None:
    """The IRO writes (and rewrites) the reports that go in the bundle before it is sent
    (IRO Handbook 8.15); once the referral is made they are part of the record and stay."""
    require(permissions.can_run(by, referral.child), RUNNERS_ONLY)
    if referral.referred_on is not None:
        raise ValidationError("The referral is already made: its reports are part of the record")
    referral.iro_report = iro_report.strip()
    referral.wishes_and_feelings = wishes_and_feelings.strip()
    referral.save(update_fields=["iro_report", "wishes_and_feelings"])
    audit(Action.CHANGE, f"{referral}: reports written", by, referral, referral.child_id, request)
