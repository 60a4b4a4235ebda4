"""The daily reminder run (`carereview reminders`): every open deadline becomes, for the person
responsible, one reminder ahead of time and one alert when missed, in the app and by email.

- Reminder: on a working day from `remind_days` working days before the due date up to the
  due date itself. Missed: on a working day after the due date.
- Each is made once: its key is "remind:<deadline key>:<due>" or "missed:<deadline key>:<due>",
  unique in the database, so a second run (or a second server) tells nobody twice, while a
  deadline whose date moves is reminded of afresh.
- In the app always (an Alert on their pages); by email as the person prefers: each at once,
  the day's together in one digest (the default; key "digest:<user>:<date>"), or none.
- Nothing is made on a non-working day: what falls due over a weekend is told on the Monday.
- Last, the outbox's safety net queues again anything due that lost its queue entry.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from carereview.authority.services import working_calendar
from carereview.core import clock
from carereview.domain.calendar import WorkingDayCalendar
from carereview.notifications import deadlines as registry
from carereview.notifications.deadlines import Deadline
from carereview.notifications.models import Alert, EmailChoice, Notice, NoticeKind
from carereview.notifications.outbox import add_to_outbox, queue_email, resend_pending
from carereview.notifications.services import email_preference

logger = logging.getLogger(__name__)

#: An email lists at most this many of each kind; the rest are on the person's pages.
DIGEST_LIMIT = 25


@dataclass
class RunSummary:
    day: date
    working_day: bool = True
    reminders: int = 0
    missed: int = 0
    emails: int = 0
    digests: int = 0
    requeued: int = 0
    problems: list[str] = field(default_factory=list)

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
        open_now = _collect(today, summary)
        users = get_user_model().objects.in_bulk({d.recipient_id for d in open_now})
        for deadline in open_now:
            kind = kind_of(deadline, today, calendar)
            user = users.get(deadline.recipient_id)
            if kind is None:
                continue
            if user is None or not user.is_active:
                summary.problems.append(
                    f"{deadline.key}: the person responsible ({deadline.recipient_id}) is not "
                    "an active user"
                )
                continue
            if _make_notice(kind, deadline, user) is not None:
                summary.reminders += kind == NoticeKind.REMINDER
                summary.missed += kind == NoticeKind.MISSED
        _send_pending({(d.key, d.due) for d in open_now}, today, summary)
    else:
        summary.working_day = False
    counts = resend_pending()
    summary.requeued = counts["requeued"] + counts["stale"]
    return summary


def _collect(today: date, summary: RunSummary) -> list[Deadline]:
    """Every source's open deadlines; a source that fails is reported, not fatal to the rest."""
    found: list[Deadline] = []
    for source in list(registry.SOURCES):
        name = f"{source.__module__}.{source.__qualname__}"
        try:
            found.extend(source(today))
        except Exception as error:
            logger.exception("Deadline source %s failed", name)
            summary.problems.append(f"{name} failed: {type(error).__name__}: {error}")
    return found


def _text(kind: str, deadline: Deadline) -> str:
    if kind == NoticeKind.MISSED:
        return f"Missed: {deadline.what} (was due {deadline.due:%-d %B %Y})"
    return f"Reminder: {deadline.what} (due {deadline.due:%-d %B %Y})"


def _make_notice(kind: str, deadline: Deadline, user: Any) -> Notice | None:
    """The notice and its in-app alert, together and once; None if it was made before."""
    key = f"{kind}:{deadline.key}:{deadline.due.isoformat()}"[:255]
    if Notice.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key,
                kind=kind,
                recipient=user,
                deadline_key=deadline.key[:200],
                due=deadline.due,
                what=deadline.what[:300],
                link=deadline.link[:200],
                child_id=deadline.child_id,
                email=email_preference(user) if user.email else EmailChoice.NONE,
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
                # The reminder's alert gives way to the alert that it was missed.
                Alert.objects.filter(
                    pk__in=Notice.objects.filter(
                        kind=NoticeKind.REMINDER,
                        recipient=user,
                        deadline_key=notice.deadline_key,
                        due=deadline.due,
                    ).values("alert_id"),
                    read_at__isnull=True,
                ).update(read_at=clock.now())
    except IntegrityError:  # made at this moment by another run
        return None
    return notice


def _send_pending(still_open: set[tuple[str, date]], today: date, summary: RunSummary) -> None:
    """Email what has not been emailed yet, as each person prefers."""
    pending: dict[Any, list[Notice]] = defaultdict(list)
    waiting = (
        Notice.objects.filter(message__isnull=True)
        .exclude(email=EmailChoice.NONE)
        .select_related("recipient")
        .order_by("recipient_id", "kind", "due", "pk")
    )
    for notice in waiting:
        pending[notice.recipient].append(notice)
    for user, notices in pending.items():
        done = [n for n in notices if (n.deadline_key, n.due) not in still_open]
        notices = [n for n in notices if (n.deadline_key, n.due) in still_open]
        choice = email_preference(user) if user.email and user.is_active else EmailChoice.NONE
        if choice == EmailChoice.NONE:
            done += notices
            notices = []
        if done:  # dealt with before it was emailed, or not to be emailed now
            Notice.objects.filter(pk__in=[n.pk for n in done]).update(email=EmailChoice.NONE)
        if not notices:
            continue
        if choice == EmailChoice.IMMEDIATELY:
            for notice in notices:
                with transaction.atomic():
                    message = queue_email(
                        key=notice.key,
                        to=user.email,
                        subject=_subject(notice),
                        body=_body(user, [notice]),
                        recipient=user,
                    )
                    Notice.objects.filter(pk=notice.pk).update(message=message)
                summary.emails += 1
        else:
            summary.digests += _digest(user, notices, today)


def _digest(user: Any, notices: list[Notice], today: date) -> int:
    """One email with the day's reminders and alerts; at most one a day (what comes after it
    goes in tomorrow's)."""
    count = len(notices)
    missed = sum(n.kind == NoticeKind.MISSED for n in notices)
    subject = f"carereview: {count} reminder{'s' * (count != 1)} for {today:%-d %B %Y}"
    if missed:
        subject += f" ({missed} missed)"
    with transaction.atomic():
        message, created = add_to_outbox(
            key=f"digest:{user.pk}:{today.isoformat()}",
            to=user.email,
            subject=subject,
            body=_body(user, notices),
            recipient=user,
        )
        if not created:
            return 0
        Notice.objects.filter(pk__in=[n.pk for n in notices], message__isnull=True).update(
            message=message
        )
    return 1


def _subject(notice: Notice) -> str:
    if notice.kind == NoticeKind.MISSED:
        return f"Missed: {notice.what}"
    return f"Reminder: {notice.what} by {notice.due:%-d %B %Y}"


def _body(user: Any, notices: Iterable[Notice]) -> str:
    site = settings.CAREREVIEW_SITE_URL
    notices = list(notices)
    lines = [f"Dear {user.get_full_name() or user.username},", ""]
    for heading, kind in (
        ("Missed deadlines", NoticeKind.MISSED),
        ("Coming up", NoticeKind.REMINDER),
    ):
        these = [n for n in notices if n.kind == kind]
        if not these:
            continue
        if len(notices) > 1:
            lines += [heading, "-" * len(heading)]
        for notice in these[:DIGEST_LIMIT]:
            verb = "was due" if kind == NoticeKind.MISSED else "due"
            lines.append(f"- {notice.what}: {verb} {notice.due:%A %-d %B %Y}")
            if notice.link:
                lines.append(f"  {site}{notice.link}")
        if len(these) > DIGEST_LIMIT:
            lines.append(f"- and {len(these) - DIGEST_LIMIT} more: see your pages in carereview")
        lines.append("")
    lines += [
        "You can see these on your pages in carereview.",
        f"To change how you get these emails: {site}/notifications/preferences/",
    ]
    return "\n".join(lines)
