"""Changing a child's record: a change in their care, a person around them, oversight notes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from carereview.core import clock
from carereview.core.forms import add_errors
from carereview.core.typed_work import keeps_typed_work, restored
from carereview.records import changes
from carereview.records.access import child_for
from carereview.records.forms import CareChangeForm, ContactForm, OversightNoteForm
from carereview.records.models import ChildContact
from carereview.staff.access import can_read_case_notes, has_role
from carereview.staff.models import Role

CAN_CHANGE_RECORDS = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO_MANAGER)


@keeps_typed_work
@login_required
def care_change(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, *CAN_CHANGE_RECORDS):
        raise PermissionDenied
    child = child_for(request, pk, "record a change in care")
    form = CareChangeForm(request.POST if request.method == "POST" else restored(request))
    if request.method == "POST" and form.is_valid():
        try:
            changes.record_care_change(
                child,
                changes.CareChange(
                    **{**form.cleaned_data, "declared": frozenset(form.cleaned_data["declared"])}
                ),
                request.user,
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The change is recorded; the review timetable follows it.")
            return redirect("child_history", pk=child.pk)
    return render(
        request, "records/care_change.html", {"child": child, "form": form, "tab": "history"}
    )


@keeps_typed_work
@login_required
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, *CAN_CHANGE_RECORDS, Role.IRO, Role.BUSINESS_SUPPORT):
        raise PermissionDenied
    child = child_for(request, pk, "add a person")
    form = ContactForm(request.POST if request.method == "POST" else restored(request))
    if request.method == "POST" and form.is_valid():
        changes.add_contact(child, request.user, request=request, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['name']} is added.")
        return redirect("child_people", pk=child.pk)
    return render(
        request, "records/contact_new.html", {"child": child, "form": form, "tab": "people"}
    )


@keeps_typed_work
@login_required
def oversight_notes(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_read_case_notes(request.user):
        raise PermissionDenied
    child = child_for(request, pk, "oversight notes")
    can_write = has_role(request.user, Role.IRO, Role.IRO_MANAGER)
    data = request.POST if request.method == "POST" else restored(request)
    form = OversightNoteForm(data, initial={"written_on": clock.today()})
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                changes.add_oversight_note(
                    child,
                    form.cleaned_data["written_on"],
                    form.cleaned_data["text"].strip(),
                    request.user,
                    request=request,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "The note is added to the child's file.")
                return redirect("child_notes", pk=child.pk)
    return render(
        request,
        "records/notes.html",
        {
            "child": child,
            "form": form,
            "tab": "notes",
            "can_write": can_write,
            "notes": list(child.oversight_notes.select_related("author")),
        },
    )


@keeps_typed_work
@login_required
def contact_edit(request: HttpRequest, pk: int, contact: int) -> HttpResponse:
    if not has_role(request.user, *CAN_CHANGE_RECORDS, Role.IRO, Role.BUSINESS_SUPPORT):
        raise PermissionDenied
    child = child_for(request, pk, "change a person")
    person = get_object_or_404(ChildContact, pk=contact, child=child)
    form = ContactForm(
        request.POST if request.method == "POST" else restored(request), instance=person
    )
    if request.method == "POST" and request.POST.get("action") == "end":
        changes.end_contact(person, request.user, request=request)
        messages.success(request, f"{person.name} is no longer listed as involved.")
        return redirect("child_people", pk=child.pk)
    if request.method == "POST" and form.is_valid():
        changes.save_contact(form, request.user, request=request)
        messages.success(request, f"{person.name}'s details are saved.")
        return redirect("child_people", pk=child.pk)
    return render(
        request,
        "records/contact_new.html",
        {"child": child, "form": form, "tab": "people", "person": person},
    )
