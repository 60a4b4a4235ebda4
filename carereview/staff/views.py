"""Allocation of IROs, and the work views: an IRO's own page and the manager's overview."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.core.forms import add_errors
from carereview.domain.allocation import allocation_deadlines
from carereview.domain.timescales.derived import before_review
from carereview.escalation.queries import open_escalations
from carereview.monitoring.drift import drift
from carereview.monitoring.models import SignificantEvent
from carereview.notifications.services import unread
from carereview.records.access import child_for
from carereview.records.models import Child
from carereview.records.queries import with_schedules
from carereview.reviews.models import Decision, Review
from carereview.staff import services
from carereview.staff.access import can_allocate, has_role, visible_children, with_current_iro
from carereview.staff.forms import AllocationForm
from carereview.staff.models import Allocation, Role


@login_required
def child_allocation(request: HttpRequest, pk: int) -> HttpResponse:
    child = child_for(request, pk, "allocation")
    history = list(Allocation.objects.filter(child=child).select_related("iro", "allocated_by"))
    context = {
        "child": child,
        "tab": "allocation",
        "history": history,
        "can_allocate": can_allocate(request.user),
        "today": clock.today(),
    }
    if can_allocate(request.user):
        ranked = services.propose(child)
        proposed = next((c for c in ranked if c.eligible), None)
        form = AllocationForm(
            request.POST or None, initial={"iro": proposed.iro_id if proposed else None}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.allocate(
                    child,
                    form.cleaned_data["iro"],
                    request.user,
                    clock.today(),
                    form.cleaned_data["override_reason"],
                    request=request,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"{form.cleaned_data['iro']} is now {child}'s IRO.")
                return redirect("child_detail", pk=child.pk)
        context.update(form=form, ranked=ranked, proposed=proposed)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "staff/allocation.html", context)


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.IRO):
        raise PermissionDenied
    today = clock.today()
    rows = with_schedules(visible_children(request.user).order_by("last_name", "first_name"), today)
    soon = today + timedelta(days=30)
    due_soon = sorted(
        (r for r in rows if r.next_review and not r.schedule.overdue and r.next_review.due <= soon),
        key=lambda r: r.next_review.due,
    )
    overdue = sorted(
        (r for r in rows if r.schedule and r.schedule.overdue), key=lambda r: r.next_review.due
    )
    unscheduled = [r for r in rows if r.next_review and r.planned is None]
    cal, profile = working_calendar(), current_profile()
    tasks_due = []
    for row in rows:
        if row.planned is None or row.planned.scheduled_for is None or row.next_review is None:
            continue
        meeting = timezone.localtime(row.planned.scheduled_for).date()
        done = {t.task for t in row.planned.tasks_done.all()}
        for line in before_review(meeting, row.next_review.number == 1, profile, cal):
            if line.task.id not in done and line.date <= today + timedelta(days=14):
                tasks_due.append((row, line, line.date < today))
    tasks_due.sort(key=lambda item: item[1].date)
    mine = visible_children(request.user)
    records_due = []
    for review in (
        Review.objects.filter(
            child__in=mine, held_on__isnull=False, record_completed_on__isnull=True
        )
        .filter(imported_from="")  # held before carereview: its record is not written here
        .select_related("child")
        .order_by("held_on")
    ):
        due = cal.add(review.completed_on or review.held_on, profile.full_record_within)
        records_due.append((review, due, due < today))
    events_waiting = list(
        SignificantEvent.objects.filter(child__in=mine, review_needed__isnull=True)
        .select_related("child")
        .order_by("occurred_on")
    )
    late_decisions = list(
        Decision.objects.filter(review__child__in=mine, done_on__isnull=True, deadline__lt=today)
        .select_related("review__child")
        .order_by("deadline")
    )
    return render(
        request,
        "staff/my_work.html",
        {
            "rows": rows,
            "due_soon": due_soon,
            "overdue": overdue,
            "unscheduled": unscheduled,
            "today": today,
            "tasks_due": tasks_due,
            "records_due": records_due,
            "late_decisions": late_decisions,
            "events_waiting": events_waiting,
            "drift": drift(mine, today),
            "alerts": unread(request.user),
            "open_escalations": open_escalations(request.user, today),
        },
    )


@login_required
def service(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.IRO_MANAGER):
        raise PermissionDenied
    today = clock.today()
    cal = working_calendar()
    unallocated_children = with_current_iro(visible_children(request.user), present=False)
    unallocated = []
    for row in with_schedules(unallocated_children.order_by("pk"), today):
        if row.looked_after:
            start = row.schedule.periods[-1].start
            unallocated.append((row, allocation_deadlines(start, cal)))
    unallocated.sort(key=lambda pair: pair[1].allocate_by)
    # Never without a named IRO (IRO Handbook 7.2): an IRO who has left leaves children to move.
    orphaned = [
        row
        for row in with_schedules(
            with_current_iro(visible_children(request.user))
            .filter(allocations__ended_on__isnull=True, allocations__iro__is_active=False)
            .order_by("pk"),
            today,
        )
        if row.looked_after
    ]
    # Reviews at risk: due within 15 working days with no date set, or already overdue.
    horizon = cal.add(today, 15)
    at_risk = []
    allocated = with_current_iro(visible_children(request.user))
    for row in with_schedules(allocated.order_by("pk"), today):
        upcoming = row.next_review
        if upcoming and (row.schedule.overdue or (upcoming.due <= horizon and row.planned is None)):
            at_risk.append(row)
    at_risk.sort(key=lambda r: r.next_review.due)
    return render(
        request,
        "staff/service.html",
        {
            "unallocated": unallocated,
            "orphaned": orphaned,
            "drift": drift(visible_children(request.user), today),
            "alerts": unread(request.user),
            "open_escalations": open_escalations(request.user, today),
            "at_risk": at_risk,
            "today": today,
            "caseloads": services.caseload_summary(),
            "children": Child.objects.count(),
        },
    )
