"""A referral to Cafcass: its page, where the IRO writes the reports that go with it, and the
referral bundle (IRO Handbook 8.15) to read in the browser or download as PDF or Word."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.core.forms import add_errors
from carereview.core.typed_work import keeps_typed_work
from carereview.documents.engine import TemplateProblem
from carereview.escalation import bundle_render, permissions, services
from carereview.escalation.forms import ReferralMadeForm, ReferralReportsForm
from carereview.escalation.models import CafcassReferral

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
#: The bundle read in the browser is made from the authority's own template and holds what
#: people wrote: it runs no script, submits no form and loads nothing from elsewhere.
BUNDLE_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _referral_for(request: HttpRequest, pk: int, what: str) -> tuple[CafcassReferral, bool]:
    """The referral, for the child's IRO, an IRO manager or the senior officer told of it (while
    it is considered, and for a while after it is made: addressed.REFERRAL_READ_MONTHS); and
    whether the child's whole record is open to this person."""
    referral = (
        CafcassReferral.objects.filter(pk=pk)
        .select_related("senior_officer", "iro", "escalation")
        .first()
    )
    if referral is None:
        raise Http404("No such referral")
    access = permissions.child_for_dispute(request, referral.child_id, what)
    child = access.child
    if not (permissions.can_run(request.user, child) or referral.pk in access.items.referrals):
        raise permissions.refuse(request, what, child.pk)
    referral.child = child
    return referral, access.full


@keeps_typed_work
@login_required
def referral_page(request: HttpRequest, pk: int) -> HttpResponse:
    referral, full = _referral_for(request, pk, "Cafcass referral")
    child, user = referral.child, request.user
    can_run = permissions.can_run(user, child)
    sent = request.POST.get("form", "") if request.method == "POST" else ""
    reports = ReferralReportsForm(
        request.POST if sent == "reports" else None,
        prefix="reports",
        initial={
            "iro_report": referral.iro_report,
            "wishes_and_feelings": referral.wishes_and_feelings,
        },
    )
    made = ReferralMadeForm(
        request.POST if sent == "made" else None,
        prefix="made",
        initial={
            "iro_report": referral.iro_report,
            "wishes_and_feelings": referral.wishes_and_feelings,
        },
    )
    if sent and not can_run:
        raise permissions.refuse(request, f"changing the Cafcass referral {referral.pk}", child.pk)
    form = {"reports": reports, "made": made}.get(sent)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if sent == "reports":
                services.prepare_referral(
                    referral,
                    iro_report=data["iro_report"],
                    wishes_and_feelings=data["wishes_and_feelings"],
                    by=user,
                    request=request,
                )
                done = "The reports are saved and the bundle now includes them."
            else:
                services.record_referral_made(
                    referral,
                    referred_on=data["referred_on"],
                    iro_report=data["iro_report"],
                    wishes_and_feelings=data["wishes_and_feelings"],
                    cafcass_reference=data["cafcass_reference"],
                    by=user,
                    request=request,
                )
                done = "The referral is recorded as made and the senior officer is told."
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("cafcass_referral", pk=referral.pk)
    return render(
        request,
        "escalation/referral.html",
        {
            "child": child,
            "tab": "escalations",
            "dispute_only": not full,
            "referral": referral,
            "can_run": can_run,
            "reports_form": reports,
            "made_form": made,
        },
    )


@login_required
def referral_bundle(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The bundle: read in the browser, or downloaded to send (audited as an export)."""
    referral, _ = _referral_for(request, pk, "Cafcass referral bundle")
    if fmt != "html" and fmt not in FORMATS:
        raise Http404("No such format")
    try:
        if fmt == "html":
            content: str | bytes = bundle_render.render_bundle_html(referral)
        elif fmt == "pdf":
            content = bundle_render.render_bundle_pdf(referral)
        else:
            content = bundle_render.render_bundle_docx(referral)
    except TemplateProblem as problem:
        return _bundle_problem(request, referral, problem)
    if fmt == "html":
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = BUNDLE_POLICY
        response["X-Content-Type-Options"] = "nosniff"
    else:
        response = HttpResponse(content, content_type=FORMATS[fmt])
        name = bundle_render.filename(referral, fmt, clock.today())
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        record(
            Action.EXPORT,
            f"Cafcass referral bundle ({fmt}) produced for {referral.child}",
            request=request,
            obj=referral,
            child_id=referral.child_id,
        )
    response["Cache-Control"] = "no-store"
    return response


def _bundle_problem(
    request: HttpRequest, referral: CafcassReferral, problem: Exception
) -> HttpResponse:
    """The authority's bundle template failing on this referral's records: said plainly, with
    what is wrong with the template, never a traceback (documents/views.py does the same for
    the review documents)."""
    return render(
        request,
        "documents/problem.html",
        {
            "child": referral.child,
            "problem": str(problem),
            "what": "The referral bundle could not be made",
            "back": reverse("cafcass_referral", args=[referral.pk]),
            "back_text": "Back to the referral",
        },
        status=500,
    )
