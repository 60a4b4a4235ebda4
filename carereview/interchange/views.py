"""The SSDA903 pages, for the IRO manager only: upload a return to import and follow it, past
imports with their outcome, the refusals and warnings as CSV, and the export of a collection year.

The return holds every looked-after child's history, so only the IRO manager (who answers for
the service's data) may load or take it out; every upload and download is in the audit log.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.core.spreadsheet import safe_cell
from carereview.domain.years import year_label, year_of
from carereview.interchange import runs
from carereview.interchange.forms import MAX_FILE_MB, MAX_FILES, ExportForm, ImportForm
from carereview.interchange.models import ImportFile, ImportRun
from carereview.records.models import Episode
from carereview.staff.access import has_role
from carereview.staff.models import Role

#: Problems shown on the page; all of them are in the CSV download.
SHOWN = 200
PAST_RUNS = 50
PROBLEM_COLUMNS = ("file", "row", "column", "value", "rule", "message")


def _refuse_unless_manager(request: HttpRequest, what: str) -> None:
    if not has_role(request.user, Role.IRO_MANAGER):
        record(Action.REFUSED, f"Refused: {what}", request=request)
        raise PermissionDenied


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Upload a return; below, the imports so far."""
    _refuse_unless_manager(request, "SSDA903 import")
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            files = form.cleaned_data["files"]
            run = runs.start_import(files, by=request.user, source="web upload")
            names = ", ".join(name for name, _ in files)
            record(
                Action.IMPORT,
                f"Uploaded an SSDA903 return to import (import {run.pk}): {names}",
                request=request,
                obj=run,
            )
            return redirect("interchange:run", pk=run.pk)
    else:
        record(Action.VIEW, "Viewed SSDA903 imports", request=request)
    past = list(
        ImportRun.objects.select_related("started_by").order_by("-created", "-pk")[:PAST_RUNS]
    )
    now = clock.now()
    return render(
        request,
        "interchange/start.html",
        {
            "form": form,
            "past": [(run, runs.shown_status(run, now)) for run in past],
            "max_file_mb": MAX_FILE_MB,
            "max_files": MAX_FILES,
        },
    )


def _counts_table(counts: dict[str, Any]) -> tuple[list[str], list[tuple[str, list[Any]]]]:
    """counts {table: {what: n}} as a table: the kinds of change as columns, a row per table."""
    columns: list[str] = []
    for inner in counts.values():
        for key in inner if isinstance(inner, dict) else ["count"]:
            if key not in columns:
                columns.append(key)
    rows = []
    for table, inner in counts.items():
        inner = inner if isinstance(inner, dict) else {"count": inner}
        rows.append((table, [inner.get(key, 0) for key in columns]))
    return columns, rows


@login_required
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    """How an import is going (the page updates itself until it ends), then its outcome."""
    _refuse_unless_manager(request, "SSDA903 import progress")
    run = get_object_or_404(ImportRun.objects.select_related("started_by"), pk=pk)
    now = clock.now()
    status = runs.shown_status(run, now)
    finished = status in runs.FINISHED
    if finished:
        # The refusals and warnings quote the files' values (children's numbers and dates).
        record(
            Action.VIEW, f"Viewed the outcome of SSDA903 import {run.pk}", request=request, obj=run
        )
    columns, rows = _counts_table(run.counts or {}) if run.status == runs.SUCCEEDED else ([], [])
    errors, warnings = run.errors or [], run.warnings or []
    return render(
        request,
        "interchange/run.html",
        {
            "run": run,
            "status": status,
            "finished": finished,
            "stuck": status == runs.FAILED and run.status == runs.RUNNING,
            "stuck_minutes": int(runs.STUCK_AFTER.total_seconds() // 60),
            "waiting_too_long": runs.waiting_too_long(run, now),
            "file_names": list(
                ImportFile.objects.filter(run=run).order_by("pk").values_list("name", flat=True)
            ),
            "count_columns": columns,
            "count_rows": rows,
            "errors": errors[:SHOWN],
            "error_count": len(errors),
            "warnings": warnings[:SHOWN],
            "warning_count": len(warnings),
            "shown": SHOWN,
            "problem_columns": PROBLEM_COLUMNS,
        },
    )


@login_required
def problems_csv(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Every refusal or warning of an import, as a CSV file."""
    _refuse_unless_manager(request, f"SSDA903 import {kind}")
    if kind not in ("errors", "warnings"):
        raise Http404
    run = get_object_or_404(ImportRun, pk=pk)
    problems = (run.errors if kind == "errors" else run.warnings) or []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PROBLEM_COLUMNS)
    for problem in problems:
        writer.writerow(safe_cell(problem.get(column, "")) for column in PROBLEM_COLUMNS)
    record(
        Action.EXPORT,
        f"Downloaded the {kind} of SSDA903 import {run.pk} ({len(problems)})",
        request=request,
        obj=run,
    )
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="ssda903-import-{run.pk}-{kind}.csv"'
    return response


def collection_years() -> list[int]:
    """Collection years (named by the year they start, 1 April) from the earliest episode held to
    the current one, newest first."""
    current = year_of(clock.today())
    earliest = Episode.objects.aggregate(first=Min("decom"))["first"]
    first = current if earliest is None else min(current, year_of(earliest))
    return list(range(current, first - 1, -1))


#: The file in the export's zip that lists what the export left out or could not write.
TO_CHECK = "to-check.txt"


def _to_check(warnings: list[str]) -> str:
    lines = ["What this export left out or needs checking before the return is sent:", ""]
    return "\r\n".join([*lines, *(f"- {warning}" for warning in warnings), ""])


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Choose a collection year; download its return as a zip of the CSV tables."""
    from carereview.interchange.services import export_return

    _refuse_unless_manager(request, "SSDA903 export")
    years = collection_years()
    form = ExportForm(request.GET if "year" in request.GET else None, years=years)
    if form.is_bound and form.is_valid():
        year = form.chosen_year()
        exported = export_return(year, by=request.user)  # writes the audit entry
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in exported.files.items():
                archive.writestr(name, content)
            if exported.warnings:
                # Beside the tables, not in them: what was left out or needs checking before
                # the return goes to the DfE (the command prints the same lines).
                archive.writestr(TO_CHECK, _to_check(exported.warnings))
        label = "all-years" if year is None else year_label(year)
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="ssda903-{label}.zip"'
        return response
    return render(request, "interchange/export.html", {"form": form})
