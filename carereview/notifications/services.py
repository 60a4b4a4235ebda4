"""Telling people: alerts on their own pages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from carereview.core import clock
from carereview.notifications.models import Alert


def alert(
    recipients: Iterable[Any],
    text: str,
    link: str = "",
    respond_by: date | None = None,
    child_id: int | None = None,
) -> list[Alert]:
    return Alert.objects.bulk_create(
        [
            Alert(
                recipient=user, text=text[:300], link=link, respond_by=respond_by, child_id=child_id
            )
            for user in recipients
        ]
    )


def unread(user: Any) -> list[Alert]:
    return list(Alert.objects.filter(recipient=user, read_at__isnull=True)[:20])


def mark_read(user: Any, alert_id: int) -> bool:
    return bool(
        Alert.objects.filter(recipient=user, pk=alert_id, read_at__isnull=True).update(
            read_at=clock.now()
        )
    )


def resolve(link: str) -> int:
    """Alerts about something now dealt with (whoever dealt with it) are marked done."""
    return Alert.objects.filter(link=link, read_at__isnull=True).update(read_at=clock.now())
