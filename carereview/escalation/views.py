"""Pages of the dispute resolution process: a child's Escalations tab, one escalation, and what
is waiting for a manager's response.  A manager who does not otherwise see the child (a senior
manager, a team manager of another team) sees on them only what is addressed to them
(permissions.child_for_dispute)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.core.forms import add_errors
from carereview.core.typed_work import keeps_typed_work
from carereview.escalation import permissions, queries
from carereview.escalation.addressed import addressed_items
from carereview.escalation.handlers import ChildForms, EscalationForms
from carereview.escalation.models import DisputeLadder, Escalation
from carereview.escalation.services import nominated_senior_officer
from carereview.notifications.services import unread
from carereview.staff.access import has_role
from carereview.staff.models import Role


def _post(
    request: HttpRequest,
    page: ChildForms | EscalationForms,
    access: permissions.DisputeAccess,
) -> HttpResponse | None:
    """Handle a sent form: a redirect when done, None to show the page again with the errors."""
    child = access.child
    try:
        done = page.handle()
    except PermissionDenied as refused:
        raise permissions.refuse(request, f"{page.sent} on {child}'s escalations", child.pk) from (
            refused
        )
    except ValidationError as error:
        target = page.target()
        if target is None:  # an action without a form (lifting a freeze)
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        add_errors(target, error)
        return None
    if done is None:
        return None
    messages.success(request, done)
    if not access.full and not addressed_items(request.user, child.pk):
        return redirect("escalations_waiting")  # done with, so no longer theirs to see
    return redirect(request.path)


@keeps_typed_work
@login_required
def child_escalations(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_see_escalations(request.user):
        raise permissions.refuse(request, f"child {pk} escalations (role)", pk)
    access = permissions.child_for_dispute(request, pk, "escalations")
    child = access.child
    page = ChildForms(request, child)
    if request.method == "POST":
        done = _post(request, page, access)
        if done is not None:
            return done
    user, today = request.user, clock.today()
    context = queries.child_page(child, today, None if access.full else access.items)
    ladder = DisputeLadder.objects.filter(active=True).first()
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
            "dispute_only": not access.full,
            "can_run": permissions.can_run(user, child),
            "can_answer": {
                f.pk for f in context["freezes"] if permissions.can_answer_freeze(user, f)
            },
            "can_lift": {f.pk for f in context["freezes"] if permissions.can_lift_freeze(user, f)},
            "can_complete": {
                a.pk
                for a in context["management_alerts"]
                if permissions.can_complete_alert(user, a)
            },
            "has_informal": page.forms["escalation"].fields["informal"].queryset.exists(),
            "informal_stage": ladder.informal_stage_title if ladder else "",
            "nominated": nominated_senior_officer(),
        },
    )


@keeps_typed_work
@login_required
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_see_escalations(request.user):
        raise permissions.refuse(request, f"escalation {pk} (role)")
    escalation = get_object_or_404(Escalation, pk=pk)
    access = permissions.child_for_dispute(request, escalation.child_id, "escalation")
    if not access.full and pk not in access.items.escalations:
        record(
            Action.REFUSED,
            f"Refused: escalation {pk} (not addressed to them)",
            request=request,
            child_id=escalation.child_id,
        )
        raise Http404("No such escalation, or no access")
    child = access.child
    (row,) = queries.rows(Escalation.objects.filter(pk=pk), clock.today())
    page = EscalationForms(request, row.escalation)
    if request.method == "POST":
        done = _post(request, page, access)
        if done is not None:
            return done
    referrals = row.escalation.cafcass_referrals.select_related("senior_officer")
    return render(
        request,
        "escalation/escalation.html",
        {
            "child": child,
            "tab": "escalations",
            "dispute_only": not access.full,
            "row": row,
            "escalation": row.escalation,
            "steps": list(row.escalation.steps.all()),
            "responders": permissions.responders(row.step) if row.step else [],
            "freezes": list(row.escalation.freezes.all()),
            "referrals": [r for r in referrals if access.full or r.pk in access.items.referrals],
            "sent": page.sent,
            **page.context(),
        },
    )


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """Where team managers and senior managers land: what is waiting for their response."""
    user = request.user
    if not has_role(user, Role.TEAM_MANAGER, Role.SENIOR_MANAGER):
        raise permissions.refuse(request, "what is waiting for a manager's response (role)")
    today = clock.today()
    record(Action.VIEW, "Viewed what is waiting for their response", request=request)
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
