"""Emailing the reminder run's notices, as each person prefers: each at once, or one digest a day.

Privacy (UK GDPR; email leaves the secure service, is forwarded, read on phones): an email names
no child and carries nothing anyone typed. Each line is written here, never by a deadline
source: the child's case reference with their first initial, the kind of work
(`Deadline.email_what`, checked here to hold none of the child's names) and the link:
"Child T00012 (R.): Hold review 2". The person
reads the rest on their pages in carereview, where the in-app alert names the child.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from carereview.notifications.models import EmailChoice, Notice, NoticeKind, NotificationPreference
from carereview.notifications.outbox import add_to_outbox
from carereview.records.models import Child

if TYPE_CHECKING:
    from carereview.notifications.reminders import RunSummary

#: An email lists at most this many of each kind; the rest are on the person's pages.
DIGEST_LIMIT = 25
#: What an email says of a deadline whose source gave no name-free words for it.
DEFAULT_WHAT = "A deadline"
NO_SITE_URL = (
    "CAREREVIEW_SITE_URL is not set, so no reminder was emailed (its links would lead nowhere); "
    "the alerts are on people's pages and the emails go on the first run after it is set"
)


@dataclass(frozen=True)
class Judge:
    """Which deadlines today's list can speak for: a deadline missing from it is no longer open
    only if its source answered today (one from before sources were recorded: only if every
    source answered)."""

    failed: frozenset[str]

    def can_judge(self, source: str) -> bool:
        if source in self.failed:
            return False
        return bool(source) or not self.failed


def preferences(user_ids: Iterable[int]) -> dict[int, str]:
    """How each of these people wants their email (absent: the daily digest)."""
    ids = list(user_ids)
    return dict(
        NotificationPreference.objects.filter(user_id__in=ids).values_list("user_id", "email")
    )


def send_pending(
    still_open: set[tuple[str, date]], judge: Judge, today: date, summary: RunSummary
) -> None:
    """Email what has not been emailed yet, as each person prefers. One person's address that
    the outbox refuses is reported and the others carry on."""
    if not settings.CAREREVIEW_SITE_URL:
        summary.problems.append(NO_SITE_URL)
        return
    pending: dict[Any, list[Notice]] = defaultdict(list)
    waiting = (
        Notice.objects.filter(message__isnull=True)
        .exclude(email=EmailChoice.NONE)
        .select_related("recipient")
        .order_by("recipient_id", "kind", "due", "pk")
    )
    for notice in waiting:
        pending[notice.recipient].append(notice)
    choices = preferences(user.pk for user in pending)
    children = _children({n.child_id for notices in pending.values() for n in notices})
    for user, notices in pending.items():
        gone = [n for n in notices if (n.deadline_key, n.due) not in still_open]
        done = [n for n in gone if judge.can_judge(n.source)]  # dealt with before emailed
        notices = [n for n in notices if (n.deadline_key, n.due) in still_open]
        choice = choices.get(user.pk, EmailChoice.DIGEST)
        if not (user.email and user.is_active) or choice == EmailChoice.NONE:
            done, notices = gone + notices, []  # not to be emailed, whatever becomes of them
        if done:
            Notice.objects.filter(pk__in=[n.pk for n in done]).update(email=EmailChoice.NONE)
        if not notices:
            continue
        try:
            if choice == EmailChoice.IMMEDIATELY:
                for notice in notices:
                    summary.emails += _one(user, notice, children)
            else:
                summary.digests += _digest(user, notices, today, children)
        except ValidationError as error:
            summary.problems.append(
                f"Email to {user.get_username()} could not be queued: "
                f"{'; '.join(error.messages)} (their reminders wait on their pages)"
            )


def _children(ids: set[int | None]) -> dict[int, Child]:
    wanted = [pk for pk in ids if pk is not None]
    return Child.objects.only(
        "pk", "reference", "first_name", "last_name", "preferred_name"
    ).in_bulk(wanted)


def _names(child: Child) -> set[str]:
    words = f"{child.first_name} {child.last_name} {child.preferred_name}"
    return {w.lower() for w in re.split(r"[\s\-']+", words) if len(w) >= 2}


def _name_free(text: str, child: Child | None) -> str:
    """The source's words, unless they name the child: then none (the default is used)."""
    text = " ".join((text or "").split())[:200]
    if text and child is not None:
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
        if words & _names(child):
            return ""
    return text


def email_line(notice: Notice, children: dict[int, Child]) -> str:
    """The deadline as an email gives it: "Child T00012 (R.): Hold review 2", or with no
    name-free words from its source "Child T00012 (R.): a deadline"."""
    child = children.get(notice.child_id) if notice.child_id else None
    what = _name_free(notice.email_what, child)
    if child is None:
        return what or DEFAULT_WHAT
    initial = child.first_name.strip()[:1].upper()
    who = f"Child {child.reference}" + (f" ({initial}.)" if initial else "")
    return f"{who}: {what or DEFAULT_WHAT.lower()}"


def _one(user: Any, notice: Notice, children: dict[int, Child]) -> int:
    line = email_line(notice, children)
    if notice.kind == NoticeKind.MISSED:
        subject = f"Missed: {line}"
    else:
        subject = f"Reminder: {line} by {notice.due:%-d %B %Y}"
    with transaction.atomic():
        message, _ = add_to_outbox(
            key=notice.key,
            to=user.email,
            subject=subject,
            body=_body(user, [notice], children),
            recipient=user,
            child_id=notice.child_id,
        )
        Notice.objects.filter(pk=notice.pk).update(message=message)
    return 1


def _digest(user: Any, notices: list[Notice], today: date, children: dict[int, Child]) -> int:
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
            body=_body(user, notices, children),
            recipient=user,
        )
        if not created:
            return 0
        Notice.objects.filter(pk__in=[n.pk for n in notices], message__isnull=True).update(
            message=message
        )
    return 1


def _body(user: Any, notices: Iterable[Notice], children: dict[int, Child]) -> str:
    site = settings.CAREREVIEW_SITE_URL
    notices = list(notices)
    lines = [f"Dear {user.get_full_name() or user.get_username()},", ""]
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
            lines.append(f"- {email_line(notice, children)}: {verb} {notice.due:%A %-d %B %Y}")
            if notice.link:
                lines.append(f"  {site}{notice.link}")
        if len(these) > DIGEST_LIMIT:
            lines.append(f"- and {len(these) - DIGEST_LIMIT} more: see your pages in carereview")
        lines.append("")
    lines += [
        "The details are on your pages in carereview (sign in to see them).",
        f"To change how you get these emails: {site}/notifications/preferences/",
    ]
    return "\n".join(lines)
