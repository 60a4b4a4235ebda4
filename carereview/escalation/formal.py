"""The formal process (IRO Handbook 6.2): opening an escalation from an informal attempt that did
not resolve the issue (H 6.1), the manager's response at each stage, moving up the ladder
(stages may be skipped), closing with the outcome.  Each use case in one transaction, holding
the escalation's row so that two people acting at once are handled one after the other."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from carereview.audit.models import Action
from carereview.authority.services import working_calendar
from carereview.domain import escalation as rules
from carereview.escalation import permissions
from carereview.escalation.addressed import iro_to_tell, may_be_told, team_manager
from carereview.escalation.common import (
    active_ladder,
    audit,
    domain_ladder,
    escalation_link,
    lock_child,
    not_future,
    refuse_duplicate,
    require,
    required,
    tell,
)
from carereview.escalation.models import (
    CafcassReferral,
    Category,
    DisputeLadder,
    Escalation,
    EscalationStep,
    InformalResolution,
    LadderStage,
    Outcome,
)
from carereview.notifications.services import resolve
from carereview.records.models import Child
from carereview.staff.models import User

RUNNERS_ONLY = "Only the child's IRO or an IRO manager"
NO_INFORMAL = (
    "Record the informal attempt to resolve the issue first: the IRO tries to resolve it with "
    "the social worker or their managers, and records that on the child's file, before the "
    "formal process (IRO Handbook 6.1)"
)


def informal_attempts_to_follow(child: Child, on: date) -> QuerySet[InformalResolution]:
    """The informal attempts a formal escalation opened on `on` may follow: not resolved, and
    recent (domain.escalation.informal_attempt_problem); the latest first."""
    oldest = on - timedelta(days=rules.INFORMAL_ATTEMPT_VALID_DAYS)
    return (
        InformalResolution.objects.filter(child=child, discussed_on__range=(oldest, on))
        .exclude(resolved=True)
        .order_by("-discussed_on", "-pk")
    )


def _informal_for(
    child: Child, informal: InformalResolution | None, opened_on: date
) -> InformalResolution:
    if informal is None:
        informal = informal_attempts_to_follow(child, opened_on).first()
        if informal is None:
            raise ValidationError({"informal": NO_INFORMAL})
    if informal.child_id != child.pk:
        raise ValidationError({"informal": "Choose an informal attempt for this child"})
    problem = rules.informal_attempt_problem(informal.discussed_on, informal.resolved, opened_on)
    if problem:
        raise ValidationError({"informal": problem})
    return informal


def _stage(ladder: DisputeLadder, number: int) -> LadderStage:
    stage = ladder.stages.filter(number=number).select_related("holder").first()
    if stage is None:
        raise ValidationError({"stage": f"The ladder has no stage {number}"})
    return stage


def _addressee(stage: LadderStage, child: Child) -> User | None:
    if stage.holder is not None and stage.holder.is_active:
        return stage.holder
    return team_manager(child) if stage.to_team_manager else None


def _enter_stage(
    escalation: Escalation, stage: LadderStage, entered_on: date, sent_to_name: str, by: User
) -> EscalationStep:
    cal = working_calendar()
    child = escalation.child
    sent_to = _addressee(stage, child)
    if sent_to is not None and not may_be_told(sent_to, child):
        raise ValidationError(
            {
                "stage": f"This child's record is restricted and {sent_to}, to whom {stage} "
                "goes, is not named on it: ask an IRO manager to name them on the record "
                "(Legal and access) first, or choose another stage"
            }
        )
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
    tell(
        [sent_to],
        f"{child}: the IRO has escalated an issue to you ({stage}) - please respond",
        link=escalation_link(escalation, f"step-{step.pk}"),
        child=child,
        respond_by=step.respond_by,
    )
    told = [stage.also_alert_holder]
    if stage.to_team_manager:
        told.append(child.social_worker)
    tell(
        [p for p in told if p is None or p.pk != getattr(sent_to, "pk", None)],
        f"{child}: for your information, the IRO has escalated an issue ({stage})",
        link=escalation_link(escalation),
        child=child,
        by=by,
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
    require(permissions.can_run(by, child), RUNNERS_ONLY)
    not_future(opened_on, "opened_on")
    lock_child(child)
    informal = _informal_for(child, informal, opened_on)
    if category not in Category.values:
        raise ValidationError({"category": "Choose the kind of issue"})
    ladder = active_ladder()
    try:
        rules.check_move(domain_ladder(ladder), None, stage_number)
    except rules.LadderError as error:
        raise ValidationError({"stage": str(error)}) from None
    issue = required(issue, "issue", "Describe the issue")
    refuse_duplicate(
        Escalation.objects.filter(
            child=child, closed_on__isnull=True, category=category, issue=issue, opened_on=opened_on
        ),
        "This escalation",
    )
    escalation = Escalation.objects.create(
        child=child,
        iro=by,
        informal=informal,
        category=category,
        issue=issue,
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


def _locked(escalation: Escalation) -> Escalation:
    """The escalation as it stands now, its row held until the end of the transaction."""
    return (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("child__social_worker__team__manager", "ladder", "iro")
        .get(pk=escalation.pk)
    )


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
    escalation = _locked(step.escalation)
    step = EscalationStep.objects.select_related("stage__holder", "sent_to", "responded_by").get(
        pk=step.pk
    )
    step.escalation = escalation
    require(permissions.can_respond(by, step), "Only the manager it is addressed to, or the IRO")
    current = _open_step(escalation)
    if current.pk != step.pk:
        raise ValidationError("The escalation has moved on to a later stage")
    if step.responded_on is not None:
        raise ValidationError(
            f"The response at this stage is already recorded, by {step.responded_by} on "
            f"{step.responded_on:%-d %B %Y}: it has not been changed"
        )
    not_future(responded_on, "responded_on")
    if responded_on < step.entered_on:
        raise ValidationError({"responded_on": "The response cannot be before the escalation"})
    step.response = required(response, "response", "Write the response")
    step.responded_on = responded_on
    step.responded_by = by
    step.save(update_fields=["response", "responded_on", "responded_by"])
    resolve(escalation_link(escalation, f"step-{step.pk}"))
    tell(
        [iro_to_tell(escalation.child, escalation.iro)],
        f"{escalation.child}: {by} responded at {step.stage} - close the escalation or "
        "take it further",
        link=escalation_link(escalation, f"response-{step.pk}"),
        child=escalation.child,
        by=by,
        respond_by=escalation.deadline,
    )
    audit(
        Action.CHANGE, f"Response at {step.stage} recorded", by, step, escalation.child_id, request
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
    escalation = _locked(escalation)
    require(permissions.can_run(by, escalation.child), RUNNERS_ONLY)
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


def _check_closing_date(escalation: Escalation, closed_on: date) -> None:
    not_future(closed_on, "closed_on")
    if closed_on < escalation.opened_on:
        raise ValidationError({"closed_on": "The escalation cannot close before it opened"})
    steps = list(escalation.steps.all())
    latest = max([s.entered_on for s in steps] + [s.responded_on for s in steps if s.responded_on])
    if closed_on < latest:
        raise ValidationError(
            {
                "closed_on": f"The date must be on or after {latest:%-d %B %Y}, the last stage "
                "or response recorded"
            }
        )


def _check_referred(escalation: Escalation, closed_on: date) -> None:
    referral = CafcassReferral.objects.filter(
        Q(escalation=escalation) | Q(considered_on__gte=escalation.opened_on),
        child_id=escalation.child_id,
        considered_on__lte=closed_on,
    )
    if not referral.exists():
        raise ValidationError(
            {
                "outcome": "No referral to Cafcass is recorded for this child: record it first "
                "(Consider a referral to Cafcass, on the child's Escalations page), then close "
                "the escalation as referred"
            }
        )


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
    escalation = _locked(escalation)
    require(permissions.can_run(by, escalation.child), RUNNERS_ONLY)
    _open_step(escalation)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome"})
    _check_closing_date(escalation, closed_on)
    if outcome == Outcome.CAFCASS:
        _check_referred(escalation, closed_on)
    details = required(details, "outcome_details", "Say how it ended")
    escalation.outcome, escalation.outcome_details = outcome, details
    escalation.closed_on = closed_on
    escalation.save(update_fields=["outcome", "outcome_details", "closed_on"])
    _resolve_step_alerts(escalation)
    tell(
        [s.sent_to for s in escalation.steps.all()],
        f"{escalation.child}: the escalation is closed - {escalation.get_outcome_display()}",
        link=escalation_link(escalation),
        child=escalation.child,
        by=by,
    )
    audit(
        Action.CHANGE,
        f"{escalation} closed: {escalation.get_outcome_display()}",
        by,
        escalation,
        escalation.child_id,
        request,
    )
