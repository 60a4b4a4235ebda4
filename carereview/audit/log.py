"""Writing to the audit log: one call per thing that happened."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from carereview.audit.models import Action, AuditEvent


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: Action | str,
    summary: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    obj: models.Model | None = None,
    child_id: int | None = None,
    changes: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if child_id is None and obj is not None:
        child_id = getattr(obj, "child_id", None)
        if child_id is None and obj._meta.model_name == "child":
            child_id = obj.pk
    return AuditEvent.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=username or (user.get_username() if getattr(user, "pk", None) else ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        child_id=child_id,
        summary=summary[:300],
        changes=changes or {},
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip_address=_ip(request),
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields that changed, as [old, new] (values as text, for the log)."""
    return {
        key: [str(before.get(key, "")), str(value)]
        for key, value in after.items()
        if str(before.get(key, "")) != str(value)
    }
