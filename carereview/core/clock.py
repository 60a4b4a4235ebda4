"""The service's clock.

Everything in the service that asks "what day is it?" asks here rather than calling
`timezone.now()`, so that tests move time forward without sleeping (a reminder due in five
working days is tested by setting the clock five working days on), and a training copy of the
service can be run on a fixed date. A live service never sets it.

A process started by a test, or a training copy, takes the time from `CAREREVIEW_CLOCK` (an ISO
date-time) - only when DEBUG or CAREREVIEW_TRAINING is on: on a live service a stray
CAREREVIEW_CLOCK would put every deadline on the wrong day, so it is ignored there, with a
warning in the log.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

_fixed: datetime | None = None
_warned: set[str] = set()


def _warn_once(text: str) -> None:
    if text not in _warned:
        _warned.add(text)
        logger.warning(text)


def _from_environment() -> datetime | None:
    value = os.environ.get("CAREREVIEW_CLOCK", "").strip()
    if not value:
        return None
    if not (settings.DEBUG or getattr(settings, "CAREREVIEW_TRAINING", False)):
        _warn_once(
            "CAREREVIEW_CLOCK is set but ignored: it only works with DJANGO_DEBUG or "
            "CAREREVIEW_TRAINING on. The service runs on the real time."
        )
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"CAREREVIEW_CLOCK is {value!r}: give an ISO date-time, e.g. 2024-03-04T09:00"
        ) from None
    _warn_once(f"CAREREVIEW_CLOCK is set: the service's clock stands at {value}")
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
