"""Use cases for children's records, and the bridge from the records to the timescale engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.domain.allocation import allocation_deadlines
from carereview.domain.timescales import CareHistory, HeldReview, schedule
from carereview.domain.timescales import Episode as DomainEpisode
from carereview.domain.timescales.model import Schedule
from carereview.notifications.services import alert
from carereview.records.models import Child, Episode
from carereview.staff.models import Role, User


def care_history(child: Child) -> CareHistory:
    """The child's history in the engine's terms.  Uses prefetched `episodes` and `reviews`
    when the caller loaded them, so lists of children cost a fixed number of queries."""
    episodes = tuple(
        DomainEpisode(e.decom, e.rne, e.ls, e.place, e.dec, (e.rec or None) if e.dec else None)
        for e in sorted(child.episodes.all(), key=lambda e: (e.decom, e.pk))
    )
    reviews = tuple(
        HeldReview(r.held_on, r.completed_on)
        for r in sorted(
            (r for r in child.reviews.all() if r.held_on is not None), key=lambda r: r.held_on
        )
    )
    # Significant events and changes awaiting a review bring the next review forward.
    from carereview.monitoring.services import early_review_events

    return CareHistory(
        episodes=episodes,
        reviews=reviews,
        dob=child.date_of_birth,
        events=early_review_events(child),
    )


def child_schedule(
    child: Child, as_of: date | None = None, cal: Any = None, profile: Any = None
) -> Schedule | None:
    history = care_history(child)
    if not history.episodes:
        return None
    return schedule(
        history, as_of or clock.today(), profile or current_profile(), cal or working_calendar()
    )


@dataclass(frozen=True)
class NewChild:
    reference: str
    first_name: str
    last_name: str
    date_of_birth: date
    gender: str
    ethnicity: str
    first_language: str
    interpreter_needed: bool
    communication_needs: str
    uasc: bool
    looked_after_from: date
    legal_status: str
    placement: str
    carer: str
    placement_address: str


@transaction.atomic
def record_becoming_looked_after(data: NewChild, social_worker: Any, request: Any = None) -> Child:
    """A child starts to be looked after: their record and the first episode (RNE S)."""
    child = Child.objects.create(
        reference=data.reference,
        first_name=data.first_name,
        last_name=data.last_name,
        date_of_birth=data.date_of_birth,
        gender=data.gender,
        ethnicity=data.ethnicity,
        first_language=data.first_language or "English",
        interpreter_needed=data.interpreter_needed,
        communication_needs=data.communication_needs,
        uasc=data.uasc,
        social_worker=social_worker,
    )
    episode = Episode.objects.create(
        child=child,
        decom=data.looked_after_from,
        rne="S",
        ls=data.legal_status,
        place=data.placement,
        carer=data.carer,
        placement_address=data.placement_address,
    )
    record(
        Action.CREATE,
        f"Recorded {child} becoming looked after on {episode.decom}",
        request=request,
        obj=child,
    )
    # IRO Handbook 7.2: the IRO manager is told (within 2 working days; here, at once) so that
    # an IRO is named within 5 working days.
    deadlines = allocation_deadlines(episode.decom, working_calendar())
    alert(
        User.objects.filter(role=Role.IRO_MANAGER, is_active=True),
        f"{child} became looked after on {episode.decom:%-d %B %Y}: allocate an IRO",
        link=reverse("child_allocation", args=[child.pk]),
        respond_by=deadlines.allocate_by,
        child_id=child.pk,
    )
    return child
