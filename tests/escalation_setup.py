"""What the dispute resolution tests share: the five-stage ladder in force with a deputy director
holding stage 3 and named as the senior officer, a child of the north team allocated to iro.one,
and helpers for the informal attempt, an escalation and a person's unread alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from carereview.authority.services import working_calendar
from carereview.escalation import services
from carereview.escalation.ladders import ensure_shipped_ladders
from carereview.escalation.models import DisputeLadder, Escalation, InformalResolution, LadderStage
from carereview.notifications.models import Alert
from carereview.staff.models import Role

MONDAY = date(2025, 4, 7)  # Good Friday 18 April, Easter Monday 21 April, 5 May a bank holiday


def make_setting(staff: dict, make_child: Any, make_user: Any, clock: Any) -> dict[str, Any]:
    ensure_shipped_ladders()  # a flushed test database loses the migration's rows
    clock.set_to(MONDAY)
    ladder = DisputeLadder.objects.get(active=True)
    senior = make_user("dd.one", Role.SENIOR_MANAGER, job_title="Deputy director")
    LadderStage.objects.filter(ladder=ladder, number=3).update(holder=senior)
    ladder.senior_officer = senior
    ladder.save()
    child = make_child(staff["sw"], iro=staff["iro"], start=date(2024, 6, 3))
    return {**staff, "senior": senior, "child": child, "ladder": ladder}


def informal(s: dict, on: date = MONDAY, child: Any = None, **extra: Any) -> InformalResolution:
    return services.record_informal(
        child or s["child"],
        raised_with=extra.pop("raised_with", "Sam North, social worker"),
        discussed_on=on,
        issue=extra.pop("issue", "The care plan has not been updated since the move"),
        agreed_actions="Updated care plan to the IRO within 5 working days",
        resolve_by=working_calendar().add(on, 5),
        by=extra.pop("by", s["iro"]),
    )


def open_at(s: dict, stage: int = 1, **extra: Any) -> Escalation:
    return services.open_escalation(
        extra.pop("child", s["child"]),
        category="practice",
        issue=extra.pop("issue", "The care plan is still out of date"),
        expected_outcome="An updated care plan",
        stage_number=stage,
        opened_on=extra.pop("opened_on", MONDAY),
        by=extra.pop("by", s["iro"]),
        **extra,
    )


def alerts(user: Any) -> list[str]:
    return list(
        Alert.objects.filter(recipient=user, read_at__isnull=True).values_list("text", flat=True)
    )


def dated(prefix: str, name: str, day: date) -> dict[str, str]:
    """A GOV.UK date input's three boxes, as a form sends them."""
    parts = {"day": day.day, "month": day.month, "year": day.year}
    return {f"{prefix}-{name}-{k}": str(v) for k, v in parts.items()}
