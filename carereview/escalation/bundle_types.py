"""What a Cafcass referral bundle holds (IRO Handbook 8.15), as plain dataclasses: assembled by
bundle.py from the records, turned into a document by bundle_render.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carereview.records.codes import ContactRole

MARKING = "OFFICIAL-SENSITIVE"
CONFIDENTIAL = "confidential — not to be disclosed to the family"
PLACEMENT_ADDRESS_NOTE = "not to be disclosed to the family without a decision (IRO Handbook 3.69)"
NOT_WRITTEN = "Not yet written"
INCLUDED, MISSING, ATTACH = "Included", "Missing", "To attach"
#: Review records "from the preceding 12 months" (IRO Handbook 8.15).
REVIEW_MONTHS = 12
PROFESSIONAL_ROLES = frozenset(
    {
        ContactRole.RESIDENTIAL_KEY_WORKER,
        ContactRole.SUPERVISING_SOCIAL_WORKER,
        ContactRole.DESIGNATED_TEACHER,
        ContactRole.PERSONAL_ADVISER,
        ContactRole.ADVOCATE,
        ContactRole.HEALTH,
        ContactRole.YOT,
        ContactRole.CHILDRENS_GUARDIAN,
        ContactRole.INTERPRETER,
    }
)
#: What the legal team holds, not this system (IRO Handbook 8.15, first two bullets).
HELD_BY_LEGAL = (
    "The final care order",
    "The final care plan filed in the proceedings",
    "The children's guardian's report immediately preceding the care order",
)


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    relationship: str = ""
    parental_responsibility: bool = False
    involvement: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    address_note: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    item: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class Cover:
    child_name: str
    preferred_name: str
    reference: str
    date_of_birth: date
    age: int
    legal_status: str
    authority: str
    iro: Person
    assembled_on: date
    considered_on: date | None
    referred_on: date | None
    cafcass_reference: str
    marking: str = MARKING


@dataclass(frozen=True)
class IROReport:
    report: str
    reasons: str
    curtailed_because: str
    considered_on: date | None
    senior_officer: str
    referred_on: date | None


@dataclass(frozen=True)
class ViewsAtReview:
    held_on: date
    participation: str
    how: str
    wishes_and_feelings: str
    views: str


@dataclass(frozen=True)
class Wishes:
    report: str
    at_reviews: list[ViewsAtReview]


@dataclass(frozen=True)
class Step:
    stage: str
    escalate_to: str
    entered_on: date | None
    sent_to: str
    respond_by: date | None
    response: str
    responded_on: date | None
    responded_by: str


@dataclass(frozen=True)
class EscalationRecord:
    opened_on: date | None
    category: str
    issue: str
    expected_outcome: str
    deadline: date | None
    closed_on: date | None
    outcome: str
    outcome_details: str
    steps: list[Step]
    led_to_referral: bool


@dataclass(frozen=True)
class InformalRecord:
    discussed_on: date | None
    raised_with: str
    issue: str
    agreed_actions: str
    resolve_by: date | None
    outcome: str
    resolved: bool | None


@dataclass(frozen=True)
class Entry:
    on: date
    kind: str
    text: str


@dataclass(frozen=True)
class Issues:
    statement: list[str]
    informal: list[InformalRecord]
    escalations: list[EscalationRecord]
    #: Management alerts and requests to freeze a placement move, dated.
    other_steps: list[Entry]


@dataclass(frozen=True)
class Matter:
    title: str
    text: str


@dataclass(frozen=True)
class DecisionLine:
    text: str
    responsible: str
    deadline: date
    made_on: date | None
    done_on: date | None = None
    outcome: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class ProceedingsLine:
    started_on: date
    ended_on: date | None
    court: str
    case_number: str
    guardian: Person | None


@dataclass(frozen=True)
class CarePlan:
    latest_review_on: date | None
    permanence: str
    matters: list[Matter]
    decisions_in_force: list[DecisionLine]
    legal_status: str
    placement: str
    carer: str
    placement_address: str
    placement_since: date | None
    proceedings: list[ProceedingsLine]
    held_by_legal: tuple[str, ...] = HELD_BY_LEGAL


@dataclass(frozen=True)
class ReviewRecord:
    held_on: date
    chair: str
    participation: str
    how: str
    meetings: list[str]
    attendance: list[str]
    matters: list[Matter]
    views: str
    disagreements: str
    decisions: list[DecisionLine]
    rights: list[str]
    manager_response: str


@dataclass(frozen=True)
class Bundle:
    cover: Cover
    checklist: list[ChecklistItem]
    iro_report: IROReport
    wishes: Wishes
    issues: Issues
    care_plan: CarePlan
    reviews_from: date
    reviews_to: date
    reviews: list[ReviewRecord]
    chronology: list[Entry]
    important_people: list[Person]
    professionals: list[Person]
    diversity: list[tuple[str, str]] = field(default_factory=list)
