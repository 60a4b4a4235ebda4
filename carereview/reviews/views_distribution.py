"""Who receives what after a review, and the document for each of them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core.typed_work import keeps_typed_work
from carereview.reviews import documents
from carereview.reviews.models import Distribution
from carereview.reviews.views_cycle import _require, review_for
from carereview.staff.models import Role

CAN_DISTRIBUTE = (Role.IRO, Role.IRO_MANAGER, Role.BUSINESS_SUPPORT)


@keeps_typed_work
@login_required
def distribution(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, *CAN_DISTRIBUTE)
    review = review_for(request, pk, "distribution")
    if not review.held_on:
        raise Http404("The review has not been held")
    lines = documents.default_distribution(review, request.user)
    problems: dict[int, str] = {}
    if request.method == "POST":
        valid = {choice for choice, _ in Distribution.WHAT}
        # Only the lines the form showed (its hidden "lines"): a line added since, by someone
        # invited meanwhile, keeps what it says, not "leave nothing out" for a box never shown.
        shown = {int(v) for v in request.POST.getlist("lines") if v.strip().isdecimal()}
        changed = [line for line in lines if line.pk in shown]
        for line in changed:
            receives = request.POST.get(f"receives-{line.pk}", line.receives)
            if receives not in valid:
                problems[line.pk] = f"Choose what {line.invitee.name} receives"
                continue
            line.receives = receives
            line.leave_out_placement_address = bool(request.POST.get(f"leave_out-{line.pk}"))
            line.decision_reason = request.POST.get(f"reason-{line.pk}", "").strip()
            line.decided_by = request.user
            if (
                documents.absent_parent(line.invitee)
                and receives != Distribution.FULL_RECORD
                and not line.decision_reason
            ):
                problems[line.pk] = (
                    f"{line.invitee.name} did not attend: record why they "
                    "receive less than the full record"
                )
        if not problems:
            with transaction.atomic():
                for line in changed:
                    line.save()
            record(
                Action.CHANGE,
                f"Distribution decided for {review}",
                request=request,
                obj=review,
                child_id=review.child_id,
            )
            messages.success(request, "Who receives what is saved.")
            return redirect("review_distribution", pk=review.pk)
    return render(
        request,
        "reviews/distribution.html",
        {
            "review": review,
            "child": review.child,
            "lines": lines,
            "problems": problems,
            "choices": Distribution.WHAT,
            "address_known": bool(documents.placement_address(review)),
        },
    )


@login_required
def distribution_document(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    """The Word copy at its first address; carereview/documents makes it (PDF or Word) from the
    authority's templates, checks access and audits the download."""
    from carereview.documents.views import recipient_file

    return recipient_file(request, pk, line, "docx")
