"""Use cases of the dispute resolution process (IRO Handbook chapter 6, 3.79, 8.9-8.16; seeds
000 and 001 section 15): each in one transaction, audited, the people concerned alerted."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carereview.audit.models import Action
from carereview.authority.services import working_calendar
from carereview.domain import escalation as rules
from carereview.escalation import permissions
from carereview.escalation.common import (
    audit,
    child_link,
    escalation_link,
    not_future,
    require,
    required,
)
from carereview.escalation.models import (
    Category,
    DisputeLadder,
    Escalation,
    EscalationStep,
    InformalResolution,
    LadderStage,
    Outcome,
)
from carereview.notifications.services import alert, resolve
from carereview.records.models import Child
from carereview.staff.models import User


def active_ladder() -> DisputeLadder:
    ladder = DisputeLadder.objects.filter(active=True).first()
    if ladder is None:
        raise ValidationError(
            "No dispute resolution ladder is in force: an administrator chooses one in the "
            "admin site (Dispute ladders)"
        )
    return ladder


def ladder_stages() -> list[LadderStage]:
    """The stages of the ladder in force (none if no ladder is in force)."""
    return list(LadderStage.objects.filter(ladder__active=True).order_by("number"))


def domain_ladder(ladder: DisputeLadder) -> rules.Ladder:
    stages = tuple(
        rules.Stage(s.number, s.title, s.escalate_to, s.response_working_days, s.also_alert)
        for s in ladder.stages.all()
    )
    return rules.Ladder(ladder.key, ladder.name, stages, ladder.total_working_days)


def status_of(escalation: Escalation, today: date, cal: Any) -> rules.ClockStatus:
    """The escalation's clock (uses `escalation.steps.all()`, so prefetch it for lists)."""
    steps = tuple(
        rules.StepRecord(s.stage.number, s.entered_on, s.respond_by, s.responded_on)
        for s in escalation.steps.all()
    )
    record_ = rules.EscalationRecord(
        escalation.opened_on, escalation.deadline, steps, escalation.closed_on
    )
    return rules.clock_status(record_, today, cal)


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
    informal = InformalResolution.objects.create(
        child=child,
        iro=by,
        raised_with=required(raised_with, "raised_with", "Say who the issue was raised with"),
        discussed_on=discussed_on,
        issue=required(issue, "issue", "Describe the issue"),
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


# -- the formal process (H 6.2) -----------------------------------------------------------------


def _stage(ladder: DisputeLadder, number: int) -> LadderStage:
    stage = ladder.stages.filter(number=number).select_related("holder").first()
    if stage is None:
        raise ValidationError({"stage": f"The ladder has no stage {number}"})
    return stage


def _addressee(stage: LadderStage, child: Child) -> User | None:
    if stage.holder is not None and stage.holder.is_active:
        return stage.holder
    return permissions.team_manager(child) if stage.number == 1 else None


def _enter_stage(
    escalation: Escalation, stage: LadderStage, entered_on: date, sent_to_name: str, by: User
) -> EscalationStep:
    cal = working_calendar()
    child = escalation.child
    sent_to = _addressee(stage, child)
    name = sent_to_name.strip() or (f"{sent_to}" if sent_to else stage.escalate_to)
    step = EscalationStep.objects.create(
        escalation=escalation,
        stage=stage,
        entered_on=entered_on,
        sent_to_name=name,
        sent_to=sent_to,
        respond_by=rules.respond_by(
            entered_on, stage.response_working_days, escalation.deadline, cal
        ),
        recorded_by=by,
    )
    link = escalation_link(escalation, f"step-{step.pk}")
    if sent_to is not None:
        alert(
            [sent_to],
            f"{child}: the IRO has escalated an issue to you ({stage}) - please respond",
            link=link,
            respond_by=step.respond_by,
            child_id=child.pk,
        )
    told = [stage.also_alert_holder] if stage.also_alert_holder else []
    if stage.number == 1 and child.social_worker is not None:
        told.append(child.social_worker)
    told = [p for p in told if p.is_active and p.pk not in {by.pk, getattr(sent_to, "pk", None)}]
    if told:
        alert(
            told,
            f"{child}: for your information, the IRO has escalated an issue ({stage})",
            link=escalation_link(escalation),
            child_id=child.pk,
        )
    return step


@transaction.atomic
def open_escalation(
    child: Child,
    *,
    category: str,
    issue: str,
    expected_outcome: str,
    stage_number: int,
    opened_on: date,
    by: User,
    sent_to_name: str = "",
    informal: InformalResolution | None = None,
    request: Any = None,
) -> Escalation:
    require(permissions.can_run(by, child), "Only the child's IRO or an IRO manager")
    not_future(opened_on, "opened_on")
    attempts = InformalResolution.objects.filter(child=child, discussed_on__lte=opened_on)
    if informal is None:
        informal = attempts.order_by("-discussed_on", "-pk").first()
    elif informal.child_id != child.pk:
        raise ValidationError({"informal": "Choose an informal attempt for this child"})
    if informal is None:
        raise ValidationError(
            "Record the informal attempt to resolve the issue first: the IRO tries to resolve "
            "it with the social worker or their managers, and records that on the child's file, "
            "before the formal process (IRO Handbook 6.1)"
        )
    if informal.discussed_on > opened_on:
        raise ValidationError(
            {"opened_on": "The formal process cannot open before the informal attempt"}
        )
    if category not in Category.values:
        raise ValidationError({"category": "Choose the kind of issue"})
    ladder = active_ladder()
    try:
        rules.check_move(domain_ladder(ladder), None, stage_number)
    except rules.LadderError as error:
        raise ValidationError({"stage": str(error)}) from None
    escalation = Escalation.objects.create(
        child=child,
        iro=by,
        informal=informal,
        category=category,
        issue=required(issue, "issue", "Describe the issue"),
        expected_outcome=required(
            expected_outcome, "expected_outcome", "Say what outcome you expect"
        ),
        ladder=ladder,
        opened_on=opened_on,
        deadline=rules.overall_deadline(opened_on, working_calendar(), ladder.total_working_days),
    )
    step = _enter_stage(escalation, _stage(ladder, stage_number), opened_on, sent_to_name, by)
    audit(
        Action.CREATE,
        f"{escalation} for {child}, at {step.stage}",
        by,
        escalation,
        child.pk,
        request,
    )
    return escalation


def _open_step(escalation: Escalation) -> EscalationStep:
    if not escalation.is_open:
        raise ValidationError("The escalation is closed")
    step = escalation.current_step()
    if step is None:  # pragma: no cover - every escalation opens at a stage
        raise ValidationError("The escalation has no stage")
    return step


@transaction.atomic
def record_response(
    step: EscalationStep, *, response: str, responded_on: date, by: User, request: Any = None
) -> None:
    escalation = step.escalation
    require(permissions.can_respond(by, step), "Only the manager it is addressed to, or the IRO")
    current = _open_step(escalation)
    if current.pk != step.pk:
        raise ValidationError("The escalation has moved on to a later stage")
    if step.responded_on is not None:
        raise ValidationError("The response at this stage is already recorded")
    not_future(responded_on, "responded_on")
    if responded_on < step.entered_on:
        raise ValidationError({"responded_on": "The response cannot be before the escalation"})
    step.response = required(response, "response", "Write the response")
    step.responded_on = responded_on
    step.responded_by = by
    step.save(update_fields=["response", "responded_on", "responded_by"])
    resolve(escalation_link(escalation, f"step-{step.pk}"))
    if escalation.iro_id != by.pk:
        alert(
            [escalation.iro],
            f"{escalation.child}: {by} responded at {step.stage} - close the escalation or "
            "take it further",
            link=escalation_link(escalation, f"response-{step.pk}"),
            respond_by=escalation.deadline,
            child_id=escalation.child_id,
        )
    audit(
        Action.CHANGE,
        f"Response at {step.stage} recorded",
        by,
        step,
        escalation.child_id,
        request,
    )


@transaction.atomic
def escalate(
    escalation: Escalation,
    *,
    stage_number: int,
    entered_on: date,
    by: User,
    sent_to_name: str = "",
    request: Any = None,
) -> EscalationStep:
    require(permissions.can_run(by, escalation.child), "Only the child's IRO or an IRO manager")
    current = _open_step(escalation)
    try:
        rules.check_move(domain_ladder(escalation.ladder), current.stage.number, stage_number)
    except rules.LadderError as error:
        raise ValidationError({"stage": str(error)}) from None
    not_future(entered_on, "entered_on")
    if entered_on < current.entered_on:
        raise ValidationError(
            {"entered_on": f"The date must be on or after {current.entered_on:%-d %B %Y}"}
        )
    _resolve_step_alerts(escalation)
    step = _enter_stage(
        escalation, _stage(escalation.ladder, stage_number), entered_on, sent_to_name, by
    )
    skipped = stage_number - current.stage.number - 1
    audit(
        Action.CHANGE,
        f"{escalation} escalated to {step.stage}"
        + (f" (skipping {skipped} stage{'s' if skipped > 1 else ''})" if skipped else ""),
        by,
        step,
        escalation.child_id,
        request,
    )
    return step


def _resolve_step_alerts(escalation: Escalation) -> None:
    for step in escalation.steps.all():
        resolve(escalation_link(escalation, f"step-{step.pk}"))
        resolve(escalation_link(escalation, f"response-{step.pk}"))


@transaction.atomic
def close_escalation(
    escalation: Escalation,
    *,
    outcome: str,
    details: str,
    closed_on: date,
    by: User,
    request: Any = None,
) -> None:
    require(permissions.can_run(by, escalation.child), "Only the child's IRO or an IRO manager")
    _open_step(escalation)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome"})
    not_future(closed_on, "closed_on")
    if closed_on < escalation.opened_on:
        raise ValidationError({"closed_on": "The escalation cannot close before it opened"})
    details = required(details, "outcome_details", "Say how it ended")
    escalation.outcome, escalation.outcome_details = outcome, details
    escalation.closed_on = closed_on
    escalation.save(update_fields=["outcome", "outcome_details", "closed_on"])
    _resolve_step_alerts(escalation)
    told = {s.sent_to for s in escalation.steps.all() if s.sent_to and s.sent_to.pk != by.pk}
    if told:
        alert(
            told,
            f"{escalation.child}: the escalation is closed - {escalation.get_outcome_display()}",
            link=escalation_link(escalation),
            child_id=escalation.child_id,
        )
    audit(
        Action.CHANGE,
        f"{escalation} closed: {escalation.get_outcome_display()}",
        by,
        escalation,
        escalation.child_id,
        request,
    )


# The IRO's other routes live in their own module; every use case is reachable from here.
from carereview.escalation.routes import (  # noqa: E402
    answer_freeze,
    complete_management_alert,
    consider_cafcass,
    freeze_in_force,
    lift_freeze,
    nominated_senior_officer,
    prepare_referral,
    raise_management_alert,
    record_referral_made,
    request_freeze,
)

__all__ = [
    "active_ladder",
    "answer_freeze",
    "close_escalation",
    "complete_management_alert",
    "consider_cafcass",
    "escalate",
    "freeze_in_force",
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
