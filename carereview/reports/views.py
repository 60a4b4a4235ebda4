"""The reports pages: for IRO managers only.  Each report's figures come from its query; the page,
its CSV files and the list of children behind a figure all use the filters in the address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.reports.common import ReportData, Table, long_date
from carereview.reports.forms import Filters, ReportFilterForm
from carereview.reports.registry import REPORTS, ReportKind
from carereview.staff.access import has_role, visible_children
from carereview.staff.models import Role


def _managers_only(request: HttpRequest, what: str) -> None:
    if not has_role(request.user, Role.IRO_MANAGER):
        record(Action.REFUSED, f"Refused: {what}", request=request)
        raise PermissionDenied


def _kind(slug: str) -> ReportKind:
    kind = REPORTS.get(slug)
    if kind is None:
        raise Http404
    return kind


def _run(request: HttpRequest, kind: ReportKind) -> tuple[ReportFilterForm, Filters, ReportData]:
    form = ReportFilterForm(request.GET or None)
    chosen = form.filters()
    data = kind.query(
        chosen.period_start, chosen.period_end, chosen.iro, chosen.team, user=request.user
    )
    return form, chosen, data


def _described(kind: ReportKind, chosen: Filters) -> str:
    """The report and its filters, in words, for the audit log."""
    words = [f"{kind.title}, {long_date(chosen.period_start)} to {long_date(chosen.period_end)}"]
    if chosen.iro is not None:
        words.append(f"IRO {chosen.iro}")
    if chosen.team is not None:
        words.append(f"team {chosen.team}")
    return "; ".join(words)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _managers_only(request, "reports")
    record(Action.VIEW, "Reports", request=request)
    return render(request, "reports/index.html", {"reports": list(REPORTS.values())})


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    _managers_only(request, f"report {slug}")
    kind = _kind(slug)
    form, chosen, data = _run(request, kind)
    record(Action.VIEW, f"Report: {_described(kind, chosen)}", request=request)
    return render(
        request,
        "reports/report.html",
        {
            "kind": kind,
            "form": form,
            "chosen": chosen,
            "data": data,
            "sections": kind.sections(data),
            "query": _query(request),
        },
    )


@login_required
def report_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    _managers_only(request, f"report {slug} CSV")
    kind = _kind(slug)
    _, chosen, data = _run(request, kind)
    found: Table | None = next((s.table for s in kind.sections(data) if s.table.key == table), None)
    if found is None:
        raise Http404
    record(
        Action.EXPORT, f"Report CSV ({found.caption}): {_described(kind, chosen)}", request=request
    )
    period = f"{chosen.period_start:%Y-%m-%d}-to-{chosen.period_end:%Y-%m-%d}"
    # With a byte order mark, so that spreadsheets read the names' accents rightly.
    response = HttpResponse(
        found.as_csv().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-{table}-{period}.csv"'
    return response


@login_required
def figure_children(request: HttpRequest, slug: str, figure: str) -> HttpResponse:
    """The children behind one figure: only those the person may see."""
    _managers_only(request, f"report {slug} children")
    kind = _kind(slug)
    _, chosen, data = _run(request, kind)
    behind = data.figures.get(figure)
    if behind is None:
        raise Http404
    children = list(
        visible_children(request.user)
        .filter(pk__in=behind.children)
        .select_related("social_worker__team")
        .order_by("last_name", "first_name", "pk")
    )
    record(
        Action.VIEW,
        f"Children behind a report's figure ({behind.label}): {_described(kind, chosen)}",
        request=request,
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
