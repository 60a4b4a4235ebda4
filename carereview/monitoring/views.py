"""A child's events page: significant events, the IRO's decisions, proposed changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carereview.core.forms import add_errors
from carereview.core.typed_work import keeps_typed_work
from carereview.monitoring import services
from carereview.monitoring.forms import DecisionForm, EventForm, ProposedChangeForm, VisitForm
from carereview.monitoring.models import ProposedChange, SignificantEvent
from carereview.records.access import child_for
from carereview.reviews.models import Review
from carereview.staff.access import has_role
from carereview.staff.models import Role

CAN_RECORD = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO_MANAGER, Role.IRO)
CAN_DECIDE = (Role.IRO, Role.IRO_MANAGER)


@keeps_typed_work
@login_required
def child_events(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, *CAN_RECORD):
        raise PermissionDenied
    child = child_for(request, pk, "events")
    which = request.POST.get("form")
    event_form = EventForm(request.POST if which == "event" else None, prefix="event")
    visit_form = VisitForm(request.POST if which == "visit" else None, prefix="visit")
    change_form = ProposedChangeForm(request.POST if which == "change" else None, prefix="change")
    decision_forms: dict[int, DecisionForm] = {}
    for event in child.events.all():
        data = request.POST if which == f"decide-{event.pk}" else None
        decision_forms[event.pk] = DecisionForm(data, prefix=f"d{event.pk}")
    if request.method == "POST":
        try:
            done = _handle(request, child, which, event_form, change_form, decision_forms)
            if which == "visit" and visit_form.is_valid():
                data = visit_form.cleaned_data
                services.record_visit(
                    child,
                    data["visited_on"],
                    data["seen_alone"],
                    data["bedroom_seen"],
                    data["notes"].strip(),
                    request.user,
                    request=request,
                )
                done = "The visit is recorded."
        except ValidationError as error:
            if which and which.startswith("considered-"):
                messages.error(request, " ".join(error.messages))
                return redirect("child_events", pk=child.pk)
            target = {"event": event_form, "change": change_form, "visit": visit_form}.get(which)
            if target is None and which and which.startswith("decide-"):
                target = decision_forms.get(int(which[7:]))
            if target is None:
                raise Http404 from None
            add_errors(target, error)
        else:
            if done:
                messages.success(request, done)
                return redirect("child_events", pk=child.pk)
    reviews = [
        r for r in Review.objects.filter(child=child, held_on__isnull=False).order_by("-held_on")
    ]
    return render(
        request,
        "monitoring/events.html",
        {
            "child": child,
            "tab": "events",
            "event_form": event_form,
            "change_form": change_form,
            "events": [
                (e, decision_forms[e.pk]) for e in child.events.select_related("decided_by")
            ],
            "changes": list(child.proposed_changes.select_related("considered_at")),
            "reviews": reviews,
            "can_decide": has_role(request.user, *CAN_DECIDE),
            "notify_by": services.notify_by,
            "visit_form": visit_form,
            "visits": list(child.visits.select_related("by")[:10]),
        },
    )


def _handle(request, child, which, event_form, change_form, decision_forms) -> str | None:
    user = request.user
    if which == "event" and event_form.is_valid():
        data = event_form.cleaned_data
        services.record_event(
            child, data["kind"], data["occurred_on"], data["details"].strip(), user, request=request
        )
        return "The event is recorded and the IRO is told."
    if which == "change" and change_form.is_valid():
        data = change_form.cleaned_data
        services.propose_change(
            child, data["kind"], data["planned_on"], data["details"].strip(), user, request=request
        )
        return "The proposed change is recorded: a review must consider it before it happens."
    if which and which.startswith("decide-"):
        if not has_role(user, *CAN_DECIDE):
            raise PermissionDenied
        event = SignificantEvent.objects.filter(child=child, pk=int(which[7:])).first()
        form = decision_forms.get(event.pk) if event else None
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            services.decide_event(
                event,
                data["review_needed"],
                data["decision_reason"],
                data["review_by"],
                data["child_told_on"],
                data["adults_told_on"],
                user,
                request=request,
            )
            return "The decision is recorded."
    if which and which.startswith("considered-"):
        if not has_role(user, *CAN_DECIDE):
            raise PermissionDenied
        change = ProposedChange.objects.filter(child=child, pk=int(which[11:])).first()
        review = Review.objects.filter(child=child, pk=request.POST.get("review") or 0).first()
        if change is None or review is None:
            raise ValidationError("Choose the review that considered the change")
        services.mark_considered(change, review, user, request=request)
        return "The change is marked as considered at the review."
    return None
