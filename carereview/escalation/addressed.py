"""Who dispute resolution work is addressed to: the one definition the permissions, the pages of
what waits for a manager, the reminders and the limited access of managers outside the child's
team all use.

- A stage of an escalation is addressed to the member of staff it was sent to, to the holder of
  the post, and, at a stage that goes to the team manager, to the child's social worker's team
  manager (seed 001 stage 1; seed 000's "relevant Children's Social Care manager").
- A management alert is addressed to its manager; a Cafcass referral being considered to the
  senior officer told of it (IRO Handbook 8.12).
- Nobody is addressed, or told, about a restricted child unless named on the record.

A manager who does not otherwise see the child (a senior manager; a team manager of another
team) sees only what is addressed to them and still open: the current stage of an open
escalation, an open management alert, a referral told of while it is considered and for
REFERRAL_READ_MONTHS after it is made (while Cafcass takes it up) - never the rest of the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q

from carereview.core import clock
from carereview.escalation.models import (
    CafcassReferral,
    Escalation,
    EscalationStep,
    ManagementAlert,
    PlacementFreezeRequest,
)
from carereview.records.models import Child
from carereview.staff.access import has_role
from carereview.staff.models import Role, User
from carereview.staff.services import current_iro

#: The roles work is addressed to (the admin and the forms offer only these).
MANAGER_ROLES = (Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.IRO_MANAGER)
#: How long after a referral to Cafcass is made the senior officer told of it may still read it.
REFERRAL_READ_MONTHS = 3


def team_manager(child: Child) -> User | None:
    """The child's social worker's team manager."""
    worker = child.social_worker
    return worker.line_manager if worker is not None else None


def iro_to_tell(child: Child, opener: User | None = None) -> User | None:
    """Who the IRO's alerts and reminders go to: the child's IRO today; with none allocated, the
    IRO manager who opened the work (never a former IRO)."""
    iro = current_iro(child)
    if iro is None and opener is not None and opener.role == Role.IRO_MANAGER:
        iro = opener
    return iro if iro is not None and iro.is_active and may_be_told(iro, child) else None


def may_be_told(user: User, child: Child) -> bool:
    """A restricted record's child is named only to the staff named on it."""
    if not child.restricted:
        return True
    return any(person.pk == user.pk for person in child.restricted_to.all())


def permitted(user: User, child_path: str = "child") -> Q:
    return Q(**{f"{child_path}__restricted": False}) | Q(**{f"{child_path}__restricted_to": user})


def responders(step: EscalationStep) -> list[User]:
    """The people a stage is addressed to, who may record the response."""
    child = step.escalation.child
    people = [step.sent_to, step.stage.holder]
    if step.stage.to_team_manager:
        people.append(team_manager(child))
    found: dict[int, User] = {}
    for person in people:
        if person is not None and person.is_active and may_be_told(person, child):
            found.setdefault(person.pk, person)
    return list(found.values())


def is_addressed(step: EscalationStep, user: Any) -> bool:
    return any(person.pk == user.pk for person in responders(step))


def step_addressed(user: User) -> Q:
    """`responders()` as a filter on EscalationStep."""
    team = Q(
        stage__to_team_manager=True, escalation__child__social_worker__team__manager=user
    ) & ~Q(escalation__child__social_worker=user)
    return (Q(sent_to=user) | Q(stage__holder=user) | team) & permitted(user, "escalation__child")


def current_open() -> Q:
    """The current (latest entered) stage of an open escalation."""
    later = EscalationStep.objects.filter(escalation=OuterRef("escalation")).filter(
        Q(entered_on__gt=OuterRef("entered_on"))
        | Q(entered_on=OuterRef("entered_on"), pk__gt=OuterRef("pk"))
    )
    return Q(escalation__closed_on__isnull=True) & ~Q(Exists(later))


@dataclass
class AddressedItems:
    """The open work addressed to one person (ids), for one child or all."""

    escalations: set[int] = field(default_factory=set)
    alerts: set[int] = field(default_factory=set)
    referrals: set[int] = field(default_factory=set)
    freezes: set[int] = field(default_factory=set)
    informal: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.escalations or self.alerts or self.referrals)


def referral_still_readable(today: date) -> Q:
    return Q(referred_on__isnull=True) | Q(
        referred_on__gte=today - relativedelta(months=REFERRAL_READ_MONTHS)
    )


def addressed_items(user: Any, child_id: int | None = None) -> AddressedItems:
    if not has_role(user, *MANAGER_ROLES):
        return AddressedItems()
    one = {"escalation__child_id": child_id} if child_id is not None else {}
    mine = {"child_id": child_id} if child_id is not None else {}
    escalations = set(
        EscalationStep.objects.filter(step_addressed(user), current_open(), **one).values_list(
            "escalation_id", flat=True
        )
    )
    alerts = set(
        ManagementAlert.objects.filter(
            permitted(user), manager=user, completed_on__isnull=True, **mine
        ).values_list("pk", flat=True)
    )
    referrals = dict(
        CafcassReferral.objects.filter(
            permitted(user), referral_still_readable(clock.today()), senior_officer=user, **mine
        ).values_list("pk", "escalation_id")
    )
    # The escalation a referral follows is read with it (the referral bundle holds it too).
    escalations |= {pk for pk in referrals.values() if pk is not None}
    return AddressedItems(
        escalations=escalations,
        alerts=alerts,
        referrals=set(referrals),
        freezes=set(
            PlacementFreezeRequest.objects.filter(escalation_id__in=escalations).values_list(
                "pk", flat=True
            )
        ),
        informal=set(
            Escalation.objects.filter(pk__in=escalations, informal__isnull=False).values_list(
                "informal_id", flat=True
            )
        ),
    )


def can_see_dispute_item(user: Any, child: Child) -> bool:
    """Whether anything about this child is addressed to this person and still open."""
    return bool(addressed_items(user, child.pk))
