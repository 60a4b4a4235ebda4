"""Use cases for staff: proposing and confirming an IRO for a child, caseloads."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.domain.allocation import Candidate, ChildNeeds, IROAvailability, rank_iros
from carereview.notifications.services import resolve
from carereview.records.models import Child
from carereview.staff.models import Allocation, Role, User


def current_iro(child: Child) -> User | None:
    """The child's IRO today, or None (uses `child.current_allocations` when a page or a
    deadline source prefetched it, else the child's allocations)."""
    current = getattr(child, "current_allocations", None)
    if current is not None:
        return current[0].iro if current else None
    for allocation in child.allocations.all():
        if allocation.ended_on is None:
            return allocation.iro
    return None


def iros_with_caseloads() -> list[User]:
    return list(
        User.objects.filter(role=Role.IRO, is_active=True).annotate(
            caseload=Count("allocations", filter=Q(allocations__ended_on__isnull=True))
        )
    )


def propose(child: Child) -> list[Candidate]:
    """Every IRO ranked for this child, with reasons (see carereview.domain.allocation)."""
    current = Allocation.objects.filter(ended_on__isnull=True).values_list("iro_id", "child_id")
    by_iro: dict[int, set[int]] = {}
    for iro_id, child_id in current:
        by_iro.setdefault(iro_id, set()).add(child_id)
    manager = child.social_worker.line_manager if child.social_worker_id else None
    family = set(child.looked_after_parents.values_list("pk", flat=True)) | set(
        child.looked_after_children.values_list("pk", flat=True)
    )
    needs = ChildNeeds(
        child_id=child.pk,
        social_worker_id=child.social_worker_id,
        social_worker_manager_id=manager.pk if manager else None,
        sibling_ids=frozenset(child.siblings.values_list("pk", flat=True)),
        parent_or_child_ids=frozenset(family),
        previous_iro_ids=frozenset(
            child.allocations.filter(ended_on__isnull=False).values_list("iro_id", flat=True)
        ),
        communication_needs=bool(child.communication_needs.strip()),
        first_language=child.first_language,
        specialisms_wanted=frozenset({"uasc"} if child.uasc else set())
        | ({"disability"} if child.disability.strip() else set()),
    )
    iros = [
        IROAvailability(
            iro_id=iro.pk,
            name=str(iro),
            fte=float(iro.fte),
            caseload=len(by_iro.get(iro.pk, ())),
            child_ids=frozenset(by_iro.get(iro.pk, ())),
            specialisms=frozenset(iro.specialisms or ()),
            languages=frozenset(iro.languages or ()),
            accepting=iro.accepting_allocations,
        )
        for iro in User.objects.filter(role=Role.IRO, is_active=True)
    ]
    return rank_iros(needs, iros)


@transaction.atomic
def allocate(
    child: Child, iro: User, by: User, on: date, override_reason: str = "", request: Any = None
) -> Allocation:
    """Name `iro` as the child's IRO from `on`.  If the manager chose someone other than the
    proposal, the reason is required; an ineligible IRO is refused."""
    if iro.role != Role.IRO or not iro.is_active:
        raise ValidationError({"iro": "Choose an active independent reviewing officer."})
    ranked = propose(child)
    chosen = next((c for c in ranked if c.iro_id == iro.pk), None)
    if chosen is None or not chosen.eligible:
        why = "; ".join(chosen.exclusions) if chosen else "not an IRO"
        raise ValidationError({"iro": f"{iro} cannot be this child's IRO: {why}."})
    proposed = next((c for c in ranked if c.eligible), None)
    if proposed is not None and proposed.iro_id != iro.pk and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": f"Say why you chose {iro} rather than the proposed IRO, "
                f"{proposed.name}."
            }
        )
    previous = Allocation.objects.select_for_update().filter(child=child, ended_on__isnull=True)
    for old in previous:
        if old.iro_id == iro.pk:
            raise ValidationError({"iro": f"{iro} is already this child's IRO."})
        old.ended_on = on
        old.save(update_fields=["ended_on"])
    allocation = Allocation.objects.create(
        child=child,
        iro=iro,
        started_on=on,
        allocated_by=by,
        proposed_iro_id=proposed.iro_id if proposed else None,
        proposal_reasons="; ".join(chosen.reasons),
        override_reason=override_reason.strip(),
    )
    record(
        Action.CHANGE,
        f"Allocated {iro} as IRO for {child} from {on}",
        request=request,
        user=by,
        obj=allocation,
        child_id=child.pk,
        changes={"iro": [str(previous[0].iro) if previous else "", str(iro)]},
    )
    resolve(reverse("child_allocation", args=[child.pk]))
    return allocation


def caseload_summary() -> list[tuple[User, int, float]]:
    """(IRO, children, children per full-time post) for every active IRO."""
    counts = Counter(
        Allocation.objects.filter(ended_on__isnull=True).values_list("iro_id", flat=True)
    )
    return [
        (iro, counts.get(iro.pk, 0), counts.get(iro.pk, 0) / float(iro.fte))
        for iro in User.objects.filter(role=Role.IRO, is_active=True)
    ]
