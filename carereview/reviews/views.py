"""Arranging and recording reviews."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carereview.core import clock
from carereview.core.forms import add_errors
from carereview.records.access import child_for
from carereview.records.services import child_schedule
from carereview.reviews import services
from carereview.reviews.forms import ReviewHeldForm, ScheduleReviewForm
from carereview.staff.access import can_schedule_reviews, visible_children


@login_required
def review_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_schedule_reviews(request.user):
        raise PermissionDenied
    child = child_for(request, pk, "arrange the next review")
    today = clock.today()
    planned = services.planned_review(child)
    initial = {}
    if planned and planned.scheduled_for:
        local = timezone.localtime(planned.scheduled_for)
        initial = {
            "date": local.date(),
            "time": local.time().strftime("%H:%M"),
            "venue": planned.venue,
        }
    siblings = visible_children(request.user).filter(siblings=child)
    form = ScheduleReviewForm(
        request.POST or None, initial=initial, child_age=child.age_on(today), siblings=siblings
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        when = timezone.make_aware(datetime.combine(data["date"], data["time"]))
        try:
            services.schedule_next_review(
                child,
                when,
                data["venue"].strip(),
                request.user,
                data["in_school_hours_because"].strip(),
                data["brought_forward"],
                data["brought_forward_details"].strip(),
                request=request,
                without_meeting=data["without_meeting"],
                siblings=list(data["siblings"]),
                postponed_because=data["postponed_because"],
                postponed_details=data["postponed_details"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"The next review is set for {when:%-d %B %Y at %H:%M}. The calendar invitation "
                "is emailed to the IRO and everyone invited who has an email address.",
            )
            return redirect("child_detail", pk=child.pk)
    schedule = child_schedule(child, today)
    return render(
        request,
        "reviews/schedule.html",
        {
            "child": child,
            "form": form,
            "tab": "summary",
            "next": schedule.next_review if schedule else None,
            # A review with a date already may be put back: the form asks why (seed 001 s17).
            "may_postpone": bool(planned and planned.scheduled_for),
        },
    )


@login_required
def review_held(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_schedule_reviews(request.user):
        raise PermissionDenied
    child = child_for(request, pk, "record a review held")
    form = ReviewHeldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_review_held(
                child,
                data["held_on"],
                data["chair"],
                data["participation"],
                request.user,
                request=request,
                late_reason=data["late_reason"],
                late_reason_details=data["late_reason_details"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"The review held on {data['held_on']:%-d %B %Y} is recorded."
            )
            return redirect("child_detail", pk=child.pk)
    # The reason for lateness is asked for only when the review is late (IRO Handbook 7.11):
    # when the next review's deadline has passed already, or the date given turned out late.
    schedule = child_schedule(child, clock.today())
    upcoming = schedule.next_review if schedule else None
    overdue = upcoming is not None and upcoming.statutory_due < clock.today()
    ask_late_reason = (
        overdue
        or bool(form.errors.get("late_reason") or form.errors.get("late_reason_details"))
        or bool(form.data.get("late_reason"))
    )
    return render(
        request,
        "reviews/held.html",
        {
            "child": child,
            "form": form,
            "tab": "summary",
            "ask_late_reason": ask_late_reason,
            "due": upcoming,
        },
    )
