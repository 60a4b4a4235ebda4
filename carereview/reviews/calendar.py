"""A review meeting as a calendar invitation (iCalendar, RFC 5545 and 5546), downloaded from the
review's page and emailed to the people invited when the IRO sets or moves the meeting.

One event per review, always with the same UID, so a moved meeting replaces the one in people's
calendars: its SEQUENCE goes up each time the date, time or venue changes
(`services.schedule_next_review`).  Times are in UTC, which every calendar converts to local time.

Privacy (UK GDPR; IRO Handbook 3.69 on identifying details): invitations go to parents as well as
professionals, so the title names the child by first name and initial only, the location is the
venue exactly as the IRO typed it (never the placement address from the records), and each file
lists only the IRO and the one person it is for - a parent never sees a carer's email address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, vCalAddress

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.records.models import Child, ChildContact
from carereview.reviews.models import Review
from carereview.staff.models import User
from carereview.staff.services import current_iro

#: Reviews have no recorded length; an hour and a half holds the time in people's calendars.
MEETING_LENGTH = timedelta(hours=1, minutes=30)
MIMETYPE = "text/calendar; method=REQUEST; charset=UTF-8"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "testserver", "[::1]", "*"}


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    user: User | None = None  # a member of staff


def domain() -> str:
    configured = settings.CAREREVIEW_CALENDAR_DOMAIN.strip()
    if configured:
        return configured
    public = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.lstrip(".") not in LOCAL_HOSTS]
    return public[0] if public else slugify(settings.CAREREVIEW_SERVICE_NAME) or "carereview"


def uid(review: Review) -> str:
    return f"review-{review.pk}@{domain()}"


def child_label(child: Child) -> str:
    """The child as the invitation names them: first name and the initial of the surname."""
    first = (child.preferred_name or child.first_name).strip()
    return f"{first} {child.last_name.strip()[:1]}." if child.last_name.strip() else first


def summary(review: Review) -> str:
    return f"Review for {child_label(review.child)}"


def organiser(review: Review, by: Any = None) -> User | None:
    """The child's IRO; whoever arranged the meeting when the child has none yet."""
    return current_iro(review.child) or by or review.created_by


def _address(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = person.name
    return address


def invitation(review: Review, organiser: User | None, attendee: Person | None) -> bytes:
    """The calendar file for one person: METHOD:REQUEST, or METHOD:CANCEL for a cancelled
    review.  `attendee` None gives a file with the IRO alone (e.g. for someone to add it to
    their own calendar)."""
    if review.scheduled_for is None:
        raise ValueError("The review has no date, time and venue yet")
    cancelled = bool(review.cancelled_because.strip())
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CAREREVIEW_SERVICE_NAME}//Reviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid(review))
    event.add("sequence", review.calendar_sequence)
    event.add("dtstamp", clock.now().astimezone(UTC))
    start = review.scheduled_for.astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", start + MEETING_LENGTH)
    event.add("summary", summary(review))
    if review.venue:
        event.add("location", review.venue)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("class", "CONFIDENTIAL")
    lead = organiser.get_full_name() if organiser else "the independent reviewing officer"
    event.add(
        "description",
        f"The review of {child_label(review.child)}'s care plan, chaired by {lead}, "
        "the independent reviewing officer. If you cannot come, please tell them.",
    )
    if organiser is not None and organiser.email:
        event.add("organizer", _address(Person(organiser.get_full_name(), organiser.email)))
    if attendee is not None:
        address = _address(attendee)
        address.params.update(
            {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
        )
        event.add("attendee", address)
    calendar.add_component(event)
    return calendar.to_ical()


def people_invited(review: Review, organiser: User | None) -> list[Person]:
    """The IRO and everyone invited who has an email address: staff ("staff:<id>") from their
    account, people around the child ("contact:<id>") from the child's contacts; each address
    once."""
    wanted = [i for i in review.invitees.all() if i.invited]
    staff_ids = [
        int(i.key[6:]) for i in wanted if i.key.startswith("staff:") and i.key[6:].isdigit()
    ]
    contact_ids = [
        int(i.key[8:]) for i in wanted if i.key.startswith("contact:") and i.key[8:].isdigit()
    ]
    staff = User.objects.filter(pk__in=staff_ids, is_active=True).exclude(email="")
    contacts = ChildContact.objects.filter(
        pk__in=contact_ids, child_id=review.child_id, active=True
    ).exclude(email="")
    people = [Person(organiser.get_full_name(), organiser.email, organiser)] if organiser else []
    people += [Person(u.get_full_name() or u.username, u.email, u) for u in staff]
    people += [Person(c.name, c.email) for c in contacts]
    seen: set[str] = set()
    found = []
    for person in people:
        if person.email and person.email.lower() not in seen:
            seen.add(person.email.lower())
            found.append(person)
    return found


def _when(review: Review) -> str:
    local = timezone.localtime(review.scheduled_for)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"


def _email(review: Review, person: Person, lead: str, chairing: bool) -> tuple[str, str]:
    moved = review.calendar_sequence > 0
    label = child_label(review.child)
    subject = f"{'Moved: ' if moved else ''}{summary(review)}, {_when(review)}"
    where = f" at {review.venue}" if review.venue else ""
    body = (
        f"Dear {person.name},\n\n"
        + (f"The review for {label} has moved. " if moved else "")
        + f"The review for {label} is on {_when(review)}{where}.\n\n"
        "The invitation is attached: open it to add the meeting to your calendar"
        + (", where it replaces the earlier date" if moved else "")
        + ".\n\n"
        + (
            "You chair it as the child's independent reviewing officer.\n"
            if chairing
            else f"If you cannot come, please tell {lead}, the independent reviewing officer.\n"
        )
    )
    return subject, body


@transaction.atomic
def send_invitations(review: Review, by: Any = None, request: Any = None) -> int:
    """Queue the invitation to the IRO and everyone invited with an email address; each person
    gets each version of the meeting once (the outbox's key), so sending again after adding
    people reaches only them.  Returns how many were newly queued."""
    from carereview.notifications.models import Message
    from carereview.notifications.outbox import queue_email

    if review.scheduled_for is None or review.held_on or review.cancelled_because:
        return 0
    lead_user = organiser(review, by)
    lead = lead_user.get_full_name() if lead_user else "the independent reviewing officer"
    people = {
        f"invite:{review.pk}:{review.calendar_sequence}:{p.email.lower()}"[:255]: p
        for p in people_invited(review, lead_user)
    }
    already = set(Message.objects.filter(key__in=people).values_list("key", flat=True))
    sent = []
    for key, person in people.items():
        if key in already:
            continue
        chairing = lead_user is not None and person.user == lead_user
        subject, body = _email(review, person, lead, chairing)
        attachment = invitation(review, lead_user, person)
        try:
            queue_email(
                key=key,
                to=person.email,
                subject=subject,
                body=body,
                recipient=person.user,
                attachments=[("review-invitation.ics", attachment, MIMETYPE)],
                child_id=review.child_id,
            )
        except ValidationError:
            continue  # an address the outbox cannot use: the others still go
        sent.append(person.name)
    if sent:
        record(
            Action.EXPORT,
            f"Calendar invitation for {review} emailed to {len(sent)} "
            f"{'person' if len(sent) == 1 else 'people'}",
            request=request,
            user=by,
            obj=review,
            child_id=review.child_id,
            changes={"sequence": [str(review.calendar_sequence)], "to": sent},
        )
    return len(sent)
