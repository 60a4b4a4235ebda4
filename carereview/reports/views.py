"""The reports pages: for IRO managers only.  Each report's figures come from its query; the page,
its CSV files and the list of children behind a figure all use the filters in the address."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from carereview.audit.log import record
from carereview.audit.models import Action, AuditEvent
from carereview.reports.common import ReportData, Table
from carereview.reports.forms import Filters, ReportFilterForm
from carereview.reports.registry import REPORTS, ReportKind
from carereview.staff.access import has_role, visible_children
from carereview.staff.models import Role


def managers_only(request: HttpRequest, what: str) -> None:
    """Reports are the IRO manager's: anyone else is refused, and the refusal audited."""
    if not has_role(request.user, Role.IRO_MANAGER):
        record(Action.REFUSED, f"Refused: {what}", request=request)
        raise PermissionDenied


def _kind(slug: str) -> ReportKind:
    kind = REPORTS.get(slug)
    if kind is None:
        raise Http404
    return kind


def _run(
    request: HttpRequest, kind: ReportKind, form: ReportFilterForm | None = None
) -> tuple[ReportFilterForm, Filters, ReportData]:
    if form is None:
        form = ReportFilterForm(request.GET or None)
    chosen = form.filters()
    data = kind.query(
        chosen.period_start, chosen.period_end, chosen.iro, chosen.team, user=request.user
    )
    return form, chosen, data


def _described(kind: ReportKind, chosen: Filters, data: ReportData) -> str:
    """The report and its filters, in words, for the audit log: the period the figures cover
    (the reporting year, for the indicators, whatever dates were asked for)."""
    words = [f"{kind.title}, {data.period_label}"]
    if chosen.iro is not None:
        words.append(f"IRO {chosen.iro}")
    if chosen.team is not None:
        words.append(f"team {chosen.team}")
    return "; ".join(words)


def _audit(
    request: HttpRequest, action: Action, summary: str, named: Sequence[int], *, each: bool
) -> None:
    """One entry for what was shown, listing the children it named; with `each`, an entry
    against every child named as well, so that each child's audit trail shows who saw their
    name in a list (as the API records each child it lists)."""
    named = sorted(set(named))  # a child with two late reviews is named once
    event = record(action, summary, request=request, changes={"children": named} if named else None)
    if each and named:
        AuditEvent.objects.bulk_create(
            AuditEvent(
                user=event.user,
                username=event.username,
                action=event.action,
                child_id=pk,
                summary=f"Named in a report's list: {summary}"[:300],
                path=event.path,
                ip_address=event.ip_address,
            )
            for pk in named
        )


def _refused(request: HttpRequest, kind: ReportKind, form: ReportFilterForm) -> HttpResponse:
    """Filters that cannot be used, for a CSV file or a list of children: the report's page
    saying what is wrong (status 400), never a file or a list for some other period or IRO
    than the one asked for."""
    return _page(request, kind, *_run(request, kind, form), status=400)


def _page(
    request: HttpRequest,
    kind: ReportKind,
    form: ReportFilterForm,
    chosen: Filters,
    data: ReportData,
    status: int = 200,
) -> HttpResponse:
    sections = kind.sections(data)
    named = [pk for section in sections for pk in section.table.names]
    _audit(request, Action.VIEW, f"Report: {_described(kind, chosen, data)}", named, each=False)
    return render(
        request,
        "reports/report.html",
        {
            "kind": kind,
            "form": form,
            "chosen": chosen,
            "data": data,
            "sections": sections,
            "query": _query(request),
        },
        status=status,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    managers_only(request, "reports")
    record(Action.VIEW, "Reports", request=request)
    return render(request, "reports/index.html", {"reports": list(REPORTS.values())})


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    managers_only(request, f"report {slug}")
    kind = _kind(slug)
    form, chosen, data = _run(request, kind)
    return _page(request, kind, form, chosen, data)


@login_required
def report_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    managers_only(request, f"report {slug} CSV")
    kind = _kind(slug)
    form = ReportFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _refused(request, kind, form)
    _, chosen, data = _run(request, kind, form)
    found: Table | None = next((s.table for s in kind.sections(data) if s.table.key == table), None)
    if found is None:
        raise Http404
    _audit(
        request,
        Action.EXPORT,
        f"Report CSV ({found.caption}): {_described(kind, chosen, data)}",
        found.names,
        each=True,
    )
    # The period the figures cover (the whole reporting year for the indicators).
    period = f"{data.period_start:%Y-%m-%d}-to-{data.period_end:%Y-%m-%d}"
    # With a byte order mark, so that spreadsheets read the names' accents rightly.
    response = HttpResponse(
        found.as_csv().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-{table}-{period}.csv"'
    return response


@login_required
def figure_children(request: HttpRequest, slug: str, figure: str) -> HttpResponse:
    """The children behind one figure: only those the person may see."""
    managers_only(request, f"report {slug} children")
    kind = _kind(slug)
    form = ReportFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _refused(request, kind, form)
    _, chosen, data = _run(request, kind, form)
    behind = data.figures.get(figure)
    if behind is None:
        raise Http404
    children = list(
        visible_children(request.user)
        .filter(pk__in=behind.children)
        .select_related("social_worker__team")
        .order_by("last_name", "first_name", "pk")
    )
    _audit(
        request,
        Action.VIEW,
        f"Children behind a report's figure ({behind.label}): {_described(kind, chosen, data)}",
        [child.pk for child in children],
        each=True,
    )
    return render(
        request,
        "reports/children.html",
        {
            "kind": kind,
            "chosen": chosen,
            "data": data,
            "figure": behind,
            "children": children,
            "query": _query(request),
        },
    )


def _query(request: HttpRequest) -> str:
    """The filters, to carry on to the CSV files and the lists of children."""
    query: Any = request.GET.urlencode()
    return f"?{query}" if query else ""
