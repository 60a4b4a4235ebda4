"""The review page's part about a review held late: why it was late, correctable afterwards
(IRO Handbook 7.11: the annual report gives the reasons for reviews held out of time)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from carereview.core.forms import add_errors
from carereview.reviews import lateness
from carereview.reviews.forms import LateReasonForm
from carereview.reviews.models import Review


def late_panel(
    request: HttpRequest, review: Review, may_edit: bool
) -> dict[str, Any] | HttpResponse:
    """What the review page shows about lateness, or the redirect after saving a reason.
    Only a review held after its statutory deadline has this part."""
    due = lateness.late_by(
        lateness.due_for_held(review.child, review.held_on) if review.held_on else None
    )
    if due is None:
        return {"late": None, "late_form": None}
    posted = request.method == "POST" and request.POST.get("action") == "late_reason"
    if posted and not may_edit:
        raise PermissionDenied
    form = LateReasonForm(
        request.POST if posted else None,
        initial={
            "late_reason": review.late_reason,
            "late_reason_details": review.late_reason_details,
        },
    )
    if posted and form.is_valid():
        try:
            lateness.set_late_reason(
                review,
                form.cleaned_data["late_reason"],
                form.cleaned_data["late_reason_details"],
                request.user,
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The reason the review was late is saved.")
            return redirect("review_overview", pk=review.pk)
    return {
        "late": {"message": lateness.lateness_message(due), "due": due},
        "late_form": form if may_edit else None,
    }
