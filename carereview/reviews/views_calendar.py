"""A review meeting for people's calendars: the .ics download, and sending the invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.reviews import calendar
from carereview.reviews.views_cycle import CAN_INVITE, _require, review_for


@login_required
def invitation_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting as a calendar file, for whoever may see the review (the same rules as its
    page), made out to them; audited as a download."""
    review = review_for(request, pk, "calendar invitation")
    if review.scheduled_for is None:
        raise Http404("The review has no date yet")
    user = request.user
    me = calendar.Person(user.get_full_name() or user.username, user.email, user)
    body = calendar.invitation(review, calendar.organiser(review), me if user.email else None)
    record(
        Action.EXPORT,
        f"Calendar invitation for {review} downloaded",
        request=request,
        obj=review,
        child_id=review.child_id,
        changes={"sequence": [str(review.calendar_sequence)]},
    )
    response = HttpResponse(body, content_type=calendar.MIMETYPE)
    day = timezone.localtime(review.scheduled_for)
    response["Content-Disposition"] = f'attachment; filename="review-{day:%Y%m%d}.ics"'
    return response


@require_POST
@login_required
def send_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """Email the invitation to everyone invited who has not had this version of it yet."""
    _require(request, *CAN_INVITE)
    review = review_for(request, pk, "send calendar invitations")
    if review.scheduled_for is None or review.held_on or review.cancelled_because:
        messages.error(request, "Only a review with a date still to come can be sent out.")
        return redirect("review_overview", pk=review.pk)
    sent = calendar.send_invitations(review, request.user, request=request)
    messages.success(
        request,
        f"Calendar invitation sent to {sent} {'person' if sent == 1 else 'people'}."
        if sent
        else "Everyone invited who has an email address already has this invitation.",
    )
    return redirect("review_overview", pk=review.pk)
