"""Use cases that change a child's record: a change in their care, the people around them,
the IRO's oversight notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carereview.audit.log import diff, record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.records.models import Child, ChildContact, Episode, OversightNote

#: What changed, as people say it, and the SSDA903 reason for the new episode.
CHANGE_KINDS = {
    "placement": ("P", "A move to a new placement and carer"),
    "placement_same_carer": ("T", "A change of placement with the same carer"),
    "legal_status": ("L", "A change of legal status only"),
    "both": ("B", "A change of legal status and of placement and carer"),
    "both_same_carer": ("U", "A change of legal status and placement, same carer"),
    "ceased": ("", "The child stopped being looked after"),
    "started": ("S", "The child started to be looked after again"),
}


@dataclass(frozen=True)
class CareChange:
    kind: str
    on: date
    legal_status: str = ""
    placement: str = ""
    carer: str = ""
    placement_address: str = ""
    reason_ceased: str = ""
    declared: frozenset[str] = frozenset()  # IRO Handbook 3.77 changes the codes cannot show


@transaction.atomic
def record_care_change(child: Child, change: CareChange, by: Any, request: Any = None) -> None:
    rne, description = CHANGE_KINDS[change.kind]
    if change.on > clock.today():
        raise ValidationError({"on": "The date must be today or in the past"})
    current = Episode.objects.select_for_update().filter(child=child, dec__isnull=True).last()
    last = Episode.objects.filter(child=child).order_by("decom", "pk").last()
    if change.kind == "started":
        if current is not None:
            raise ValidationError({"kind": "The child is already looked after"})
        if last is not None and last.dec and change.on < last.dec:
            raise ValidationError(
                {
                    "on": f"The date must be on or after {last.dec:%-d %B %Y}, "
                    "when the last period of care ended"
                }
            )
    else:
        if current is None:
            raise ValidationError(
                {
                    "kind": "The child is not looked after: record them starting "
                    "to be looked after again"
                }
            )
        if change.on < current.decom:
            raise ValidationError(
                {
                    "on": f"The date must be on or after {current.decom:%-d %B %Y}, "
                    "when the current episode began"
                }
            )
    if change.kind == "ceased" and change.reason_ceased in ("", "X1"):
        raise ValidationError({"reason_ceased": "Choose why the child stopped being looked after"})
    _check_no_freeze(child, change)
    _check_considered_first(child, change)
    if change.kind == "ceased":
        current.dec, current.rec = change.on, change.reason_ceased
        current.save()
        record(
            Action.CHANGE,
            f"{child} stopped being looked after on {change.on}",
            request=request,
            user=by,
            obj=child,
        )
        return
    legal_status = change.legal_status or (current.ls if current else "")
    placement = change.placement or (current.place if current else "")
    needs_status = rne in {"L", "B", "U", "S"}
    needs_place = rne in {"P", "T", "B", "U", "S"}
    if needs_status and not change.legal_status:
        raise ValidationError({"legal_status": "Choose the new legal status"})
    if needs_place and not change.placement:
        raise ValidationError({"placement": "Choose the new placement"})
    if current is not None and rne == "L" and legal_status == current.ls:
        raise ValidationError({"legal_status": "The legal status is the same as now"})
    if current is not None:
        current.dec, current.rec = change.on, "X1"
        current.save()
    Episode.objects.create(
        child=child,
        decom=change.on,
        rne=rne,
        ls=legal_status,
        place=placement,
        carer=change.carer or (current.carer if current and rne in {"L", "T", "U"} else ""),
        placement_address=change.placement_address
        or (current.placement_address if current and rne == "L" else ""),
    )
    record(
        Action.CHANGE,
        f"{description} for {child} from {change.on}",
        request=request,
        user=by,
        obj=child,
    )


@transaction.atomic
def add_contact(child: Child, by: Any, request: Any = None, **fields: Any) -> ChildContact:
    contact = ChildContact.objects.create(child=child, **fields)
    record(
        Action.CREATE,
        f"Added {contact} to {child}'s record",
        request=request,
        user=by,
        obj=contact,
        child_id=child.pk,
    )
    return contact


@transaction.atomic
def add_oversight_note(
    child: Child, written_on: date, text: str, by: Any, request: Any = None
) -> OversightNote:
    if written_on > clock.today():
        raise ValidationError({"written_on": "The date must be today or in the past"})
    note = OversightNote.objects.create(child=child, written_on=written_on, text=text, author=by)
    record(
        Action.CREATE,
        f"Oversight note added for {child}",
        request=request,
        user=by,
        obj=note,
        child_id=child.pk,
    )
    return note


@transaction.atomic
def save_contact(form: Any, by: Any, request: Any = None) -> ChildContact:
    before = {name: getattr(form.instance, name) for name in form.changed_data}
    contact = form.save()
    record(
        Action.CHANGE,
        f"Changed {contact} on {contact.child}'s record",
        request=request,
        user=by,
        obj=contact,
        child_id=contact.child_id,
        changes=diff(before, {name: getattr(contact, name) for name in before}),
    )
    return contact


@transaction.atomic
def end_contact(contact: ChildContact, by: Any, request: Any = None) -> None:
    contact.active = False
    contact.save(update_fields=["active"])
    record(
        Action.CHANGE,
        f"{contact} no longer involved with {contact.child}",
        request=request,
        user=by,
        obj=contact,
        child_id=contact.child_id,
    )


def _check_considered_first(child: Child, change: CareChange) -> None:
    """IRO Handbook 3.77: some changes happen only after a review has considered them."""
    from carereview.monitoring.services import changes_implied, needs_review_first

    implied = changes_implied(
        child, change.kind, change.on, change.placement, change.reason_ceased, set(change.declared)
    )
    missing = needs_review_first(child, implied)
    if missing:
        raise ValidationError(
            {
                "kind": (
                    "A review must consider this change before it happens (IRO Handbook 3.77): "
                    f"{'; '.join(missing).lower()}. Record it as a proposed change on the child's "
                    "Events page; once a review has considered it, record the change here."
                )
            }
        )


#: Changes in care that move the child - to another placement (with the same carer or not), or
#: out of care.  A change of legal status only leaves the child where they are.
MOVES = frozenset({"placement", "both", "placement_same_carer", "both_same_carer", "ceased"})


def _check_no_freeze(child: Child, change: CareChange) -> None:
    """IRO Handbook 3.79: while the IRO's request to freeze a placement move stands (agreed, or
    not yet answered) the child is not moved: no move dated on or after the request is recorded
    (one made before it is a fact to record)."""
    from carereview.escalation.services import freeze_in_force

    if change.kind not in MOVES:
        return
    freeze = freeze_in_force(child, on=change.on)
    if freeze is not None:
        state = "agreed" if freeze.response else "waiting for an answer"
        raise ValidationError(
            {
                "kind": (
                    f"The IRO's request of {freeze.requested_on:%-d %B %Y} to freeze a placement "
                    f"move is in force ({state}): {freeze.move_details[:120]}. The move cannot be "
                    "recorded until the freeze is lifted on the child's Escalations page "
                    "(IRO Handbook 3.79)."
                )
            }
        )
