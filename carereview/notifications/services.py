"""Telling people: alerts on their own pages, and how each person wants their email."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from carereview.audit.log import diff, record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.notifications.models import Alert, EmailChoice, NotificationPreference


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


#: How many alerts the "For your attention" banner shows; the rest are on "All your alerts".
BANNER_LIMIT = 20


class Unread(list[Alert]):
    """The newest unread alerts, knowing how many there are in all."""

    total: int = 0

    @property
    def more(self) -> int:
        """How many are not shown."""
        return max(self.total - len(self), 0)


def unread(user: Any, limit: int = BANNER_LIMIT) -> Unread:
    found = Unread(Alert.objects.filter(recipient=user, read_at__isnull=True)[:limit])
    found.total = (
        len(found)
        if len(found) < limit
        else Alert.objects.filter(recipient=user, read_at__isnull=True).count()
    )
    return found


def mark_read(user: Any, alert_id: int) -> bool:
    return bool(
        Alert.objects.filter(recipient=user, pk=alert_id, read_at__isnull=True).update(
            read_at=clock.now()
        )
    )


def resolve(link: str) -> int:
    """Alerts about something now dealt with (whoever dealt with it) are marked done."""
    return Alert.objects.filter(link=link, read_at__isnull=True).update(read_at=clock.now())


def email_preference(user: Any) -> str:
    """How this person wants their email (the daily digest unless they have chosen)."""
    choice = (
        NotificationPreference.objects.filter(user=user).values_list("email", flat=True).first()
    )
    return choice or EmailChoice.DIGEST


@transaction.atomic
def set_email_preference(user: Any, choice: str, request: HttpRequest | None = None) -> None:
    if choice not in EmailChoice.values:
        raise ValidationError({"email": "Choose how you want to get email from carereview"})
    before = email_preference(user)
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": choice, "changed": clock.now()}
    )
    record(
        Action.CHANGE,
        f"Changed email preference to: {EmailChoice(choice).label}",
        request=request,
        user=user,
        changes=diff({"email": before}, {"email": choice}),
    )
