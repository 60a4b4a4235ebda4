"""Pages of the dispute resolution process: a child's Escalations tab, one escalation, and what
is waiting for a manager's response."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from carereview.core import clock
from carereview.core.forms import add_errors
from carereview.core.typed_work import keeps_typed_work
from carereview.escalation import permissions, queries
from carereview.escalation.handlers import ChildForms, EscalationForms
from carereview.escalation.models import Escalation
from carereview.escalation.services import nominated_senior_officer
from carereview.notifications.services import unread
from carereview.records.access import child_for
from carereview.staff.access import has_role
from carereview.staff.models import Role


def _post(
    request: HttpRequest, page: ChildForms | EscalationForms, where: str
) -> HttpResponse | None:
    """Handle a sent form: a redirect when done, None to show the page again with the errors."""
    try:
        done = page.handle()
    except ValidationError as error:
        target = page.target()
        if target is None:  # an action without a form (lifting a freeze)
            messages.error(request, " ".join(error.messages))
            return redirect(where)
        add_errors(target, error)
        return None
    if done is None:
        return None
    messages.success(request, done)
    return redirect(where)


@keeps_typed_work
@login_required
def child_escalations(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_see_escalations(request.user):
        raise PermissionDenied
    child = child_for(request, pk, "escalations")
    page = ChildForms(request, child)
    if request.method == "POST":
        done = _post(request, page, request.path)
        if done is not None:
            return done
    user, today = request.user, clock.today()
    context = queries.child_page(child, today)
    return render(
        request,
        "escalation/child.html",
        {
            "child": child,
            "tab": "escalations",
            "today": today,
            **context,
            **page.context(),
            "sent": page.sent,
            "can_run": permissions.can_run(user, child),
            "can_answer": permissions.can_answer_freeze(user, child),
            "can_complete": {
                a.pk
                for a in context["management_alerts"]
                if permissions.can_complete_alert(user, a)
            },
            "has_informal": bool(context["informal"]),
            "nominated": nominated_senior_officer(),
        },
    )


@keeps_typed_work
@login_required
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_see_escalations(request.user):
        raise PermissionDenied
    escalation = get_object_or_404(Escalation, pk=pk)
    child = child_for(request, escalation.child_id, "escalation")
    (row,) = queries.rows(Escalation.objects.filter(pk=pk), clock.today())
    page = EscalationForms(request, row.escalation)
    if request.method == "POST":
        done = _post(request, page, request.path)
        if done is not None:
            return done
    return render(
        request,
        "escalation/escalation.html",
        {
            "child": child,
            "tab": "escalations",
            "row": row,
            "escalation": row.escalation,
            "steps": list(row.escalation.steps.all()),
            "responders": permissions.responders(row.step) if row.step else [],
            "freezes": list(row.escalation.freezes.all()),
            "referrals": list(row.escalation.cafcass_referrals.select_related("senior_officer")),
            "sent": page.sent,
            **page.context(),
        },
    )


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """Where team managers and senior managers land: what is waiting for their response."""
    user = request.user
    if not has_role(user, Role.TEAM_MANAGER, Role.SENIOR_MANAGER):
        raise PermissionDenied
    today = clock.today()
    return render(
        request,
        "escalation/waiting.html",
        {
            "steps": queries.steps_waiting_for(user, today),
            "management_alerts": queries.alerts_waiting_for(user),
            "freezes": queries.freezes_waiting_for(user),
            "alerts": unread(user),
            "today": today,
        },
    )
