"""Use cases: the documents of a review (for everyone, per person invited, per recipient on the
distribution list), the Cafcass bundle, and an authority uploading its own template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.documents import engine, render
from carereview.documents.context import review_context
from carereview.documents.kinds import (
    CONTENT_TYPES,
    DOCX,
    FORMATS,
    HTML,
    KINDS,
    PLAINER_UNDER,
    child_letter_kind,
    consultation_kind,
)
from carereview.documents.models import DocumentTemplate
from carereview.documents.samples import sample_contexts
from carereview.reviews.cycle import meeting_date
from carereview.reviews.models import Distribution, Invitee, Review

#: A template bigger than this is refused (a letter with a logo is well under 1 MB).
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
TemplateProblem = engine.TemplateProblem


@dataclass(frozen=True)
class Produced:
    kind: str
    content: bytes
    filename: str
    content_type: str


def _younger(review: Review) -> bool:
    day = meeting_date(review) or clock.today()
    return review.child.age_on(day) < PLAINER_UNDER


def _produce(kind: str, fmt: str, context: dict[str, Any], name: str) -> Produced:
    content = render.document(kind, fmt, context)
    return Produced(kind, content, f"{name}.{fmt}", CONTENT_TYPES[fmt])


def _stem(review: Review, what: str) -> str:
    day = meeting_date(review)
    when = f"{day:%Y-%m-%d}" if day else "unscheduled"
    return f"{what.replace('_', '-')}-{review.child.reference}-{when}"


def review_kind(review: Review, which: str) -> str:
    """which: "decisions", "review_record" or "letter_child" (the letter for the child's age)."""
    if which == "letter_child":
        return child_letter_kind(_younger(review))
    if which in ("decisions", "review_record"):
        return which
    raise KeyError(which)


def review_document(review: Review, which: str, fmt: str) -> Produced:
    """The office copy of the decisions or the record, or the letter to the child (who is always
    told the outcome in words for their age; their own copy keeps their placement address).
    The child's letter is always the child's copy, a family member's: never the office copy,
    even when the child is not on the invitation list."""
    kind = review_kind(review, which)
    if which != "letter_child":
        return _produce(kind, fmt, review_context(review), _stem(review, kind))
    invitee = review.invitees.filter(role="child").first()
    context = review_context(review, invitee, Distribution.OUTCOME_LETTER, child_copy=True)
    return _produce(kind, fmt, context, _stem(review, kind))


def invitee_kind(review: Review, invitee: Invitee, which: str) -> str | None:
    """which: "invitation" or "consultation" (the form for this person's role and age)."""
    if which == "invitation":
        return "invitation"
    if which == "consultation":
        return consultation_kind(invitee.role, _younger(review))
    raise KeyError(which)


def invitee_document(review: Review, invitee: Invitee, which: str, fmt: str) -> Produced:
    kind = invitee_kind(review, invitee, which)
    if kind is None:
        raise KeyError(which)
    context = review_context(review, invitee)
    return _produce(kind, fmt, context, f"{_stem(review, kind)}-{invitee.role}-{invitee.pk}")


def recipient_kind(line: Distribution) -> str | None:
    if line.receives == Distribution.FULL_RECORD:
        return "review_record"
    if line.receives == Distribution.DECISIONS:
        return "decisions"
    if line.receives == Distribution.OUTCOME_LETTER:
        if line.invitee.role == "child":
            return child_letter_kind(_younger(line.review))
        return "outcome_letter"
    return None


def recipient_document(line: Distribution, fmt: str) -> Produced:
    """One person's copy after the review, with what the distribution list leaves out left out
    (IRO Handbook 3.69; redaction.py)."""
    kind = recipient_kind(line)
    if kind is None:
        raise KeyError(line.receives)
    context = review_context(line.review, line.invitee, line.receives)
    name = f"{_stem(line.review, kind)}-{line.invitee.role}-{line.pk}"
    return _produce(kind, fmt, context, name)


def referral_bundle(referral: Any, fmt: str, as_of: Any = None) -> bytes:
    """The Cafcass referral bundle (escalation/bundle.py assembles it) through the templates."""
    from carereview.documents.context import bundle_context

    context = bundle_context(referral, as_of)
    if fmt == "html":
        return render.html_document("cafcass_bundle", context).encode("utf-8")
    return render.document("cafcass_bundle", fmt, context)


# An authority's own template --------------------------------------------------------------------


def check_template(kind: str, fmt: str, content: bytes) -> None:
    """Test-render an upload against the made-up samples (full and sparse): raises a
    TemplateProblem naming what is wrong and where."""
    if kind not in KINDS:
        raise TemplateProblem(f"There is no document called “{kind}”.")
    if fmt not in FORMATS:
        raise TemplateProblem(f"Templates are Word (.docx) or HTML, not “{fmt}”.")
    if not content:
        raise TemplateProblem("The file is empty.")
    if len(content) > MAX_TEMPLATE_BYTES:
        raise TemplateProblem(
            f"The file is {len(content) // 1024} KB; templates may be up to "
            f"{MAX_TEMPLATE_BYTES // (1024 * 1024)} MB."
        )
    contexts = sample_contexts(kind)
    if fmt == DOCX:
        engine.check_docx(content, contexts)
        return
    try:
        source = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TemplateProblem(
            f"The HTML template is not UTF-8 text (byte {error.start} cannot be read): save it "
            "as UTF-8."
        ) from error
    engine.check_html(source, contexts)
    try:
        render.pdf_from_html(engine.render_html(source, contexts[0]))
    except Exception as error:
        raise TemplateProblem(
            f"The HTML is filled in but cannot be made into a PDF ({type(error).__name__}: "
            f"{error})."
        ) from error


@transaction.atomic
def upload_template(
    kind: str,
    fmt: str,
    content: bytes,
    by: Any,
    filename: str = "",
    request: Any = None,
    active: bool = True,
    checked: bool = False,
) -> DocumentTemplate:
    """Check (unless the caller just did), then keep it; if active, it is in use at once for
    every app server (it is in the database) and the one in use before is kept, inactive."""
    if not checked:
        check_template(kind, fmt, content)
    if active:
        DocumentTemplate.objects.select_for_update().filter(
            kind=kind, format=fmt, active=True
        ).update(active=False)
    template = DocumentTemplate.objects.create(
        kind=kind,
        format=fmt,
        content=content,
        filename=filename[:200],
        uploaded_by=by if getattr(by, "pk", None) else None,
        uploaded_at=clock.now(),
        active=active,
    )
    record(
        Action.CREATE,
        f"Document template uploaded: {KINDS[kind].title} ({FORMATS[fmt]})",
        request=request,
        user=by,
        obj=template,
    )
    return template


def default_template(kind: str, fmt: str) -> bytes:
    """The shipped template: where an authority starts its own from."""
    return KINDS[kind].default_path(fmt).read_bytes()


__all__ = [
    "DOCX",
    "HTML",
    "Produced",
    "TemplateProblem",
    "check_template",
    "invitee_document",
    "recipient_document",
    "referral_bundle",
    "review_document",
    "upload_template",
]
