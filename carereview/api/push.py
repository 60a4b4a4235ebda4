"""What the case system sends in: children, changes in care, significant events.

Every write goes through the use case the web pages use (records.services, records.changes,
monitoring.services), so the same rules hold - the IRO manager told of a new child (IRO
Handbook 7.2), no move while a freeze stands (H 3.79), changes a review must consider first
(H 3.77), the IRO told of an event (H 3.74) - and the same audit entries are written, under the
client's name.  Each is keyed on what the case system knows (the child's reference, an
episode's start and codes, an event's kind, date and text), so a message sent again changes
nothing and gets 200.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from carereview.api.access import child_for, children_for, client_of, not_found
from carereview.api.schemas import CareEndedIn, ChildIn, EpisodeIn, EventIn
from carereview.audit.log import diff, record
from carereview.audit.models import Action
from carereview.domain.ages import adult_on
from carereview.monitoring import services as monitoring
from carereview.monitoring.models import SignificantEvent
from carereview.records import changes
from carereview.records.models import Child, Episode
from carereview.records.services import NewChild, record_becoming_looked_after
from carereview.staff.models import Role, User

#: RNE -> the kind of change as records.changes names it.
KIND_OF_RNE = {
    "S": "started",
    "L": "legal_status",
    "P": "placement",
    "T": "placement_same_carer",
    "B": "both",
    "U": "both_same_carer",
}

#: The services' field names -> the API's.
FIELD_NAMES = {
    "on": "decom",
    "kind": "rne",
    "legal_status": "ls",
    "placement": "place",
    "reason_ceased": "rec",
}

#: Details a child's record keeps beyond what becoming looked after records.
DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "religion",
    "first_language",
    "interpreter_needed",
    "communication_needs",
    "communication_method",
    "uasc",
    "upn",
)


class Problem(Exception):
    """A request the service cannot act on, with what was wrong field by field."""

    def __init__(self, status: int, detail: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}


def invalid(errors: dict[str, str]) -> Problem:
    return Problem(422, "The request has errors: nothing was changed", errors)


def _from_service(error: ValidationError, renamed: dict[str, str] | None = None) -> Problem:
    names = {**FIELD_NAMES, **(renamed or {})}
    if hasattr(error, "error_dict"):
        found = {
            names.get(field, field): " ".join(messages)
            for field, messages in error.message_dict.items()
        }
    else:
        found = {"": " ".join(error.messages)}
    return invalid(found)


def _social_worker(email: str | None) -> User | None:
    if not email:
        return None
    found = list(
        User.objects.filter(
            email__iexact=email,
            is_active=True,
            role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER],
        )[:2]
    )
    if len(found) != 1:
        raise invalid(
            {
                "social_worker_email": f"No one social worker in carereview has the email "
                f"address {email}: ask the carereview administrator to add them, or leave "
                "social_worker_email out"
            }
        )
    return found[0]


def put_child(request: HttpRequest, reference: str, data: ChildIn) -> tuple[Child, bool]:
    """Create the child (becoming looked after) or bring their details up to date.  Returns
    the child and whether they were new."""
    if Child.objects.filter(reference=reference).exists():
        child = child_for(request, reference, "send details")
        with transaction.atomic():
            return _update_child(request, _locked(child), data), False
    # As on the web page for a new child, a reference is one child in any letter case: "ab123"
    # is not a second record of AB123 (nor, for a client not allowed to see AB123, a way round
    # its restriction).
    clash = Child.objects.filter(reference__iexact=reference).first()
    if clash is not None:
        if not children_for(client_of(request)).filter(pk=clash.pk).exists():
            not_found(request, reference, clash.pk, "send details")
        raise invalid(
            {
                "reference": f"carereview holds a child with the reference {clash.reference}: "
                "a reference names one child in any letter case, so send that one"
            }
        )
    try:
        with transaction.atomic():
            return _create_child(request, reference, data), True
    except IntegrityError:
        # The same new child sent twice at the same moment: the other request created them.
        raise Problem(
            409, "The child was being created by another request: send it again"
        ) from None


def _locked(child: Child) -> Child:
    """The child's row held to the end of the transaction: two messages about one child are
    dealt with one after the other, so a message sent twice at once is recorded once."""
    return Child.objects.select_for_update().get(pk=child.pk)


def _create_child(request: HttpRequest, reference: str, data: ChildIn) -> Child:
    start = data.looked_after
    if start is None:
        raise invalid(
            {
                "looked_after": "The child is new to carereview: give the date they became "
                "looked after (decom), their legal status (ls) and placement (place)"
            }
        )
    if start.decom < data.date_of_birth:
        raise invalid({"looked_after.decom": "The date must be on or after the date of birth"})
    if adult_on(data.date_of_birth, start.decom):
        raise invalid(
            {
                "looked_after.decom": "The child was 18 or over on that date: they cannot "
                "become looked after"
            }
        )
    worker = _social_worker(data.social_worker_email)
    child = record_becoming_looked_after(
        NewChild(
            reference=reference,
            first_name=data.first_name,
            last_name=data.last_name,
            date_of_birth=data.date_of_birth,
            gender=data.gender,
            ethnicity=data.ethnicity,
            first_language=data.first_language,
            interpreter_needed=data.interpreter_needed,
            communication_needs=data.communication_needs,
            uasc=data.uasc,
            looked_after_from=start.decom,
            legal_status=start.ls,
            placement=start.place,
            carer=start.carer,
            placement_address=start.placement_address,
        ),
        social_worker=worker,
        request=request,
    )
    # What the web form for a new child does not ask, the case system may hold already.
    child.preferred_name = data.preferred_name
    child.religion = data.religion
    child.communication_method = data.communication_method
    child.upn = data.upn
    child.save(update_fields=["preferred_name", "religion", "communication_method", "upn"])
    return child


def _update_child(request: HttpRequest, child: Child, data: ChildIn) -> Child:
    sent = data.model_fields_set
    wanted: dict[str, Any] = {
        name: getattr(data, name)
        for name in DETAIL_FIELDS
        if name in sent or name in ("first_name", "last_name", "date_of_birth", "gender")
    }
    first = child.episodes.order_by("decom").values_list("decom", flat=True).first()
    if first is not None and data.date_of_birth > first:
        raise invalid(
            {
                "date_of_birth": f"The date of birth must be on or before {first}, when the child's "
                "first episode of care began"
            }
        )
    starts = child.episodes.filter(rne="S").values_list("decom", flat=True)
    if data.date_of_birth != child.date_of_birth and any(
        adult_on(data.date_of_birth, start) for start in starts
    ):
        raise invalid(
            {
                "date_of_birth": "With this date of birth the child would have been 18 or over "
                "when they became looked after: check it"
            }
        )
    if "social_worker_email" in sent and data.social_worker_email:
        wanted["social_worker"] = _social_worker(data.social_worker_email)
    before = {name: getattr(child, name) for name in wanted}
    changed = {name: value for name, value in wanted.items() if before[name] != value}
    if not changed:
        record(
            Action.CHANGE,
            f"API: details of {child} sent again: nothing changed",
            request=request,
            obj=child,
        )
        return child
    for name, value in changed.items():
        setattr(child, name, value)
    # A page open on the child's details now shows an edit conflict rather than overwrite this.
    child.version += 1
    child.save()
    record(
        Action.CHANGE,
        f"API: details changed for {child}",
        request=request,
        obj=child,
        changes=diff({n: before[n] for n in changed}, changed),
    )
    return child


def add_episode(request: HttpRequest, reference: str, data: EpisodeIn) -> tuple[Episode, bool]:
    """A change in care, in SSDA903 terms.  Returns the episode and whether it is new."""
    child = child_for(request, reference, "record a change in care")
    with transaction.atomic():
        return _add_episode(request, _locked(child), data)


def _add_episode(request: HttpRequest, child: Child, data: EpisodeIn) -> tuple[Episode, bool]:
    same = child.episodes.filter(decom=data.decom, rne=data.rne, ls=data.ls, place=data.place)
    if same.exists():
        episode = same.order_by("pk").first()
        record(
            Action.CHANGE,
            f"API: episode from {data.decom} for {child} sent again: already recorded",
            request=request,
            obj=child,
        )
        return episode, False  # type: ignore[return-value]
    if data.decom < child.date_of_birth:
        raise invalid({"decom": "The date must be on or after the child's date of birth"})
    if data.rne == "S" and adult_on(child.date_of_birth, data.decom):
        raise invalid(
            {"decom": "The child was 18 or over on that date: they cannot become looked after"}
        )
    _check_codes_agree(child, data)
    try:
        changes.record_care_change(
            child,
            changes.CareChange(
                kind=KIND_OF_RNE[data.rne],
                on=data.decom,
                legal_status=data.ls,
                placement=data.place,
                carer=data.carer,
                placement_address=data.placement_address,
                declared=frozenset(data.declared),
            ),
            client_of(request).account,
            request=request,
        )
    except ValidationError as error:
        raise _from_service(error) from None
    return child.episodes.filter(decom=data.decom).order_by("-pk").first(), True  # type: ignore[return-value]


def _check_codes_agree(child: Child, data: EpisodeIn) -> None:
    """SSDA903: RNE says what changed, so the codes must show that change and no other."""
    current = child.episodes.filter(dec__isnull=True).order_by("decom", "pk").last()
    if current is None:
        return  # the service says the child must start to be looked after again (RNE S)
    if data.rne in ("P", "T") and data.ls != current.ls:
        raise invalid(
            {
                "ls": f"RNE {data.rne} is a change of placement only, but the legal status "
                f"{data.ls} differs from the current one ({current.ls}): use B or U"
            }
        )
    if data.rne == "L" and data.place != current.place:
        raise invalid(
            {
                "place": f"RNE L is a change of legal status only, but the placement "
                f"{data.place} differs from the current one ({current.place}): use B or U"
            }
        )
    if data.rne in ("B", "U") and data.ls == current.ls:
        raise invalid(
            {
                "ls": f"RNE {data.rne} changes the legal status, but {data.ls} is the current "
                "one: use P or T"
            }
        )


def end_care(request: HttpRequest, reference: str, data: CareEndedIn) -> tuple[Episode, bool]:
    """The child stops being looked after.  Returns the episode that ended, and whether it
    ended now (False: it had ended already with this date and reason)."""
    child = child_for(request, reference, "record care ending")
    with transaction.atomic():
        return _end_care(request, _locked(child), data)


def _end_care(request: HttpRequest, child: Child, data: CareEndedIn) -> tuple[Episode, bool]:
    last = child.episodes.order_by("decom", "pk").last()
    if last is not None and last.dec == data.dec and last.rec == data.rec:
        record(
            Action.CHANGE,
            f"API: end of care on {data.dec} for {child} sent again: already recorded",
            request=request,
            obj=child,
        )
        return last, False
    try:
        changes.record_care_change(
            child,
            changes.CareChange(
                kind="ceased",
                on=data.dec,
                reason_ceased=data.rec,
                declared=frozenset(data.declared),
            ),
            client_of(request).account,
            request=request,
        )
    except ValidationError as error:
        raise _from_service(error, {"on": "dec", "kind": ""}) from None
    ended = child.episodes.filter(dec=data.dec, rec=data.rec).order_by("-pk").first()
    return ended, True  # type: ignore[return-value]


def add_event(request: HttpRequest, reference: str, data: EventIn) -> tuple[SignificantEvent, bool]:
    """A significant event; the IRO is told and decides whether a review is needed."""
    child = child_for(request, reference, "record a significant event")
    with transaction.atomic():
        return _add_event(request, _locked(child), data)


def _add_event(request: HttpRequest, child: Child, data: EventIn) -> tuple[SignificantEvent, bool]:
    same = child.events.filter(kind=data.kind, occurred_on=data.occurred_on, details=data.details)
    if same.exists():
        record(
            Action.CHANGE,
            f"API: event of {data.occurred_on} for {child} sent again: already recorded",
            request=request,
            obj=child,
        )
        return same.first(), False  # type: ignore[return-value]
    try:
        event = monitoring.record_event(
            child,
            data.kind,
            data.occurred_on,
            data.details,
            client_of(request).account,
            request=request,
        )
    except ValidationError as error:
        raise _from_service(error, {"on": "occurred_on"}) from None
    return event, True
