"""Alerts marked done; each person's email settings and messages; and, for the IRO manager (or
a staff administrator), the messages the service could not deliver, to send again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core.forms import add_errors
from carereview.core.typed_work import keeps_typed_work, restored
from carereview.notifications.forms import PreferenceForm
from carereview.notifications.models import EmailChoice, Message, Status
from carereview.notifications.outbox import try_again
from carereview.notifications.services import email_preference, mark_read, set_email_preference
from carereview.staff.access import has_role
from carereview.staff.models import Role


@require_POST
@login_required
def alert_read(request: HttpRequest, pk: int) -> HttpResponse:
    mark_read(request.user, pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/home/"
    return redirect(back)


def can_see_undelivered(user: object) -> bool:
    return has_role(user, Role.IRO_MANAGER) or bool(getattr(user, "is_staff", False))


@keeps_typed_work
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else restored(request)
    form = PreferenceForm(data, initial={"email": email_preference(request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            set_email_preference(request.user, form.cleaned_data["email"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your email settings are saved.")
            return redirect("notification_messages")
    record(Action.VIEW, "Viewed own email settings", request=request)
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "choices": EmailChoice.choices, "address": request.user.email},
    )


@login_required
def my_messages(request: HttpRequest) -> HttpResponse:
    recent = list(Message.objects.filter(recipient=request.user).order_by("-created", "-pk")[:50])
    record(Action.VIEW, "Viewed own email messages", request=request)
    return render(
        request,
        "notifications/messages.html",
        {
            "recent": recent,
            "preference": EmailChoice(email_preference(request.user)).label,
            "address": request.user.email,
            "can_see_undelivered": can_see_undelivered(request.user),
        },
    )


def _refuse_unless_allowed(request: HttpRequest, what: str) -> None:
    if not can_see_undelivered(request.user):
        record(Action.REFUSED, f"Refused: {what}", request=request)
        raise PermissionDenied


@login_required
def undelivered(request: HttpRequest) -> HttpResponse:
    _refuse_unless_allowed(request, "messages not delivered")
    failed = list(Message.objects.filter(status=Status.FAILED).select_related("recipient")[:200])
    retrying = list(
        Message.objects.filter(status=Status.RETRY)
        .select_related("recipient")
        .order_by("next_attempt_at", "pk")[:200]
    )
    record(
        Action.VIEW,
        f"Viewed messages not delivered ({len(failed)} failed, {len(retrying)} to retry)",
        request=request,
    )
    return render(
        request, "notifications/undelivered.html", {"failed": failed, "retrying": retrying}
    )


@require_POST
@login_required
def undelivered_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _refuse_unless_allowed(request, f"sending message {pk} again")
    message = Message.objects.filter(pk=pk).first()
    if message is None:
        messages.error(request, "That message is no longer in the outbox.")
    elif try_again(message):
        record(
            Action.CHANGE,
            f"Asked to send again: {message.subject} to {message.to_address}",
            request=request,
            obj=message,
        )
        messages.success(request, f"Sending again: {message.subject} to {message.to_address}.")
    else:
        messages.error(
            request,
            f"{message.subject} to {message.to_address} is "
            f"{message.get_status_display().lower()}: there is nothing to send again.",
        )
    return redirect("notification_undelivered")
