"""The pages of one review: its work list, invitations, record and decisions (what follows the
meeting - the manager's response, the record's status, further meetings - is in views_after)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carereview.core import clock
from carereview.core.forms import GovDateField, add_errors
from carereview.core.typed_work import EditConflict, keeps_typed_work, restored
from carereview.domain.agenda import MATTERS
from carereview.records.access import child_for
from carereview.records.services import child_schedule
from carereview.reviews import cycle
from carereview.reviews.models import Chair, Review
from carereview.reviews.views_late import late_panel
from carereview.staff.access import has_role
from carereview.staff.models import Role

CAN_RECORD = (Role.IRO, Role.IRO_MANAGER)
CAN_INVITE = (Role.IRO, Role.IRO_MANAGER, Role.SOCIAL_WORKER, Role.BUSINESS_SUPPORT)


def review_for(request: HttpRequest, pk: int, what: str) -> Review:
    review = Review.objects.filter(pk=pk).only("pk", "child_id").first()
    if review is None:
        raise Http404
    child_for(request, review.child_id, what)  # access check and audit
    return Review.objects.select_related("child", "child__social_worker__team").get(pk=pk)


def _require(request: HttpRequest, *roles: str) -> None:
    if not has_role(request.user, *roles):
        raise PermissionDenied


@login_required
def review_overview(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(request, pk, "review")
    late = late_panel(request, review, has_role(request.user, *CAN_RECORD))
    if isinstance(late, HttpResponse):
        return late
    before, after = cycle.tasks(review)
    return render(
        request,
        "reviews/overview.html",
        {
            "review": review,
            "child": review.child,
            "before": before,
            "after": after,
            "decisions": list(review.decisions.all()),
            "manager_position": cycle.manager_position(review),
            "deemed_agreed_on": cycle.deemed_agreed_on(review),
            "can_record": has_role(request.user, *CAN_RECORD),
            "can_distribute": has_role(
                request.user, Role.IRO, Role.IRO_MANAGER, Role.BUSINESS_SUPPORT
            ),
            "can_respond": _may_respond(request.user, review),
            "can_invite": has_role(request.user, *CAN_INVITE),
            **late,
        },
    )


@require_POST
@login_required
def task_done(request: HttpRequest, pk: int, task: str) -> HttpResponse:
    _require(request, *CAN_INVITE)
    review = review_for(request, pk, "mark a task done")
    try:
        cycle.mark_task_done(review, task, request.user, request=request)
    except ValidationError:
        raise Http404 from None
    return redirect("review_overview", pk=review.pk)


class InviteeForm(forms.Form):
    invited = forms.BooleanField(required=False)
    left_out_because = forms.CharField(required=False, widget=forms.Textarea)
    consultation_sent_on = forms.DateField(required=False)
    consultation_returned_on = forms.DateField(required=False)
    supporter = forms.CharField(required=False, max_length=200)
    supporter_is_legal_adviser = forms.BooleanField(required=False)


@keeps_typed_work
@login_required
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, *CAN_INVITE)
    review = review_for(request, pk, "invitations")
    invitees = cycle.propose_invitations(review)
    data = request.POST if request.method == "POST" else restored(request)
    forms_by_id = {
        i.pk: InviteeForm(
            data,
            prefix=f"i{i.pk}",
            initial={
                "invited": i.invited,
                "left_out_because": i.left_out_because,
                "consultation_sent_on": i.consultation_sent_on,
                "consultation_returned_on": i.consultation_returned_on,
                "supporter": i.supporter,
                "supporter_is_legal_adviser": i.supporter_is_legal_adviser,
            },
        )
        for i in invitees
    }
    problems: dict[Any, str] = {}
    if request.method == "POST":
        if all(f.is_valid() for f in forms_by_id.values()):
            try:
                cycle.save_invitations(
                    review,
                    {pk: f.cleaned_data for pk, f in forms_by_id.items()},
                    request.POST.get("version"),
                    request.user,
                    request=request,
                )
            except EditConflict as conflict:
                problems["conflict"] = str(conflict)
            except ValidationError as error:
                problems.update({k: v[0] for k, v in error.message_dict.items()})
            else:
                messages.success(request, "The invitations are saved.")
                return redirect("review_overview", pk=review.pk)
        else:
            problems["dates"] = "Give dates as YYYY-MM-DD, for example 2026-03-27"
    return render(
        request,
        "reviews/invitations.html",
        {
            "review": review,
            "child": review.child,
            "rows": [(i, forms_by_id[i.pk]) for i in invitees],
            "problems": problems,
            "legal_adviser_needed": cycle.legal_adviser_needed(review),
        },
    )


class RecordForm(forms.Form):
    chair = forms.ChoiceField(
        label="Who chaired", required=False, choices=[("", "Choose one"), *Chair.choices]
    )
    participation = forms.ChoiceField(
        label="How the child took part (SSDA903 code)",
        required=False,
        choices=[("", "Choose one"), *Review._meta.get_field("participation").choices],
    )
    participation_how = forms.CharField(
        label="How the child took part", required=False, widget=forms.Textarea
    )
    rights_advocacy = forms.BooleanField(label="Told of their right to an advocate", required=False)
    rights_complaints = forms.BooleanField(label="Told how to make a complaint", required=False)
    rights_court = forms.BooleanField(label="Told of their right to apply to court", required=False)
    views = forms.CharField(
        label="Views of everyone consulted", required=False, widget=forms.Textarea
    )
    disagreements = forms.CharField(
        label="Disagreements, and why any views were not followed",
        required=False,
        widget=forms.Textarea,
    )
    adjourned_because = forms.CharField(
        label="If the review was adjourned: why", required=False, widget=forms.Textarea
    )
    completed_on = GovDateField(label="If adjourned: date of the last meeting", required=False)


@keeps_typed_work
@login_required
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, *CAN_RECORD)
    review = review_for(request, pk, "record")
    if not review.held_on:
        messages.info(request, "Record the review as held first.")
        return redirect("review_held", pk=review.child_id)
    invitees = cycle.propose_invitations(review)
    data = request.POST if request.method == "POST" else restored(request)
    initial = {f: getattr(review, f) for f in cycle.RECORD_FIELDS}
    initial["completed_on"] = review.completed_on
    form = RecordForm(data, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        agenda = {key: request.POST.get(f"agenda-{key}", "") for key in MATTERS}
        attendance = {
            i.pk: (
                request.POST.get(f"attendance-{i.pk}", ""),
                request.POST.get(f"delegate-{i.pk}", "").strip(),
            )
            for i in invitees
        }
        try:
            cycle.save_record(
                review,
                dict(form.cleaned_data),
                agenda,
                attendance,
                request.POST.get("version"),
                request.user,
                request=request,
            )
        except EditConflict as error:
            conflict = str(error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The record is saved.")
            return redirect("review_overview", pk=review.pk)
    schedule = child_schedule(review.child, clock.today())
    due = next(
        (
            r
            for r in (schedule.reviews if schedule else [])
            if r.held and r.held.date == review.held_on
        ),
        None,
    )
    agenda_values = {
        k: (data.get(f"agenda-{k}", "") if data else review.agenda.get(k, "")) for k in MATTERS
    }
    delegates = {i.pk: (data.get(f"delegate-{i.pk}", "") if data else i.delegate) for i in invitees}
    attendance_values = {
        i.pk: (data.get(f"attendance-{i.pk}", "") if data else i.attendance) for i in invitees
    }
    return render(
        request,
        "reviews/record.html",
        {
            "review": review,
            "child": review.child,
            "form": form,
            "matters": MATTERS,
            "considerations": due.considerations if due else (),
            "number": due.number if due else None,
            "agenda": agenda_values,
            "invitees": invitees,
            "attendance": attendance_values,
            "delegates": delegates,
            "conflict": conflict,
            "restored": data is not None and request.method == "GET",
        },
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="Decision", widget=forms.Textarea, error_messages={"required": "Enter the decision"}
    )
    responsible = forms.CharField(
        label="Who is responsible",
        max_length=200,
        error_messages={"required": "Enter who is responsible"},
    )
    deadline = GovDateField(
        label="To be done by", error_messages={"required": "Enter the deadline"}
    )
    planned_outcome = forms.CharField(
        label="Planned outcome", required=False, widget=forms.Textarea
    )


@keeps_typed_work
@login_required
def decisions(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, *CAN_RECORD)
    review = review_for(request, pk, "decisions")
    form = DecisionForm(request.POST if request.method == "POST" else restored(request))
    if request.method == "POST" and request.POST.get("action") == "circulate":
        try:
            cycle.circulate_decisions(review, request.user, request=request)
        except ValidationError as error:
            form = DecisionForm()
            add_errors(form, error)
        else:
            messages.success(
                request,
                "The decisions are circulated to the team manager and everyone who attended.",
            )
            return redirect("review_overview", pk=review.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            cycle.add_decision(
                review,
                form.cleaned_data["text"].strip(),
                form.cleaned_data["responsible"].strip(),
                form.cleaned_data["deadline"],
                form.cleaned_data["planned_outcome"].strip(),
                request.user,
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Decision added.")
            return redirect("review_decisions", pk=review.pk)
    return render(
        request,
        "reviews/decisions.html",
        {
            "review": review,
            "child": review.child,
            "form": form,
            "decisions": list(review.decisions.all()),
        },
    )


def _may_respond(user: Any, review: Review) -> bool:
    worker = review.child.social_worker
    manager_id = worker.team.manager_id if worker and worker.team_id else None
    return has_role(user, Role.TEAM_MANAGER) and user.pk == manager_id
