"""Documents after a review, one per recipient: the full record, the decisions, or a letter
telling a child or parent who did not attend what was decided.  Identifying details are left out
per recipient: a parent never receives the placement address unless someone decided they should.

The distribution list is decided here; the documents themselves are made by carereview/documents
from templates the authority can change, which also holds the rule for what is left out
(documents/redaction.py).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from carereview.core import clock
from carereview.documents.context_types import REMOVED
from carereview.documents.redaction import FAMILY_ROLES
from carereview.reviews.models import Distribution, Invitee, Review

__all__ = ["FAMILY_ROLES", "REMOVED", "default_distribution", "render", "text_of"]
PROTECTED = {"child", "mother", "father", "parental_responsibility"}


def placement_address(review: Review) -> str:
    day = review.held_on or clock.today()
    address = ""
    for episode in review.child.episodes.all():
        if episode.decom <= day:
            address = episode.placement_address
    return address.strip()


@transaction.atomic
def default_distribution(review: Review, by: Any) -> list[Distribution]:
    """A first proposal: everyone invited gets the record (or, if absent, a letter); family
    members never get the placement address by default."""
    existing = {d.invitee_id: d for d in review.distribution.select_related("invitee")}
    for invitee in review.invitees.filter(invited=True):
        if invitee.pk in existing:
            continue
        attended = invitee.attendance in ("attended", "delegate")
        receives = (
            Distribution.FULL_RECORD
            if attended or invitee.role not in PROTECTED
            else Distribution.OUTCOME_LETTER
        )
        existing[invitee.pk] = Distribution.objects.create(
            review=review,
            invitee=invitee,
            receives=receives,
            decided_by=by,
            leave_out_placement_address=invitee.role in FAMILY_ROLES,
        )
    return sorted(existing.values(), key=lambda d: d.invitee_id)


def absent_parent(invitee: Invitee) -> bool:
    return invitee.role in {
        "mother",
        "father",
        "parental_responsibility",
    } and invitee.attendance not in ("attended", "delegate")


def render(distribution: Distribution, fmt: str = "docx") -> bytes:
    """This recipient's document from the authority's templates (carereview/documents), with
    what the distribution line leaves out left out (documents/redaction.py)."""
    from carereview.documents.services import recipient_document

    return recipient_document(distribution, fmt).content


def text_of(document: bytes) -> str:
    """All the words of a Word document (for checks and tests)."""
    from carereview.documents.engine import docx_text

    return docx_text(document)
