"""Children's records: the list, a child's pages, and a child becoming looked after."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.domain.allocation import allocation_deadlines
from carereview.domain.timescales.derived import before_review
from carereview.domain.timescales.model import ReviewStatus
from carereview.records.access import child_for
from carereview.records.forms import BecomingLookedAfterForm, ChildSearchForm
from carereview.records.queries import with_schedules
from carereview.records.services import NewChild, child_schedule, record_becoming_looked_after
from carereview.staff.access import (
    can_allocate,
    can_record_looked_after,
    can_schedule_reviews,
    visible_children,
    with_current_iro,
)
from carereview.staff.models import Role


@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    form = ChildSearchForm(request.GET or None)
    children = visible_children(request.user)
    status = ""
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            for word in q.split():
                children = children.filter(
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(preferred_name__icontains=word)
                    | Q(reference__iexact=word)
                )
        if form.cleaned_data["iro"]:
            children = children.filter(
                allocations__iro=form.cleaned_data["iro"], allocations__ended_on__isnull=True
            )
        status = form.cleaned_data["status"]
    today = clock.today()
    if status == "unallocated":
        children = with_current_iro(children, present=False)
    rows = with_schedules(children.order_by("last_name", "first_name", "pk"), today)
    if status == "overdue":
        rows = [r for r in rows if r.schedule and r.schedule.overdue]
    elif status == "due_30":
        soon = today + timedelta(days=30)
        rows = [r for r in rows if r.next_review and today <= r.next_review.due <= soon]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "records/child_list.html",
        {
            "form": form,
            "page": page,
            "count": len(rows),
            "today": today,
            "can_record": can_record_looked_after(request.user),
        },
    )


@login_required
def child_new(request: HttpRequest) -> HttpResponse:
    if not can_record_looked_after(request.user):
        raise PermissionDenied
    form = BecomingLookedAfterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = data["social_worker"] or (
            request.user if request.user.role == Role.SOCIAL_WORKER else None
        )
        child = record_becoming_looked_after(
            NewChild(
                reference=data["reference"],
                first_name=data["first_name"].strip(),
                last_name=data["last_name"].strip(),
                date_of_birth=data["date_of_birth"],
                gender=data["gender"],
                ethnicity=data["ethnicity"],
                first_language=data["first_language"].strip(),
                interpreter_needed=data["interpreter_needed"],
                communication_needs=data["communication_needs"].strip(),
                uasc=data["uasc"],
                looked_after_from=data["looked_after_from"],
                legal_status=data["legal_status"],
                placement=data["placement"],
                carer=data["carer"].strip(),
                placement_address=data["placement_address"].strip(),
            ),
            social_worker=worker,
            request=request,
        )
        messages.success(
            request,
            f"{child} is recorded as looked after from "
            f"{data['looked_after_from']:%-d %B %Y}. The IRO manager has "
            "been told, to allocate an IRO.",
        )
        return redirect("child_detail", pk=child.pk)
    return render(request, "records/child_new.html", {"form": form})


def _child_context(request: HttpRequest, pk: int, tab: str) -> dict:
    child = child_for(request, pk, tab)
    return {
        "child": child,
        "tab": tab,
        "today": clock.today(),
        "can_allocate": can_allocate(request.user),
        "can_schedule": can_schedule_reviews(request.user),
    }


@login_required
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _child_context(request, pk, "summary")
    child = context["child"]
    (row,) = with_schedules(type(child).objects.filter(pk=child.pk), context["today"])
    cal, profile = working_calendar(), current_profile()
    tasks = []
    if row.next_review and row.next_review.status is not ReviewStatus.MISSED:
        meeting = (
            row.planned.scheduled_for.date()
            if row.planned and row.planned.scheduled_for
            else row.next_review.due
        )
        tasks = before_review(meeting, row.next_review.number == 1, profile, cal)
    deadlines = None
    if row.iro is None and row.schedule and row.schedule.periods and row.schedule.looked_after:
        deadlines = allocation_deadlines(row.schedule.periods[-1].start, cal)
    reviews_by_date = {r.held_on: r for r in child.reviews.all() if r.held_on}
    context.update(
        row=row,
        tasks=tasks,
        allocation_deadlines=deadlines,
        cal=cal,
        reviews_by_date=reviews_by_date,
    )
    return render(request, "records/child_detail.html", context)


@login_required
def child_history(request: HttpRequest, pk: int) -> HttpResponse:
    context = _child_context(request, pk, "history")
    child = context["child"]
    context["episodes"] = list(child.episodes.all())
    context["schedule"] = child_schedule(child, context["today"])
    return render(request, "records/child_history.html", context)


@login_required
def child_people(request: HttpRequest, pk: int) -> HttpResponse:
    context = _child_context(request, pk, "people")
    context["contacts"] = list(context["child"].contacts.filter(active=True))
    context["siblings"] = list(visible_children(request.user).filter(siblings=context["child"]))
    return render(request, "records/child_people.html", context)
