"""Who may see and do what: least privilege, decided in one place.

- IRO managers see every child and are the only ones who allocate IROs.
- IROs see the children they are allocated to.
- Social workers see their own children; team managers their team's children.
- Business support see every child's basic record, to arrange reviews, but no case notes.
- Senior managers (posts on the dispute resolution ladder) see no child's record.  What is
  addressed to them - or to a team manager from another team - is read on the escalation pages
  only, through carereview.escalation.addressed, and only while it is open.
- A restricted record opens only for the staff named on it, whatever their role.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carereview.records.models import Child
from carereview.staff.models import Role

CASEWORK_ROLES = {Role.IRO, Role.IRO_MANAGER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
ALL_ROLES = {*CASEWORK_ROLES, Role.BUSINESS_SUPPORT, Role.SENIOR_MANAGER}


def has_role(user: Any, *roles: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in roles


def visible_children(user: Any) -> QuerySet[Child]:
    if not has_role(user, *ALL_ROLES):
        return Child.objects.none()
    children = Child.objects.all()
    if user.role == Role.IRO:
        children = children.filter(allocations__iro=user, allocations__ended_on__isnull=True)
    elif user.role == Role.SOCIAL_WORKER:
        children = children.filter(social_worker=user)
    elif user.role == Role.TEAM_MANAGER:
        children = children.filter(Q(social_worker__team__manager=user) | Q(social_worker=user))
    elif user.role == Role.SENIOR_MANAGER:
        return Child.objects.none()
    return children.filter(Q(restricted=False) | Q(restricted_to=user)).distinct()


def can_view_child(user: Any, child: Child) -> bool:
    return visible_children(user).filter(pk=child.pk).exists()


def can_allocate(user: Any) -> bool:
    return has_role(user, Role.IRO_MANAGER)


def can_record_looked_after(user: Any) -> bool:
    return has_role(user, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO_MANAGER)


def can_read_case_notes(user: Any) -> bool:
    return has_role(user, *CASEWORK_ROLES)


def can_schedule_reviews(user: Any) -> bool:
    return has_role(user, Role.IRO, Role.IRO_MANAGER)


def can_see_service_dashboard(user: Any) -> bool:
    return has_role(user, Role.IRO_MANAGER)


def with_current_iro(children: QuerySet[Child], present: bool = True) -> QuerySet[Child]:
    """Children who have (or, with present=False, lack) a named IRO today."""
    from django.db.models import Exists, OuterRef

    from carereview.staff.models import Allocation

    current = Exists(Allocation.objects.filter(child=OuterRef("pk"), ended_on__isnull=True))
    return children.filter(current if present else ~current)
