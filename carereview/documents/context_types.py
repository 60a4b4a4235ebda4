"""What a review document's template can use, as plain dataclasses.

context.py fills these from the records; `plain()` turns them into dicts, lists, strings, numbers
and booleans before any template sees them, so a template written by the authority's staff never
reaches a model (no `.delete()`, no related managers, no database access).  Dates arrive already
written as people read them ("3 March 2025").  samples.py builds a made-up instance of each from
the field types alone, so a new field here is at once in the sample an upload is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass

#: What stands where an address was left out of a recipient's copy (IRO Handbook 3.69).
REMOVED = "[address removed]"
MARKING = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class Authority:
    name: str


@dataclass(frozen=True)
class ChildFacts:
    reference: str
    first_name: str
    last_name: str
    name: str
    #: What the child likes to be called: their preferred name, else their first name.
    called: str
    preferred_name: str
    date_of_birth: str
    age: int
    #: Younger than 11 on the day of the review: the plainer versions of forms and letters.
    younger: bool
    legal_status: str
    placement: str
    carer: str
    #: Empty in a copy from which the placement address is left out.
    placement_address: str
    placement_postcode: str
    first_language: str
    communication_needs: str


@dataclass(frozen=True)
class StaffMember:
    name: str
    job_title: str
    email: str
    phone: str


@dataclass(frozen=True)
class Matter:
    title: str
    text: str


@dataclass(frozen=True)
class AttendanceLine:
    name: str
    role: str
    invited: bool
    attendance: str
    delegate: str
    #: Why they were not invited: in the office copy only (empty in everyone else's).
    left_out_because: str


@dataclass(frozen=True)
class InvitedLine:
    """Someone besides the child invited to the review."""

    name: str
    role: str


@dataclass(frozen=True)
class ExclusionLine:
    """Someone deliberately not invited, and why (IRO Handbook 3.17: "a written explanation of
    the reasons should be given").  Only in the office copy."""

    name: str
    role: str
    because: str


@dataclass(frozen=True)
class MeetingLine:
    held_on: str
    with_whom: str


@dataclass(frozen=True)
class ReviewFacts:
    #: The meeting's day ("Tuesday 4 March 2025"), its time and place, when set.
    date: str
    time: str
    venue: str
    held: bool
    held_on: str
    completed_on: str
    chair: str
    participation: str
    participation_code: str
    participation_how: str
    matters: list[Matter]
    views: str
    disagreements: str
    adjourned_because: str
    #: What the child was told of their rights (CPPCR 2010 reg 45).
    rights: list[str]
    attendance: list[AttendanceLine]
    #: Whether the child came to the meeting (child_attended), when that is recorded, from their
    #: attendance or else from the SSDA903 participation code (PN1-PN4: they attended).
    child_attended: bool
    child_attendance_recorded: bool
    #: Everyone else invited to the review (the child's letter says who).
    others_invited: list[InvitedLine]
    #: Who was not invited, and why: in the office copy only (empty in everyone else's).
    excluded: list[ExclusionLine]
    meetings: list[MeetingLine]
    next_review_by: str
    manager_response: str
    #: The team manager's comments: in the office copy only (empty in everyone else's).
    manager_comments: str
    decisions_circulated_on: str
    record_completed_on: str


@dataclass(frozen=True)
class DecisionFacts:
    text: str
    responsible: str
    deadline: str
    planned_outcome: str
    done_on: str
    outcome: str


@dataclass(frozen=True)
class Recipient:
    name: str
    role: str
    role_label: str
    #: Why they are invited, as the invitation list records it.
    reason: str
    #: Their own address (never left out of their own letter).
    address: str
    is_child: bool
    is_family: bool
    is_carer: bool
    is_professional: bool
    attended: bool
    #: What this copy is: "full_record", "decisions", "outcome_letter", or "" before a review.
    receives: str


@dataclass(frozen=True)
class Redaction:
    placement_address_left_out: bool
    confidential_addresses_left_out: bool
    marker: str


@dataclass(frozen=True)
class ReviewDocument:
    """Every review document's context: the invitation, the consultation forms, the decisions,
    the full record and the letters.  In the office copy (`office_copy`), which keeps every
    detail, the recipient's fields are empty."""

    authority: Authority
    today: str
    marking: str
    child: ChildFacts
    iro: StaffMember
    social_worker: StaffMember
    review: ReviewFacts
    decisions: list[DecisionFacts]
    recipient: Recipient
    office_copy: bool
    redaction: Redaction
