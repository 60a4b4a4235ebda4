"""Alerts: marked done, and all of a person's on one page; each person's email settings and
messages; and, for the IRO manager, the messages the service could not deliver, to send again."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.core.forms import add_errors
from carereview.core.typed_work import keeps_typed_work, restored
from carereview.notifications.forms import PreferenceForm
from carereview.notifications.models import Alert, EmailChoice, Message, Status
from carereview.notifications.outbox import try_again, try_all_again
from carereview.notifications.services import email_preference, mark_read, set_email_preference
from carereview.records.models import Child
from carereview.staff.access import has_role
from carereview.staff.models import Role

#: A message waiting longer than this to be sent means the worker is not running.
LATE = timedelta(minutes=30)
ALERTS_PER_PAGE = 50


@require_POST
@login_required
def alert_read(request: HttpRequest, pk: int) -> HttpResponse:
    mark_read(request.user, pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/home/"
    return redirect(back)


@login_required
def all_alerts(request: HttpRequest) -> HttpResponse:
    """Every alert for this person, newest first, those not yet done marked so."""
    mine = Alert.objects.filter(recipient=request.user)
    page = Paginator(mine, ALERTS_PER_PAGE).get_page(request.GET.get("page"))
    record(Action.VIEW, f"Viewed own alerts (page {page.number})", request=request)
    return render(
        request,
        "notifications/alerts.html",
        {
            "page": page,
            "not_done": mine.filter(read_at__isnull=True).count(),
            "here": request.get_full_path(),
        },
    )


def can_see_undelivered(user: object) -> bool:
    """The IRO manager only: messages name the service's children and the people around them."""
    return has_role(user, Role.IRO_MANAGER)


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


def _restricted(found: list[Message]) -> dict[int, str]:
    """The restricted children these messages are about: their case reference, by id."""
    ids = {m.child_id for m in found if m.child_id}
    return dict(Child.objects.filter(pk__in=ids, restricted=True).values_list("pk", "reference"))


def _label(message: Message) -> str:
    """What the message is, as the audit log and the page's notices give it: its subject, or
    only its key for a restricted child's."""
    restricted = _restricted([message])
    if message.child_id in restricted:
        return f"message {message.key} (restricted record {restricted[message.child_id]})"
    return f"{message.subject} to {message.to_address}"


@login_required
def undelivered(request: HttpRequest) -> HttpResponse:
    _refuse_unless_allowed(request, "messages not delivered")
    late_since = clock.now() - LATE
    failed = list(Message.objects.filter(status=Status.FAILED).select_related("recipient")[:200])
    waiting = Message.objects.filter(status__in=[Status.QUEUED, Status.RETRY])
    late = list(
        waiting.filter(next_attempt_at__lte=late_since)
        .select_related("recipient")
        .order_by("next_attempt_at", "pk")[:200]
    )
    retrying = list(
        waiting.filter(status=Status.RETRY, next_attempt_at__gt=late_since)
        .select_related("recipient")
        .order_by("next_attempt_at", "pk")[:200]
    )
    record(
        Action.VIEW,
        f"Viewed messages not delivered ({len(failed)} failed, {len(retrying)} to retry, "
        f"{len(late)} late)",
        request=request,
    )
    return render(
        request,
        "notifications/undelivered.html",
        {
            "failed": failed,
            "retrying": retrying,
            "late": late,
            "late_minutes": int(LATE.total_seconds() // 60),
            "restricted": _restricted(failed + retrying + late),
        },
    )


@require_POST
@login_required
def undelivered_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _refuse_unless_allowed(request, f"sending message {pk} again")
    message = Message.objects.filter(pk=pk).first()
    if message is None:
        messages.error(request, "That message is no longer in the outbox.")
    elif try_again(message):
        label = _label(message)
        record(Action.CHANGE, f"Asked to send again: {label}", request=request, obj=message)
        messages.success(request, f"Sending again: {label}.")
    else:
        messages.error(
            request,
            f"{_label(message)} is {message.get_status_display().lower()}: "
            "there is nothing to send again.",
        )
    return redirect("notification_undelivered")


@require_POST
@login_required
def undelivered_retry_all(request: HttpRequest) -> HttpResponse:
    """After the mail server's or Notify's settings are put right: everything waiting goes now."""
    _refuse_unless_allowed(request, "sending all messages again")
    count = try_all_again()
    record(Action.CHANGE, f"Asked to send all again: {count} message(s)", request=request)
    if count:
        messages.success(request, f"Sending {count} message{'s' * (count != 1)} again now.")
    else:
        messages.error(request, "There is nothing to send again.")
    return redirect("notification_undelivered")
