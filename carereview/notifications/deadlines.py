"""Deadlines that people must be reminded of, gathered from every area of the service.

Each area registers a *source*: a function that, given today's date, yields the open deadlines
it knows of, each with the one person responsible. The reminder run (`carereview reminders`)
asks every source, and turns each deadline into at most one reminder ahead of time and at most
one alert when missed: the deadline's `key` makes a message unique, so running it twice, or on
two servers at once, sends nothing twice.

Privacy: `what` is shown on the person's own pages, inside the service, and may name the child.
Email leaves the service, so an email never carries `what`: the reminder run writes the email's
line itself from the child's case reference and first initial and `email_what` (the kind of
work, with no name and no free text): "Child T00012 (R.): Hold review 2"
(`reminder_email.email_line`). A source that gives no `email_what` gets "Child T00012 (R.): a
deadline", with the link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class Deadline:
    #: Stable identity of the deadline, e.g. "escalation-stage:41". When the date moves (a
    #: review brought forward, a meeting rearranged), include what changed in the key only if
    #: people should be reminded afresh.
    key: str
    recipient_id: int
    due: date
    #: What the person must do, in plain words: "Send the review invitations for Robin Example".
    #: On their pages only, never in an email.
    what: str
    link: str = ""
    child_id: int | None = None
    #: How many working days ahead the reminder goes out.
    remind_days: int = 3
    #: The kind of work for the email, with NO name and NO free text typed by anyone (no
    #: decision text, no event details, no issue): "Hold review 2", "Decide whether a review
    #: is needed after a significant event". The email puts "Child <reference> (<initial>.): "
    #: before it. Empty: the email says only "a deadline".
    email_what: str = ""


Source = Callable[[date], Iterable[Deadline]]
SOURCES: list[Source] = []


def source(function: Source) -> Source:
    """Register a function that yields open deadlines (use in an app's `deadlines` module,
    imported from its AppConfig.ready)."""
    if function not in SOURCES:
        SOURCES.append(function)
    return function


def source_name(function: Source) -> str:
    return f"{function.__module__}.{function.__qualname__}"[:200]


def open_deadlines(today: date) -> list[Deadline]:
    found: list[Deadline] = []
    with one_run():
        for function in SOURCES:
            found.extend(function(today))
    return found


# -- what sources share within one run ---------------------------------------------------------

_run: ContextVar[dict[Any, Any] | None] = ContextVar("deadline_run", default=None)
T = TypeVar("T")


@contextmanager
def one_run() -> Iterator[None]:
    """While the sources are asked for one day's deadlines, what one source loads (e.g. every
    child with their schedule) can be shared with the next (`shared`); forgotten afterwards."""
    token = _run.set({})
    try:
        yield
    finally:
        _run.reset(token)


def shared(key: Any, make: Callable[[], T]) -> T:
    """`make()`, once per run for this key (every time outside a run)."""
    cache = _run.get()
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]
