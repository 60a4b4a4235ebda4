"""Children: their records out; their details, changes in care and significant events in."""

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Status

from carereview.api import push, reads
from carereview.api.access import child_for, children_for, client_of, needs, viewed
from carereview.api.api import api
from carereview.api.models import Scope
from carereview.api.schemas import (
    REFERENCE_PATTERN,
    ApiError,
    CareEndedIn,
    ChildIn,
    ChildOut,
    ChildPage,
    EpisodeIn,
    EpisodeOut,
    EventIn,
    EventOut,
    Since,
)
from carereview.records.models import Child

#: Every operation may answer with these (the fuzz run holds the API to it).
ERRORS: dict[int, Any] = {
    400: ApiError,
    401: ApiError,
    403: ApiError,
    404: ApiError,
    413: ApiError,
    422: ApiError,
}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: ApiError}

Reference = Path(
    ...,
    pattern=REFERENCE_PATTERN,
    description="The child's reference (SSDA903 CHILD)",
    example="T00001",
)
#: Above this an offset is a mistake, and the database could not take it.
MAX_OFFSET = 10_000_000
#: The paging and synchronising parameters of every list.
SINCE = Query(None, description="Only what changed at or after this moment (ISO 8601)")
LIMIT = Query(50, ge=1, le=200, description="How many to a page")
OFFSET = Query(0, ge=0, le=MAX_OFFSET, description="How many to skip")


def _record(child: Child) -> dict[str, Any]:
    return reads.child_out(reads.with_record(Child.objects.filter(pk=child.pk)).get())


@api.get(
    "/children",
    response={200: ChildPage, **ERRORS},
    summary="Children, a page at a time",
    tags=["children"],
    auth=needs(Scope.CHILDREN_READ),
)
def list_children(
    request: HttpRequest,
    updated_since: Since | None = SINCE,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Any:
    """Scope: children:read. Children open to this client, by reference. With
    `updated_since`, only those whose record or reviews changed since then: keep the time of
    your last call and send it."""
    client = client_of(request)
    found = reads.changed_since(children_for(client), reads.aware(updated_since))
    page = list(reads.with_record(found.order_by("reference"))[offset : offset + limit])
    for child in page:
        viewed(request, child, "listed")
    return {
        "count": found.count(),
        "limit": limit,
        "offset": offset,
        "items": [reads.child_out(child) for child in page],
    }


@api.get(
    "/children/{reference}",
    response={200: ChildOut, **ERRORS},
    summary="A child's record",
    tags=["children"],
    auth=needs(Scope.CHILDREN_READ),
)
def get_child(request: HttpRequest, reference: str = Reference) -> Any:
    """Scope: children:read. The child's details, episodes, social worker and IRO. Case
    notes and the placement address are never sent."""
    child = child_for(request, reference, "record")
    viewed(request, child, "record")
    return _record(child)


@api.put(
    "/children/{reference}",
    response={200: ChildOut, 201: ChildOut, **WRITE_ERRORS},
    summary="Send a child: new, or changes to their details",
    tags=["children"],
    auth=needs(Scope.CHILDREN_WRITE),
)
def put_child(request: HttpRequest, data: ChildIn, reference: str = Reference) -> Any:
    """Scope: children:write. A child new to carereview needs `looked_after` (their first
    episode): the IRO manager is told to allocate an IRO. For a child carereview holds, the
    details sent replace those held; a field left out keeps its value. Sending the same
    again changes nothing (200)."""
    child, created = push.put_child(request, reference, data)
    return Status(201 if created else 200, _record(child))


@api.post(
    "/children/{reference}/episodes",
    response={200: EpisodeOut, 201: EpisodeOut, **WRITE_ERRORS},
    summary="Send a change in care (a new episode)",
    tags=["children"],
    auth=needs(Scope.EPISODES_WRITE),
)
def post_episode(request: HttpRequest, data: EpisodeIn, reference: str = Reference) -> Any:
    """Scope: episodes:write. A move, a change of legal status or both, or a return to care
    (RNE S), from `decom`. The current episode ends that day (REC X1). The same episode sent
    again: 200, nothing changed. Refused (422) while the IRO's freeze on a move stands (IRO
    Handbook 3.79) or when a review must consider the change first (3.77)."""
    episode, created = push.add_episode(request, reference, data)
    return Status(201 if created else 200, _episode(episode))


@api.post(
    "/children/{reference}/care-ended",
    response={200: EpisodeOut, **WRITE_ERRORS},
    summary="Send the end of care",
    tags=["children"],
    auth=needs(Scope.EPISODES_WRITE),
)
def post_care_ended(request: HttpRequest, data: CareEndedIn, reference: str = Reference) -> Any:
    """Scope: episodes:write. The child stopped being looked after on `dec`, for the reason
    `rec`. Gives back the episode that ended."""
    episode, _ = push.end_care(request, reference, data)
    return _episode(episode)


@api.post(
    "/children/{reference}/events",
    response={200: EventOut, 201: EventOut, **WRITE_ERRORS},
    summary="Send a significant event",
    tags=["children"],
    auth=needs(Scope.EVENTS_WRITE),
)
def post_event(request: HttpRequest, data: EventIn, reference: str = Reference) -> Any:
    """Scope: events:write. The child's IRO is alerted, to decide whether a review is needed
    (IRO Handbook 3.74-3.76). The same kind, date and details sent again: 200, nothing
    changed."""
    event, created = push.add_event(request, reference, data)
    return Status(
        201 if created else 200,
        {
            "kind": event.kind,
            "occurred_on": event.occurred_on,
            "details": event.details,
            "recorded_on": event.recorded_on,
            "review_needed": event.review_needed,
            "decided_on": event.decided_on,
        },
    )


def _episode(episode: Any) -> dict[str, Any]:
    return {
        "decom": episode.decom,
        "rne": episode.rne,
        "ls": episode.ls,
        "place": episode.place,
        "dec": episode.dec,
        "rec": episode.rec or None,
        "carer": episode.carer,
    }
