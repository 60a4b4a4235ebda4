"""The service's clock.

Everything in the service that asks "what day is it?" asks here rather than calling
`timezone.now()`, so that tests move time forward without sleeping (a reminder due in five
working days is tested by setting the clock five working days on), and a training copy of the
service can be run on a fixed date. A live service never sets it.

A worker process started by a test takes the time from `CAREREVIEW_CLOCK` (an ISO date-time).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

from django.utils import timezone

_fixed: datetime | None = None


def _from_environment() -> datetime | None:
    value = os.environ.get("CAREREVIEW_CLOCK", "").strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def now() -> datetime:
    """The current moment (aware, UTC on the database)."""
    return _fixed or _from_environment() or timezone.now()


def today() -> date:
    """Today's date in the service's time zone (Europe/London)."""
    return timezone.localtime(now()).date()


def set_to(moment: datetime | date) -> None:
    """Stop the clock at `moment` (a date means 9am that day, local time)."""
    global _fixed
    if isinstance(moment, date) and not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 9, 0)
    _fixed = moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def advance(**delta: float) -> datetime:
    """Move a stopped clock on, e.g. `advance(days=3)`."""
    if _fixed is None:
        raise RuntimeError("The clock is running; set it before moving it")
    set_to(_fixed + timedelta(**delta))
    return now()


def reset() -> None:
    global _fixed
    _fixed = None
