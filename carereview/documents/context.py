"""The data a document's template is filled with, built from the records.

Templates are written by the authority's staff, so they are never handed a model: every function
here returns plain data (dicts, lists, strings, numbers, booleans, None) made by `plain()` from the
dataclasses in context_types.py (review documents) and escalation/bundle_types.py (the Cafcass
bundle).  A recipient's copy has their identifying details taken out here, before the template
runs (redaction.py), so no template, however written, can print what was left out.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from carereview.authority.services import authority_settings
from carereview.core import clock
from carereview.documents import redaction
from carereview.documents.context_types import (
    MARKING,
    REMOVED,
    AttendanceLine,
    Authority,
    ChildFacts,
    DecisionFacts,
    ExclusionLine,
    InvitedLine,
    Matter,
    MeetingLine,
    Recipient,
    Redaction,
    ReviewDocument,
    ReviewFacts,
    StaffMember,
)
from carereview.documents.kinds import PLAINER_UNDER
from carereview.domain.agenda import MATTERS
from carereview.domain.ssda903.codes import PLACEMENT
from carereview.escalation.bundle import assemble
from carereview.escalation.bundle_sections import (
    coded,
    current_episode,
    iro_on,
    legal_status_on,
    role_of,
)
from carereview.escalation.bundle_types import MISSING, NOT_WRITTEN, PLACEMENT_ADDRESS_NOTE
from carereview.records.services import child_schedule
from carereview.reviews.cycle import meeting_date
from carereview.reviews.models import Distribution, Invitee, Review
from carereview.staff.services import current_iro

CARER_ROLES = redaction.CARER_ROLES
#: The office copy's recipient: nobody in particular.
NOBODY = Recipient(
    name="",
    role="",
    role_label="",
    reason="",
    address="",
    is_child=False,
    is_family=False,
    is_carer=False,
    is_professional=False,
    attended=False,
    receives="",
)


def format_day(value: date | None) -> str:
    """3 March 2025 (the way letters write dates)."""
    return f"{value.day} {value:%B %Y}" if value else ""


def plain(value: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, dates to "3 March 2025": nothing a template could
    call back into the service through."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{format_day(local.date())} at {local:%H:%M}"
    if isinstance(value, date):
        return format_day(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _staff(user: Any) -> StaffMember:
    if user is None:
        return StaffMember(name="Not recorded", job_title="", email="", phone="")
    return StaffMember(name=str(user), job_title=user.job_title, email=user.email, phone=user.phone)


def leave_out_placement(review: Review, invitee: Invitee | None) -> bool:
    """The distribution list decides; before there is one, family members get the default that
    default_distribution() proposes (placement address left out)."""
    if invitee is None:
        return False
    line = Distribution.objects.filter(review=review, invitee=invitee).first()
    if line is not None:
        return line.leave_out_placement_address
    return invitee.role in redaction.FAMILY_ROLES


#: The rule a reason cites, e.g. "(seed 000 section 5)": for staff, not for the person invited.
CITATION = re.compile(r"\s*\((?:seed|IRO Handbook|CPPCR|AAR)[^)]*\)", re.IGNORECASE)


def _recipient(invitee: Invitee, contacts: dict[str, Any], receives: str) -> Recipient:
    contact = contacts.get(invitee.key)
    family = invitee.role in redaction.FAMILY_ROLES
    carer = invitee.role in CARER_ROLES
    return Recipient(
        name=invitee.name,
        role=invitee.role,
        role_label=role_of(invitee.role),
        reason=CITATION.sub("", invitee.reason).strip(),
        address=contact.address.strip() if contact is not None else "",
        is_child=invitee.role == "child",
        is_family=family,
        is_carer=carer,
        is_professional=not (family or carer or invitee.role == "child"),
        attended=invitee.attendance in ("attended", "delegate"),
        receives=receives,
    )


#: SSDA903 participation codes for a child who came to the meeting (PN5-PN7: did not).
ATTENDED_CODES = frozenset({"PN1", "PN2", "PN3", "PN4"})
NOT_ATTENDED_CODES = frozenset({"PN5", "PN6", "PN7"})


def _child_attended(review: Review, invitees: list[Invitee]) -> bool | None:
    """Whether the child came to their meeting: their attendance if it is recorded, else the
    participation code; None when neither says."""
    child = next((i for i in invitees if i.role == "child"), None)
    if child is not None and child.attendance:
        return child.attendance == "attended"
    if review.participation in ATTENDED_CODES:
        return True
    if review.participation in NOT_ATTENDED_CODES:
        return False
    return None


def _child_recipient(review: Review, receives: str) -> Recipient:
    """The child, for their own letter when they are not on the invitation list."""
    child = review.child
    return Recipient(
        name=child.preferred_name or child.first_name or child.name,
        role="child",
        role_label=role_of("child"),
        reason="",
        address="",
        is_child=True,
        is_family=False,
        is_carer=False,
        is_professional=False,
        attended=bool(_child_attended(review, list(review.invitees.all()))),
        receives=receives,
    )


def _review_facts(review: Review, day: date, office: bool) -> ReviewFacts:
    """office: the office copy, the only one with why people were not invited and the team
    manager's comments (internal to the authority, never sent to the family)."""
    when = timezone.localtime(review.scheduled_for) if review.scheduled_for else None
    shown_day = review.held_on or (when.date() if when else None)
    schedule = child_schedule(review.child, review.held_on) if review.held_on else None
    upcoming = schedule.next_review if schedule else None
    agenda = review.agenda or {}
    invitees = list(review.invitees.all())
    attended = _child_attended(review, invitees)
    rights = [
        words
        for told, words in (
            (review.rights_advocacy, "of their right to an advocate"),
            (review.rights_complaints, "how to make a complaint"),
            (review.rights_court, "of their right to apply to court"),
        )
        if told
    ]  # CPPCR 2010 reg 45
    return ReviewFacts(
        date=f"{shown_day:%A} {format_day(shown_day)}" if shown_day else "",
        time=f"{when:%-I:%M%p}".lower() if when else "",
        venue=review.venue,
        held=review.held_on is not None,
        held_on=format_day(review.held_on),
        completed_on=format_day(review.completed_on),
        chair=review.get_chair_display(),
        participation=review.get_participation_display(),
        participation_code=review.participation,
        participation_how=review.participation_how,
        matters=[
            Matter(title, str(agenda.get(key, "")).strip())
            for key, title in MATTERS.items()
            if str(agenda.get(key, "")).strip()
        ],
        views=review.views,
        disagreements=review.disagreements,
        adjourned_because=review.adjourned_because,
        rights=rights,
        attendance=[
            AttendanceLine(
                name=i.name,
                role=role_of(i.role),
                invited=i.invited,
                attendance=i.get_attendance_display(),
                delegate=i.delegate,
                left_out_because=i.left_out_because if office else "",
            )
            for i in invitees
        ],
        child_attended=bool(attended),
        child_attendance_recorded=attended is not None,
        others_invited=[
            InvitedLine(i.name, role_of(i.role))
            for i in invitees
            if i.invited and i.role != "child"
        ],
        excluded=[
            ExclusionLine(i.name, role_of(i.role), i.left_out_because.strip())
            for i in invitees
            if office and not i.invited
        ],
        meetings=[MeetingLine(format_day(m.held_on), m.with_whom) for m in review.meetings.all()],
        next_review_by=format_day(upcoming.due) if upcoming else "",
        manager_response=review.get_manager_response_display(),
        manager_comments=review.manager_comments if office else "",
        decisions_circulated_on=format_day(review.decisions_circulated_on),
        record_completed_on=format_day(review.record_completed_on),
    )


def review_context(
    review: Review, invitee: Invitee | None = None, receives: str = "", child_copy: bool = False
) -> dict[str, Any]:
    """Everything a review document can show, for one recipient (or, with no invitee, the
    office copy that keeps every detail).  child_copy: the child's own copy (their letter), a
    family member's copy even when the child is not on the invitation list."""
    child = review.child
    day = meeting_date(review) or clock.today()
    episodes = sorted(child.episodes.all(), key=lambda e: (e.decom, e.pk))
    episode = current_episode(episodes, day)
    contacts = list(child.contacts.all())
    by_key = {f"contact:{c.pk}": c for c in contacts}
    leave_out = leave_out_placement(review, invitee)
    # The child too: what a child is sent can reach their family.  The child's own copy is
    # always theirs, whether or not they are on the invitation list (child_copy).
    family = child_copy or (
        invitee is not None and (invitee.role in redaction.FAMILY_ROLES or invitee.role == "child")
    )
    carer = invitee is not None and invitee.role in CARER_ROLES
    own = by_key.get(invitee.key) if invitee is not None else None
    secrets = redaction.secrets_for(
        leave_out_placement=leave_out,
        family_member=family,
        carer=carer,
        placement_addresses=[e.placement_address for e in episodes],
        placement_postcodes=[e.pl_post for e in episodes],
        carer_addresses=[c.address for c in contacts if c.role in CARER_ROLES],
        confidential_addresses=[c.address for c in contacts if c.address_confidential],
        own_address=own.address if own is not None else "",
    )
    office = invitee is None and not child_copy
    age = child.age_on(day)
    allocations = list(child.allocations.select_related("iro"))
    document = ReviewDocument(
        authority=Authority(authority_settings().name),
        today=format_day(clock.today()),
        marking=MARKING,
        child=ChildFacts(
            reference=child.reference,
            first_name=child.first_name,
            last_name=child.last_name,
            name=child.name,
            called=child.preferred_name or child.first_name or child.name,
            preferred_name=child.preferred_name,
            date_of_birth=format_day(child.date_of_birth),
            age=age,
            younger=age < PLAINER_UNDER,
            legal_status=legal_status_on(episodes, day),
            placement=coded(PLACEMENT, episode.place) if episode else "",
            carer=episode.carer if episode else "",
            placement_address="" if leave_out or not episode else episode.placement_address,
            placement_postcode="" if leave_out or not episode else episode.pl_post,
            first_language=child.first_language,
            communication_needs=child.communication_needs,
        ),
        iro=_staff(iro_on(allocations, day) or current_iro(child)),
        social_worker=_staff(child.social_worker),
        review=_review_facts(review, day, office),
        decisions=[
            DecisionFacts(
                text=d.text,
                responsible=d.responsible,
                deadline=format_day(d.deadline),
                planned_outcome=d.planned_outcome,
                done_on=format_day(d.done_on),
                outcome=d.outcome,
            )
            for d in review.decisions.all()
        ],
        recipient=(
            _recipient(invitee, by_key, receives)
            if invitee is not None
            else _child_recipient(review, receives)
            if child_copy
            else NOBODY
        ),
        office_copy=office,
        redaction=Redaction(
            placement_address_left_out=leave_out,
            confidential_addresses_left_out=leave_out or family or carer,
            marker=REMOVED,
        ),
    )
    data = plain(document)
    compiled = redaction.patterns(secrets)
    # The recipient's own details (their own address) stay in their own copy.
    return {
        key: value if key in ("recipient", "redaction") else redaction.scrub_all(value, compiled)
        for key, value in data.items()
    }


def bundle_constants(authority: str) -> dict[str, Any]:
    """The names the bundle's template uses besides the bundle itself."""
    return {
        "marking": MARKING,
        "MISSING": MISSING,
        "NOT_WRITTEN": NOT_WRITTEN,
        "PLACEMENT_ADDRESS_NOTE": PLACEMENT_ADDRESS_NOTE,
        "authority": plain(Authority(authority)),
    }


def bundle_context(referral: Any, as_of: date | None = None) -> dict[str, Any]:
    """The Cafcass referral bundle (IRO Handbook 8.15) as escalation/bundle.py assembles it."""
    bundle = plain(assemble(referral, as_of))
    return {"bundle": bundle, **bundle_constants(authority_settings().name)}
