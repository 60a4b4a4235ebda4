"""The documents of a review: the page that lists them, and each one downloaded as PDF or Word.

Who may open them follows the review pages (reviews.views_cycle.review_for: the child's record
must be visible to the user, else 404 and the refusal audited); invitations and consultation forms
are for those who send them, the copies on the distribution list for those who distribute.  Every
download is audited as an export.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.documents import services
from carereview.documents.kinds import CONTENT_TYPES, FORMATS, KINDS
from carereview.documents.models import DocumentTemplate
from carereview.documents.samples import names_available
from carereview.reviews.models import Distribution, Invitee, Review
from carereview.reviews.views_cycle import CAN_INVITE, _require, review_for
from carereview.reviews.views_distribution import CAN_DISTRIBUTE
from carereview.staff.access import has_role

DOWNLOADS = ("pdf", "docx")


def _download(
    request: HttpRequest,
    review: Review,
    produced: services.Produced,
    who: str,
    changes: dict[str, Any] | None = None,
) -> HttpResponse:
    record(
        Action.EXPORT,
        f"{KINDS[produced.kind].title} ({produced.filename.rsplit('.', 1)[-1]}){who} "
        f"produced for {review}",
        request=request,
        obj=review,
        child_id=review.child_id,
        changes={"kind": [produced.kind], **(changes or {})},
    )
    response = HttpResponse(produced.content, content_type=produced.content_type)
    response["Content-Disposition"] = f'attachment; filename="{produced.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _problem(request: HttpRequest, review: Review, problem: Exception) -> HttpResponse:
    """An authority's template that fails on real data: said plainly, never a traceback."""
    return render(
        request,
        "documents/problem.html",
        {
            "child": review.child,
            "problem": str(problem),
            "what": "The document could not be made",
            "back": reverse("documents:review", args=[review.pk]),
            "back_text": "Back to the review’s documents",
        },
        status=500,
    )


@login_required
def review_documents(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(request, pk, "documents")
    can_invite = has_role(request.user, *CAN_INVITE)
    can_distribute = has_role(request.user, *CAN_DISTRIBUTE)
    invitees = []
    if can_invite:
        for invitee in review.invitees.filter(invited=True):
            kind = services.invitee_kind(review, invitee, "consultation")
            invitees.append({"invitee": invitee, "form": KINDS[kind].title if kind else ""})
    after = []
    if review.held_on:
        after = [
            {"which": which, "title": KINDS[services.review_kind(review, which)].title}
            for which in ("decisions", "review_record", "letter_child")
        ]
    lines = []
    if can_distribute and review.held_on:
        # Only what has been decided: the proposal is made on the distribution page, not here.
        for line in review.distribution.select_related("invitee").order_by("invitee_id"):
            kind = services.recipient_kind(line)
            if kind:
                lines.append({"line": line, "title": KINDS[kind].title})
    return render(
        request,
        "documents/review.html",
        {
            "review": review,
            "child": review.child,
            "invitees": invitees,
            "after": after,
            "lines": lines,
            "can_invite": can_invite,
            "can_distribute": can_distribute,
            "formats": DOWNLOADS,
        },
    )


@login_required
def review_file(request: HttpRequest, pk: int, which: str, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS or which not in ("decisions", "review_record", "letter_child"):
        raise Http404
    review = review_for(request, pk, "documents")
    if not review.held_on:
        raise Http404("The review has not been held")
    try:
        produced = services.review_document(review, which, fmt)
    except services.TemplateProblem as problem:
        return _problem(request, review, problem)
    return _download(request, review, produced, "")


@login_required
def invitee_file(request: HttpRequest, pk: int, invitee: int, which: str, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS or which not in ("invitation", "consultation"):
        raise Http404
    review = review_for(request, pk, "documents")  # who may see the review, first
    _require(request, *CAN_INVITE)
    person = Invitee.objects.filter(review=review, pk=invitee, invited=True).first()
    if person is None or services.invitee_kind(review, person, which) is None:
        raise Http404
    try:
        produced = services.invitee_document(review, person, which, fmt)
    except services.TemplateProblem as problem:
        return _problem(request, review, problem)
    return _download(request, review, produced, f" for {person.name}")


@login_required
def recipient_file(request: HttpRequest, pk: int, line: int, fmt: str) -> HttpResponse:
    """One person's copy after the review, as the distribution list decides (IRO Handbook
    3.69); `?sent` marks it sent."""
    if fmt not in DOWNLOADS:
        raise Http404
    review = review_for(request, pk, "documents")
    _require(request, *CAN_DISTRIBUTE)
    item = Distribution.objects.filter(review=review, pk=line).select_related("invitee").first()
    if item is None or item.receives == Distribution.NOTHING:
        raise Http404
    item.review = review
    try:
        produced = services.recipient_document(item, fmt)
    except services.TemplateProblem as problem:
        return _problem(request, review, problem)
    if request.GET.get("sent") is not None and item.sent_on is None:
        item.sent_on = clock.today()
        item.save(update_fields=["sent_on"])
    return _download(
        request,
        review,
        produced,
        f" for {item.invitee.name}",
        {
            "receives": [item.receives],
            "placement_address_left_out": [str(item.leave_out_placement_address)],
        },
    )


# The templates, for the authority's administrators ---------------------------------------------


@staff_member_required
def templates_page(request: HttpRequest) -> HttpResponse:
    """Every kind of document: its shipped templates to start from, the one in use, and the
    names a template can use."""
    own = {
        (t.kind, t.format): t for t in DocumentTemplate.objects.filter(active=True).defer("content")
    }
    kinds = [
        {
            "kind": kind,
            "own": {fmt: own.get((kind.key, fmt)) for fmt in FORMATS},
            "names": names_available(kind.key),
        }
        for kind in KINDS.values()
    ]
    return render(request, "documents/templates.html", {"kinds": kinds, "formats": FORMATS})


@staff_member_required
def template_file(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """A shipped template, or with ?id= one the authority uploaded."""
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404
    wanted = request.GET.get("id", "")
    if wanted:
        # ASCII digits of a size a key can have ("²" is a digit to isdigit() but not to int()).
        if not (wanted.isascii() and wanted.isdigit() and len(wanted) <= 18):
            raise Http404("No such template")
        chosen = get_object_or_404(DocumentTemplate, pk=int(wanted), kind=kind, format=fmt)
        content = bytes(chosen.content)
    else:
        content = services.default_template(kind, fmt)
    kinds = {"docx": CONTENT_TYPES["docx"], "html": "text/html; charset=utf-8"}
    response = HttpResponse(content, content_type=kinds[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    return response
