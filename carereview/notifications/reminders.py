"""The daily reminder run (`carereview reminders`): every open deadline becomes, for the person
responsible, one reminder ahead of time and one alert when missed, in the app and by email.

- Reminder: on a working day from `remind_days` working days before the due date up to the
  due date itself. Missed: on a working day after the due date.
- Each is made once: its key is "remind:<deadline key>:<due>" or "missed:<deadline key>:<due>",
  unique in the database, so a second run (or a second server) tells nobody twice, while a
  deadline whose date moves is reminded of afresh.
- In the app always (an Alert on their pages); by email as the person prefers: each at once,
  the day's together in one digest (the default; key "digest:<user>:<date>"), or none
  (`reminder_email`).
- A deadline no longer open (done, moved, someone else's now) has its reminder and missed alerts
  marked done, and is not emailed if it has not been yet. That is judged only against the
  sources that answered today: a source that failed says nothing about its deadlines.
- Nothing is made on a non-working day: what falls due over a weekend is told on the Monday.
- Last, the outbox's safety net queues again anything due that lost its queue entry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.domain.calendar import WorkingDayCalendar
from carereview.notifications import deadlines as registry
from carereview.notifications.deadlines import Deadline
from carereview.notifications.models import Alert, EmailChoice, Notice, NoticeKind
from carereview.notifications.outbox import resend_pending
from carereview.notifications.reminder_email import Judge, preferences, send_pending

logger = logging.getLogger(__name__)

#: Rows per query when looking up many keys at once.
CHUNK = 500


@dataclass
class RunSummary:
    day: date
    working_day: bool = True
    reminders: int = 0
    missed: int = 0
    emails: int = 0
    digests: int = 0
    requeued: int = 0
    closed: int = 0
    problems: list[str] = field(default_factory=list)
    failed_sources: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        when = f"{self.day:%-d %B %Y}"
        if not self.working_day:
            told = "not a working day: no reminders"
        else:
            told = (
                f"{self.reminders} reminder{'s' * (self.reminders != 1)}, "
                f"{self.missed} missed, {self.emails} email{'s' * (self.emails != 1)} queued, "
                f"{self.digests} daily digest{'s' * (self.digests != 1)}"
            )
        return f"{when}: {told}; {self.requeued} unsent email(s) queued again"


def kind_of(deadline: Deadline, today: date, calendar: WorkingDayCalendar) -> str | None:
    """Whether today is for reminding of this deadline, or for saying it was missed."""
    if today > deadline.due:
        return NoticeKind.MISSED
    if calendar.add(deadline.due, -max(deadline.remind_days, 0)) <= today:
        return NoticeKind.REMINDER
    return None


def run(today: date | None = None) -> RunSummary:
    today = today or clock.today()
    summary = RunSummary(day=today)
    calendar = working_calendar()
    if calendar.is_working_day(today):
        found = _collect(today, summary)
        still_open = {(d.key[:200], d.due) for _, d in found}
        judge = Judge(frozenset(summary.failed_sources))
        _make_notices(found, today, calendar, summary)
        summary.closed = _close_alerts(still_open, judge)
        send_pending(still_open, judge, today, summary)
    else:
        summary.working_day = False
    counts = resend_pending()
    summary.requeued = counts["requeued"] + counts["stale"]
    return summary


def _collect(today: date, summary: RunSummary) -> list[tuple[str, Deadline]]:
    """Every source's open deadlines, each with its source's name; a source that fails is
    reported, not fatal to the rest."""
    found: list[tuple[str, Deadline]] = []
    with registry.one_run():
        for source in list(registry.SOURCES):
            name = registry.source_name(source)
            try:
                found.extend((name, deadline) for deadline in source(today))
            except Exception as error:
                logger.exception("Deadline source %s failed", name)
                summary.failed_sources.add(name)
                summary.problems.append(f"{name} failed: {type(error).__name__}: {error}")
    return found


def notice_key(kind: str, deadline: Deadline) -> str:
    return f"{kind}:{deadline.key}:{deadline.due.isoformat()}"[:255]


def _existing(keys: Iterable[str]) -> set[str]:
    keys = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        found.update(
            Notice.objects.filter(key__in=keys[start : start + CHUNK]).values_list("key", flat=True)
        )
    return found


def _make_notices(
    found: list[tuple[str, Deadline]],
    today: date,
    calendar: WorkingDayCalendar,
    summary: RunSummary,
) -> None:
    """Today's new reminders and missed alerts: what exists already is looked up at once, and
    only the new ones are written."""
    due_today = []
    for source, deadline in found:
        kind = kind_of(deadline, today, calendar)
        if kind is not None:
            due_today.append((notice_key(kind, deadline), kind, source, deadline))
    made = _existing(key for key, *_ in due_today)
    new = [item for item in due_today if item[0] not in made]
    users = get_user_model().objects.in_bulk({d.recipient_id for *_, d in new})
    choices = preferences(users)
    for key, kind, source, deadline in new:
        if key in made:  # the same deadline twice in today's list
            continue
        made.add(key)
        user = users.get(deadline.recipient_id)
        if user is None or not user.is_active:
            summary.problems.append(
                f"{deadline.key}: the person responsible ({deadline.recipient_id}) is not "
                "an active user"
            )
            continue
        choice = choices.get(user.pk, EmailChoice.DIGEST) if user.email else EmailChoice.NONE
        if _make_notice(key, kind, source, deadline, user, choice) is not None:
            summary.reminders += kind == NoticeKind.REMINDER
            summary.missed += kind == NoticeKind.MISSED


def _text(kind: str, deadline: Deadline) -> str:
    if kind == NoticeKind.MISSED:
        return f"Missed: {deadline.what} (was due {deadline.due:%-d %B %Y})"
    return f"Reminder: {deadline.what} (due {deadline.due:%-d %B %Y})"


def _make_notice(
    key: str, kind: str, source: str, deadline: Deadline, user: Any, choice: str
) -> Notice | None:
    """The notice and its in-app alert, together and once; None if another run made it."""
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key,
                kind=kind,
                recipient=user,
                deadline_key=deadline.key[:200],
                due=deadline.due,
                what=deadline.what[:300],
                email_what=" ".join(deadline.email_what.split())[:200],
                link=deadline.link[:200],
                child_id=deadline.child_id,
                source=source[:200],
                email=choice,
            )
            notice.alert = Alert.objects.create(
                recipient=user,
                text=_text(kind, deadline)[:300],
                link=deadline.link[:200],
                respond_by=deadline.due,
                child_id=deadline.child_id,
            )
            notice.save(update_fields=["alert"])
            if kind == NoticeKind.MISSED:
                # The reminder gives way to the alert that it was missed: on the person's
                # pages, and in the digest if it is still waiting for one (it would be listed
                # twice, as missed and as coming up).
                reminder = Notice.objects.filter(
                    kind=NoticeKind.REMINDER,
                    recipient=user,
                    deadline_key=notice.deadline_key,
                    due=deadline.due,
                )
                Alert.objects.filter(
                    pk__in=reminder.values("alert_id"), read_at__isnull=True
                ).update(read_at=clock.now())
                reminder.filter(message__isnull=True).update(email=EmailChoice.NONE)
    except IntegrityError:  # made at this moment by another run
        return None
    return notice


def _close_alerts(still_open: set[tuple[str, date]], judge: Judge) -> int:
    """Reminder and missed alerts still showing for a deadline no longer open are marked done
    (only for deadlines whose source answered today)."""
    showing = Notice.objects.filter(alert__isnull=False, alert__read_at__isnull=True).values_list(
        "deadline_key", "due", "source", "alert_id"
    )
    gone = [
        alert_id
        for deadline_key, due, source, alert_id in showing
        if (deadline_key, due) not in still_open and judge.can_judge(source)
    ]
    closed = 0
    now = clock.now()
    for start in range(0, len(gone), CHUNK):
        closed += Alert.objects.filter(
            pk__in=gone[start : start + CHUNK], read_at__isnull=True
        ).update(read_at=now)
    return closed
