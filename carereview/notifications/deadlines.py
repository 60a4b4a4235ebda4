"""Deadlines that people must be reminded of, gathered from every area of the service.

Each area registers a *source*: a function that, given today's date, yields the open deadlines
it knows of, each with the one person responsible. The reminder run (`carereview reminders`)
asks every source, and turns each deadline into at most one reminder ahead of time and at most
one alert when missed: the deadline's `key` makes a message unique, so running it twice, or on
two servers at once, sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Deadline:
    #: Stable identity of the deadline, e.g. "escalation-stage:41". When the date moves (a
    #: review brought forward, a meeting rearranged), include what changed in the key only if
    #: people should be reminded afresh.
    key: str
    recipient_id: int
    due: date
    #: What the person must do, in plain words: "Send the review invitations for Robin Example".
    what: str
    link: str = ""
    child_id: int | None = None
    #: How many working days ahead the reminder goes out.
    remind_days: int = 3


Source = Callable[[date], Iterable[Deadline]]
SOURCES: list[Source] = []


def source(function: Source) -> Source:
    """Register a function that yields open deadlines (use in an app's `deadlines` module,
    imported from its AppConfig.ready)."""
    if function not in SOURCES:
        SOURCES.append(function)
    return function


def open_deadlines(today: date) -> list[Deadline]:
    found: list[Deadline] = []
    for function in SOURCES:
        found.extend(function(today))
    return found
