"""What the escalation use cases share: the links their alerts carry (and are resolved by),
permission and date checks, the audit line."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from carereview.audit.log import record
from carereview.core import clock


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
