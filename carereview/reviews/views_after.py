"""The pages of one review after the meeting: the team manager's response to the decisions,
the record marked complete and distributed, and further meetings of the same review."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carereview.core.forms import GovDateField, add_errors
from carereview.core.typed_work import keeps_typed_work, restored
from carereview.reviews import cycle
from carereview.reviews.views_cycle import CAN_RECORD, _may_respond, _require, review_for


class ResponseForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="Do you agree with the decisions?",
        coerce=lambda v: v == "yes",
        choices=[("yes", "Yes, I agree"), ("no", "No, I disagree")],
        error_messages={"required": "Say whether you agree"},
    )
    comments = forms.CharField(label="Comments", required=False, widget=forms.Textarea)


@keeps_typed_work
@login_required
def manager_response(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(request, pk, "manager's response")
    if not _may_respond(request.user, review):
        raise PermissionDenied
    form = ResponseForm(request.POST if request.method == "POST" else restored(request))
    if request.method == "POST" and form.is_valid():
        try:
            cycle.respond_to_decisions(
                review,
                form.cleaned_data["agreed"],
                form.cleaned_data["comments"].strip(),
                request.user,
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your response is recorded and the IRO is told.")
            return redirect("review_overview", pk=review.pk)
    return render(
        request,
        "reviews/response.html",
        {
            "review": review,
            "child": review.child,
            "form": form,
            "decisions": list(review.decisions.all()),
            "deemed_agreed_on": cycle.deemed_agreed_on(review),
        },
    )


@require_POST
@login_required
def record_status(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    _require(request, *CAN_RECORD)
    review = review_for(request, pk, "record status")
    action = {"complete": cycle.complete_record, "distribute": cycle.distribute_record}.get(step)
    if action is None:
        raise Http404
    try:
        action(review, request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "The full record is complete."
            if step == "complete"
            else "The record is marked as distributed.",
        )
    return redirect("review_overview", pk=review.pk)


class MeetingForm(forms.Form):
    held_on = GovDateField(
        label="Date of the meeting", error_messages={"required": "Enter the date of the meeting"}
    )
    with_whom = forms.CharField(
        label="Who it was with",
        max_length=300,
        error_messages={"required": "Say who the meeting was with"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)


@keeps_typed_work
@login_required
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, *CAN_RECORD)
    review = review_for(request, pk, "meetings")
    form = MeetingForm(request.POST if request.method == "POST" else restored(request))
    if request.method == "POST" and form.is_valid():
        try:
            cycle.add_meeting(
                review,
                form.cleaned_data["held_on"],
                form.cleaned_data["with_whom"].strip(),
                form.cleaned_data["notes"].strip(),
                request.user,
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The meeting is added to this review.")
            return redirect("review_meetings", pk=review.pk)
    return render(
        request,
        "reviews/meetings.html",
        {
            "review": review,
            "child": review.child,
            "form": form,
            "meetings": list(review.meetings.all()),
        },
    )
