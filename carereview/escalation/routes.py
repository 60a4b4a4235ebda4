"""The IRO's other routes: an IRO Management Alert (seed 000 section 15) and a referral to
Cafcass (IRO Handbook 6.3, 8.9-8.16); a request to freeze a placement move is in freeze.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carereview.audit.models import Action
from carereview.core import clock
from carereview.escalation import permissions
from carereview.escalation.addressed import iro_to_tell, may_be_told, team_manager
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
from carereview.escalation.models import CafcassReferral, DisputeLadder, Escalation, ManagementAlert
from carereview.notifications.services import resolve
from carereview.records.models import Child
from carereview.staff.models import User

RUNNERS_ONLY = "Only the child's IRO or an IRO manager"


def _named_on_record(person: User, child: Child, field: str, role: str) -> None:
    """A restricted child's record opens only for the staff named on it: nothing about them is
    sent to anyone else."""
    if not may_be_told(person, child):
        raise ValidationError(
            {
                field: f"This child's record is restricted and {person} is not named on it: "
                f"choose a {role} who is, or ask an IRO manager to name them on the record "
                "(Legal and access) first"
            }
        )


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
    lock_child(child)
    today = clock.today()
    if complete_by < today:
        raise ValidationError({"complete_by": "The date must be today or in the future"})
    manager = manager or team_manager(child)
    if manager is None:
        raise ValidationError(
            {
                "manager": "The child's social worker has no team manager on the system: "
                "choose the manager to alert"
            }
        )
    _named_on_record(manager, child, "manager", "manager")
    issue = required(issue, "issue", "Describe the compliance issue")
    refuse_duplicate(
        ManagementAlert.objects.filter(
            child=child, manager=manager, issue=issue, raised_on=today, completed_on__isnull=True
        ),
        "This management alert",
    )
    item = ManagementAlert.objects.create(
        child=child,
        raised_by=by,
        manager=manager,
        issue=issue,
        complete_by=complete_by,
        raised_on=today,
    )
    tell(
        [manager],
        f"{child}: IRO management alert - {item.issue[:150]}",
        link=child_link(child.pk, f"alert-{item.pk}"),
        child=child,
        respond_by=complete_by,
    )
    audit(Action.CREATE, f"{item} for {child}", by, item, child.pk, request)
    return item


@transaction.atomic
def complete_management_alert(
    item: ManagementAlert, *, note: str, by: User, request: Any = None
) -> None:
    require(permissions.can_complete_alert(by, item), "Only the manager alerted, or the IRO")
    item = ManagementAlert.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if item.completed_on is not None:
        raise ValidationError("The alert is already completed")
    item.completed_note = required(note, "completed_note", "Say what was done")
    item.completed_on = clock.today()
    item.save(update_fields=["completed_on", "completed_note"])
    resolve(child_link(item.child_id, f"alert-{item.pk}"))
    child = item.child
    tell(
        [item.raised_by, iro_to_tell(child, item.raised_by)],
        f"{child}: {by} completed the management alert",
        link=child_link(item.child_id, f"alert-{item.pk}"),
        child=child,
        by=by,
    )
    audit(Action.CHANGE, f"{item} completed", by, item, item.child_id, request)


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
    lock_child(child)
    if escalation is not None and escalation.child_id != child.pk:
        raise ValidationError({"escalation": "Choose an escalation for this child"})
    curtailed_because = curtailed_because.strip()
    if escalation is not None and escalation.is_open and not curtailed_because:
        raise ValidationError(
            {
                "curtailed_because": "The escalation is still open: explain why you are cutting "
                "the dispute resolution process short, for the senior officer (IRO Handbook "
                "8.11-8.12)"
            }
        )
    officer = senior_officer or nominated_senior_officer()
    if officer is None:
        raise ValidationError(
            {
                "senior_officer": "No senior officer is nominated in the dispute resolution "
                "protocol: choose who to tell (IRO Handbook 8.12)"
            }
        )
    _named_on_record(officer, child, "senior_officer", "senior officer")
    reasons = required(reasons, "reasons", "Say why a referral is being considered")
    today = clock.today()
    refuse_duplicate(
        CafcassReferral.objects.filter(child=child, reasons=reasons, considered_on=today),
        "This referral to Cafcass being considered",
    )
    referral = CafcassReferral.objects.create(
        child=child,
        iro=by,
        escalation=escalation,
        considered_on=today,
        senior_officer=officer,
        reasons=reasons,
        curtailed_because=curtailed_because,
    )
    text = f"{child}: {by} is considering a referral to Cafcass (IRO Handbook 8.12)"
    if referral.curtailed_because:
        text += " and is cutting the dispute resolution process short"
    tell([officer], text, link=child_link(child.pk, f"cafcass-{referral.pk}"), child=child)
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
    child = referral.child
    referral = CafcassReferral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
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
    tell(
        [referral.senior_officer],
        f"{child}: the IRO has referred the case to Cafcass",
        link=child_link(referral.child_id, f"cafcass-{referral.pk}"),
        child=child,
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
    referral = CafcassReferral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    if referral.referred_on is not None:
        raise ValidationError("The referral is already made: its reports are part of the record")
    referral.iro_report = iro_report.strip()
    referral.wishes_and_feelings = wishes_and_feelings.strip()
    referral.save(update_fields=["iro_report", "wishes_and_feelings"])
    audit(Action.CHANGE, f"{referral}: reports written", by, referral, referral.child_id, request)
