"""What the escalation use cases share: the ladder in force and an escalation's clock, the links
their alerts carry (and are resolved by), permission and date checks, the audit line, the locks
against a form sent twice, and the alerts themselves."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from carereview.audit.log import record
from carereview.core import clock
from carereview.domain import escalation as rules
from carereview.escalation.models import DisputeLadder, Escalation, LadderStage


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
    return rules.Ladder(
        ladder.key,
        ladder.name,
        stages,
        ladder.total_working_days,
        informal_stage=ladder.informal_stage_title,
    )


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


def child_link(child_id: int, anchor: str = "") -> str:
    return reverse("child_escalations", args=[child_id]) + (f"#{anchor}" if anchor else "")


def escalation_link(escalation: Any, anchor: str = "") -> str:
    return reverse("escalation_detail", args=[escalation.pk]) + (f"#{anchor}" if anchor else "")


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(what)


def not_future(day: date, field: str) -> None:
    if day > clock.today():
        raise ValidationError({field: "The date must be today or in the past"})


def required(text: str, field: str, message: str) -> str:
    if not (text or "").strip():
        raise ValidationError({field: message})
    return text.strip()


def audit(action: str, summary: str, by: Any, obj: Any, child_id: int, request: Any) -> None:
    record(action, summary, request=request, user=by, obj=obj, child_id=child_id)


def lock_child(child: Any) -> None:
    """Hold the child's row for the rest of the transaction, so that two requests sent at once
    (a double click) for the same child are handled one after the other."""
    from carereview.records.models import Child

    Child.objects.select_for_update().filter(pk=child.pk).first()


def refuse_duplicate(found: Any, what: str) -> None:
    """Refuse the same thing recorded twice (usually a form sent twice)."""
    if found.exists():
        raise ValidationError(
            f"{what} is already recorded, with the same details: it has not been recorded again"
        )


def tell(
    people: Any,
    text: str,
    *,
    link: str,
    child: Any,
    by: Any = None,
    respond_by: date | None = None,
) -> None:
    """An alert to each person named (once each), never to the person who did it, nor to an
    inactive account, nor about a restricted child to anyone not named on the record."""
    from carereview.escalation.addressed import may_be_told
    from carereview.notifications.services import alert

    found: dict[int, Any] = {}
    for person in people:
        if person is None or not person.is_active or (by is not None and person.pk == by.pk):
            continue
        if may_be_told(person, child):
            found.setdefault(person.pk, person)
    if found:
        alert(found.values(), text, link=link, respond_by=respond_by, child_id=child.pk)
