"""A child's details, legal matters (child protection plan, court proceedings) and restriction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carereview.audit.log import diff, record
from carereview.audit.models import Action
from carereview.core.typed_work import EditConflict, check_version, keeps_typed_work, restored
from carereview.records.access import child_for
from carereview.records.codes import ContactRole
from carereview.records.forms import (
    ChildDetailsForm,
    ProceedingsForm,
    ProtectionPlanForm,
    RestrictionForm,
)
from carereview.records.models import Child, ChildContact, ChildProtectionPlan, CourtProceedings
from carereview.staff.access import has_role, visible_children
from carereview.staff.models import Role

CAN_EDIT = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO_MANAGER)


@keeps_typed_work
@login_required
def child_details(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, *CAN_EDIT):
        raise PermissionDenied
    child = child_for(request, pk, "edit details")
    data = request.POST if request.method == "POST" else restored(request)
    form = ChildDetailsForm(data, instance=child, candidates=visible_children(request.user))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                locked = Child.objects.select_for_update().get(pk=child.pk)
                check_version(locked, request.POST.get("version"))
                before = {
                    f: getattr(locked, f)
                    for f in form.changed_data
                    if f not in ("siblings", "looked_after_parents")
                }
                saved = form.save(commit=False)
                saved.version = locked.version + 1
                saved.save()
                form.save_m2m()
                record(
                    Action.CHANGE,
                    f"Details changed for {saved}",
                    request=request,
                    obj=saved,
                    changes=diff(before, {f: getattr(saved, f) for f in before}),
                )
        except EditConflict as error:
            conflict = str(error)
        else:
            messages.success(request, "The child's details are saved.")
            return redirect("child_detail", pk=child.pk)
    return render(
        request,
        "records/child_details.html",
        {
            "child": child,
            "form": form,
            "tab": "summary",
            "conflict": conflict,
            "version": child.version,
        },
    )


@keeps_typed_work
@login_required
def child_legal(request: HttpRequest, pk: int) -> HttpResponse:
    child = child_for(request, pk, "legal matters")
    can_edit = has_role(request.user, *CAN_EDIT)
    plan_form = ProtectionPlanForm(
        request.POST if request.POST.get("form") == "plan" else None, prefix="plan"
    )
    court_form = ProceedingsForm(
        request.POST if request.POST.get("form") == "court" else None, prefix="court"
    )
    restriction = RestrictionForm(
        request.POST if request.POST.get("form") == "restriction" else None,
        initial={"restricted": child.restricted, "restricted_to": child.restricted_to.all()},
    )
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "restriction":
            if not has_role(request.user, Role.IRO_MANAGER):
                raise PermissionDenied
            if restriction.is_valid():
                named = list(restriction.cleaned_data["restricted_to"])
                if restriction.cleaned_data["restricted"] and request.user not in named:
                    named.append(request.user)  # never lock out the manager who restricts it
                child.restricted = restriction.cleaned_data["restricted"]
                child.save(update_fields=["restricted"])
                child.restricted_to.set(named)
                record(
                    Action.CHANGE,
                    f"Restriction {'set' if child.restricted else 'lifted'} for {child}",
                    request=request,
                    obj=child,
                    changes={"restricted_to": [", ".join(str(u) for u in named)]},
                )
                messages.success(request, "Access to the record is updated.")
                return redirect("child_legal", pk=child.pk)
        elif not can_edit:
            raise PermissionDenied
        elif which == "plan" and plan_form.is_valid():
            _add_plan(request, child, plan_form)
            return redirect("child_legal", pk=child.pk)
        elif which == "court" and court_form.is_valid():
            _add_proceedings(request, child, court_form)
            return redirect("child_legal", pk=child.pk)
    return render(
        request,
        "records/child_legal.html",
        {
            "child": child,
            "tab": "legal",
            "can_edit": can_edit,
            "plans": list(child.protection_plans.all()),
            "proceedings": list(child.proceedings.select_related("guardian")),
            "plan_form": plan_form,
            "court_form": court_form,
            "restriction": restriction,
            "can_restrict": has_role(request.user, Role.IRO_MANAGER),
        },
    )


def _add_plan(request: HttpRequest, child: Child, form: ProtectionPlanForm) -> None:
    data = form.cleaned_data
    plan = ChildProtectionPlan.objects.create(child=child, **data)
    record(
        Action.CREATE,
        f"Child protection plan recorded for {child}",
        request=request,
        obj=plan,
        child_id=child.pk,
    )
    messages.success(request, "The child protection plan is recorded.")


@transaction.atomic
def _add_proceedings(request: HttpRequest, child: Child, form: ProceedingsForm) -> None:
    data = form.cleaned_data
    guardian = None
    if data["guardian_name"].strip():
        guardian = ChildContact.objects.create(
            child=child,
            role=ContactRole.CHILDRENS_GUARDIAN,
            name=data["guardian_name"].strip(),
            phone=data["guardian_phone"].strip(),
            organisation="Cafcass",
        )
    proceedings = CourtProceedings.objects.create(
        child=child,
        started_on=data["started_on"],
        ended_on=data["ended_on"],
        court=data["court"],
        case_number=data["case_number"],
        guardian=guardian,
    )
    record(
        Action.CREATE,
        f"Court proceedings recorded for {child}",
        request=request,
        obj=proceedings,
        child_id=child.pk,
    )
    messages.success(request, "The court proceedings are recorded.")
