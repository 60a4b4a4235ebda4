"""The IRO's monitoring sheet after a review (quality assurance for the service's reports)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.core.typed_work import keeps_typed_work, restored
from carereview.reviews.models import MonitoringSheet
from carereview.reviews.views_cycle import CAN_RECORD, _require, review_for


class MonitoringForm(forms.ModelForm):
    class Meta:
        model = MonitoringSheet
        fields = [
            "child_participation",
            "plan_quality",
            "paperwork_quality",
            "paperwork_on_time",
            "good_practice",
            "concerns",
        ]
        labels = {
            "child_participation": "How the child took part, and what helped or hindered",
            "plan_quality": "Quality of the care plan",
            "paperwork_quality": "Quality of the reports and paperwork",
            "paperwork_on_time": "Reports and plans reached the IRO on time",
            "good_practice": "Good practice seen",
            "concerns": "Concerns (for the IRO manager)",
        }
        error_messages = {
            "plan_quality": {"required": "Rate the quality of the care plan"},
            "paperwork_quality": {"required": "Rate the quality of the paperwork"},
        }


@keeps_typed_work
@login_required
def monitoring_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, *CAN_RECORD)
    review = review_for(request, pk, "monitoring sheet")
    existing = MonitoringSheet.objects.filter(review=review).first()
    form = MonitoringForm(
        request.POST if request.method == "POST" else restored(request), instance=existing
    )
    if request.method == "POST" and form.is_valid():
        sheet = form.save(commit=False)
        sheet.review = review
        sheet.completed_by = request.user
        sheet.completed_on = clock.today()
        sheet.save()
        record(
            Action.CHANGE,
            f"Monitoring sheet saved for {review}",
            request=request,
            obj=sheet,
            child_id=review.child_id,
        )
        messages.success(request, "The monitoring sheet is saved.")
        return redirect("review_overview", pk=review.pk)
    return render(
        request, "reviews/monitoring.html", {"review": review, "child": review.child, "form": form}
    )
