"""Who is invited to a review, proposed by rule with the reason for each (seed 000 section 5,
seed 001 section 5, IRO Handbook 3.10-3.22).

The list is a proposal: the IRO and social worker edit it.  Leaving out the child, a parent or
someone with parental responsibility, or a carer, needs a recorded reason (seed 000 section 5:
"only in exceptional circumstances ... recorded, together with reasons").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carereview.domain.ssda903.codes import FOSTER_PLACEMENTS, PLACED_FOR_ADOPTION

RESIDENTIAL_PLACEMENTS = frozenset({"K1", "K2", "R1", "S1"})
CUSTODY_PLACEMENTS = frozenset({"R5", "K1"})


@dataclass(frozen=True, slots=True)
class Person:
    """Someone around the child, as the records hold them."""

    key: str  # a stable identifier from the records, e.g. "contact:12"
    name: str
    role: str  # records.codes.ContactRole values
    parental_responsibility: bool = False


@dataclass(frozen=True, slots=True)
class ChildCircumstances:
    child_name: str
    age: int
    placement: str  # SSDA903 PLACE on the review date
    first_language: str = "English"
    interpreter_needed: bool = False
    in_proceedings: bool = False
    people: tuple[Person, ...] = ()


@dataclass(frozen=True, slots=True)
class ProposedInvitee:
    key: str
    name: str
    role: str
    reason: str
    exclusion_needs_reason: bool  # the child, parents and PR holders, carers


def _is(person: Person, *roles: str) -> bool:
    return person.role in roles


def propose_invitees(child: ChildCircumstances) -> list[ProposedInvitee]:
    proposed = [
        ProposedInvitee(
            "child",
            child.child_name,
            "child",
            "The child: there is a presumption that they attend, and disability is no bar "
            "(seed 000 section 5)",
            True,
        )
    ]
    foster = child.placement in FOSTER_PLACEMENTS
    residential = child.placement in RESIDENTIAL_PLACEMENTS
    for p in child.people:
        reason = None
        if _is(p, "mother", "father", "parental_responsibility") or p.parental_responsibility:
            reason = "Parent or person with parental responsibility (seed 000 section 5)"
        elif _is(p, "carer"):
            reason = "The child's carer (seed 000 section 5)"
        elif _is(p, "supervising_social_worker") and foster:
            reason = "Supervising social worker: the child is in foster care"
        elif _is(p, "key_worker") and residential:
            reason = "Key worker: the child is in residential care"
        elif _is(p, "designated_teacher"):
            reason = "The most appropriate teacher, usually the designated teacher"
        elif _is(p, "personal_adviser") and child.age >= 16:
            reason = "Personal adviser: the young person is 16 or over"
        elif _is(p, "independent_visitor", "advocate"):
            reason = "Independent visitor or advocate involved with the child"
        elif _is(p, "childrens_guardian") and child.in_proceedings:
            reason = "Children's guardian: court proceedings are under way (seed 001 section 5)"
        elif _is(p, "prospective_adopter") and child.placement in PLACED_FOR_ADOPTION:
            reason = "Prospective adopters: the child is placed with them (IRO Handbook 3.57)"
        elif _is(p, "yot_case_manager") and child.placement in CUSTODY_PLACEMENTS:
            reason = (
                "Youth offending team case manager: the child is in custody (IRO Handbook 4.12)"
            )
        if reason:
            proposed.append(
                ProposedInvitee(
                    p.key,
                    p.name,
                    p.role,
                    reason,
                    needs_reason_to_leave_out(p.role, p.parental_responsibility),
                )
            )
    language = child.first_language.strip()
    if child.interpreter_needed or (language and language.lower() != "english"):
        proposed.append(
            ProposedInvitee(
                "interpreter",
                f"Interpreter ({language or 'language to be confirmed'})",
                "interpreter",
                "The child's first language is not English, or they need an interpreter "
                "(IRO Handbook 3.12)",
                False,
            )
        )
    return proposed


def needs_reason_to_leave_out(role: str, parental_responsibility: bool = False) -> bool:
    return role in {"child", "mother", "father", "parental_responsibility", "carer"} or (
        parental_responsibility
    )


def review_age(dob: date, on: date) -> int:
    years = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    return max(years, 0)
