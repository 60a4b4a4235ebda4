"""Reviews and decisions out: the dates the case system shows its social workers, the
participation it reports, and the decisions its workers carry out."""

from typing import Any

from django.http import HttpRequest

from carereview.api import reads
from carereview.api.access import child_for, children_for, client_of, needs, viewed
from carereview.api.api import api
from carereview.api.models import Scope
from carereview.api.routes_children import ERRORS, LIMIT, OFFSET, SINCE, Reference
from carereview.api.schemas import DecisionOut, DecisionPage, ReviewPage, ReviewsOut, Since
from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.reviews.models import Review


@api.get(
    "/children/{reference}/reviews",
    response={200: ReviewsOut, **ERRORS},
    summary="A child's reviews: held, and the next one",
    tags=["reviews"],
    auth=needs(Scope.REVIEWS_READ),
)
def child_reviews(request: HttpRequest, reference: str = Reference) -> Any:
    """Scope: reviews:read. Each review held with its participation (PN code) and the
    statutory deadline it was held against; the next review's statutory deadline (CPPCR 2010
    reg 33), the date worked to (a local target when earlier) and the date it is arranged
    for."""
    child = child_for(request, reference, "reviews")
    viewed(request, child, "reviews")
    return reads.reviews_out(child)


@api.get(
    "/children/{reference}/decisions",
    response={200: list[DecisionOut], **ERRORS},
    summary="A child's review decisions",
    tags=["decisions"],
    auth=needs(Scope.DECISIONS_READ),
)
def child_decisions(request: HttpRequest, reference: str = Reference) -> Any:
    """Scope: decisions:read. Every decision of the child's reviews: what, who is
    responsible, by when, and whether it is done (CPPCR 2010 reg 36; IRO Handbook
    3.72-3.73)."""
    client = client_of(request)
    child = child_for(request, reference, "decisions")
    viewed(request, child, "decisions")
    found = reads.decisions_of(children_for(client).filter(pk=child.pk), None)
    return [reads.decision_out(decision) for decision in found]


@api.get(
    "/reviews",
    response={200: ReviewPage, **ERRORS},
    summary="Reviews, a page at a time",
    tags=["reviews"],
    auth=needs(Scope.REVIEWS_READ),
)
def list_reviews(
    request: HttpRequest,
    updated_since: Since | None = SINCE,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Any:
    """Scope: reviews:read. Reviews held or arranged for the children open to this client,
    oldest change first."""
    client = client_of(request)
    found = Review.objects.filter(child__in=children_for(client)).select_related("child")
    since = reads.aware(updated_since)
    if since is not None:
        found = found.filter(updated__gte=since)
    found = found.order_by("updated", "pk")
    page = list(found[offset : offset + limit])
    for review in page:
        record(Action.VIEW, f"API: listed {review}", request=request, obj=review)
    return {
        "count": found.count(),
        "limit": limit,
        "offset": offset,
        "items": [reads.review_item(review) for review in page],
    }


@api.get(
    "/decisions",
    response={200: DecisionPage, **ERRORS},
    summary="Review decisions, a page at a time",
    tags=["decisions"],
    auth=needs(Scope.DECISIONS_READ),
)
def list_decisions(
    request: HttpRequest,
    updated_since: Since | None = SINCE,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Any:
    """Scope: decisions:read. Decisions of the reviews of the children open to this client."""
    client = client_of(request)
    found = reads.decisions_of(children_for(client), reads.aware(updated_since))
    page = list(found[offset : offset + limit])
    for decision in page:
        record(
            Action.VIEW,
            f"API: listed a decision of {decision.review}",
            request=request,
            obj=decision,
            child_id=decision.review.child_id,
        )
    return {
        "count": found.count(),
        "limit": limit,
        "offset": offset,
        "items": [reads.decision_out(decision) for decision in page],
    }
