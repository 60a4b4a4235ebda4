"""Documents after a review, one per recipient: the full record, the decisions, or a letter
telling a child or parent who did not attend what was decided.  Identifying details are left out
per recipient: a parent never receives the placement address unless someone decided they should.
"""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from docx import Document

from carereview.core import clock
from carereview.domain.agenda import MATTERS
from carereview.records.services import child_schedule
from carereview.reviews.models import Distribution, Invitee, Review

REMOVED = "[address removed]"
FAMILY_ROLES = {"mother", "father", "parental_responsibility", "family", "other"}
PROTECTED = {"child", "mother", "father", "parental_responsibility"}


def placement_address(review: Review) -> str:
    day = review.held_on or clock.today()
    address = ""
    for episode in review.child.episodes.all():
        if episode.decom <= day:
            address = episode.placement_address
    return address.strip()


def _clean(text: str, address: str, leave_out: bool) -> str:
    if leave_out and address:
        for line in {address, *[part.strip() for part in address.splitlines() if part.strip()]}:
            text = text.replace(line, REMOVED)
    return text


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


def render(distribution: Distribution) -> bytes:
    review = distribution.review
    child = review.child
    invitee = distribution.invitee
    address = placement_address(review)
    leave_out = distribution.leave_out_placement_address
    schedule = child_schedule(child, review.held_on or clock.today())
    upcoming = schedule.next_review if schedule else None
    held = f"{review.held_on:%-d %B %Y}" if review.held_on else "not yet held"
    doc = Document()
    decisions = list(review.decisions.all())
    if distribution.receives == Distribution.OUTCOME_LETTER:
        doc.add_paragraph(f"Dear {invitee.name},")
        doc.add_paragraph(
            f"The review of {child.first_name}'s care plan took place on {held}. "
            "You were not at the meeting, so this letter tells you what was decided."
        )
        for decision in decisions:
            doc.add_paragraph(
                f"{decision.text} ({decision.responsible}, by {decision.deadline:%-d %B %Y})",
                style="List Bullet",
            )
        if upcoming:
            doc.add_paragraph(f"The next review will be held by {upcoming.due:%-d %B %Y}.")
        if invitee.role == "child":
            doc.add_paragraph(
                "You can have an advocate to help you say what you think, you can make a "
                "complaint if you are unhappy, and you can ask your IRO how to apply to court."
            )
        doc.add_paragraph("Yours sincerely,")
        doc.add_paragraph("Independent reviewing officer")
    else:
        full = distribution.receives == Distribution.FULL_RECORD
        doc.add_heading(
            f"{'Record' if full else 'Decisions'} of the review of "
            f"{child.first_name} {child.last_name}",
            level=1,
        )
        doc.add_paragraph(f"Date of the review: {held}. For: {invitee.name}.")
        if full:
            if not leave_out and address:
                doc.add_paragraph(f"Placement address: {address}")
            if review.participation:
                doc.add_paragraph(
                    f"How {child.first_name} took part: "
                    f"{review.get_participation_display()}. "
                    f"{_clean(review.participation_how, address, leave_out)}"
                )
            doc.add_heading("What the review considered", level=2)
            for key, title in MATTERS.items():
                text = review.agenda.get(key, "").strip()
                if text:
                    doc.add_paragraph(title, style="List Number")
                    doc.add_paragraph(_clean(text, address, leave_out))
            if review.views.strip():
                doc.add_heading("Views", level=2)
                doc.add_paragraph(_clean(review.views, address, leave_out))
        doc.add_heading("Decisions", level=2)
        table = doc.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, ("Decision", "Who", "By"), strict=True):
            cell.text = text
        for decision in decisions:
            row = table.add_row().cells
            row[0].text = _clean(decision.text, address, leave_out)
            row[1].text = decision.responsible
            row[2].text = f"{decision.deadline:%-d %B %Y}"
        if upcoming:
            doc.add_paragraph(f"Next review due by {upcoming.due:%-d %B %Y}.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def text_of(document: bytes) -> str:
    """All the words of a document (for checks and tests)."""
    doc = Document(io.BytesIO(document))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
