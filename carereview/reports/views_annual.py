"""The IRO annual report page (IRO managers only): the manager writes the narrative for each part
of the report, then creates the report as a PDF or a Word document with the figures filled in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.reports.annual import ASKS_TEXT, EARLIEST_YEAR, YearNotAvailable, check_year
from carereview.reports.annual_services import (
    FORMATS,
    LONGEST,
    NarrativeConflict,
    create_report,
    fingerprint,
    save_narrative,
)
from carereview.reports.common import year_label, year_of
from carereview.reports.models import AnnualReportNarrative, NarrativeSection
from carereview.reports.views import managers_only

HINT = "Leave a blank line between paragraphs. Lines starting with “- ” become a bulleted list."
ACTIONS = {"save": None, "pdf": "pdf", "docx": "docx"}


class NarrativeForm(forms.Form):
    """One box per part of the report, and what each box held when the page was opened."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in NarrativeSection.choices:
            self.fields[value] = forms.CharField(
                label=label,
                required=False,
                strip=False,
                max_length=LONGEST,
                widget=forms.Textarea,
                error_messages={
                    "max_length": f"{label}: write no more than {LONGEST:,} characters "
                    "(you wrote %(show_value)s)"
                },
            )
            self.fields[f"seen_{value}"] = forms.CharField(required=False, widget=forms.HiddenInput)


def _years() -> list[int]:
    current = year_of(clock.today())
    return list(range(current, max(EARLIEST_YEAR, current - 11) - 1, -1))


def _year(value: Any) -> int:
    """The year asked for in the address; the last full reporting year when none is given."""
    if value in (None, ""):
        return year_of(clock.today()) - 1
    try:
        year = int(value)
        check_year(year)
    except (TypeError, ValueError) as problem:
        raise Http404(str(problem)) from problem
    return year


@login_required
def annual_page(request: HttpRequest) -> HttpResponse:
    managers_only(request, "IRO annual report")
    year = _year(request.POST.get("year") if request.method == "POST" else request.GET.get("year"))
    held = {
        n.section: n
        for n in AnnualReportNarrative.objects.filter(year=year).select_related("updated_by")
    }
    conflicts: dict[str, Any] = {}
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        action = request.POST.get("action", "save")
        if action not in ACTIONS:
            action = "save"
        if form.is_valid():
            data = form.cleaned_data
            texts = {s: data[s] for s in NarrativeSection.values}
            seen = {s: data[f"seen_{s}"] for s in NarrativeSection.values if data[f"seen_{s}"]}
            try:
                changed = save_narrative(year, texts, seen, by=request.user, request=request)
            except NarrativeConflict as clash:
                conflicts = {c.section: c for c in clash.conflicts}
                form.data = form.data.copy()
                for c in clash.conflicts:
                    form.add_error(
                        c.section,
                        f"{NarrativeSection(c.section).label}: {c.by or 'someone else'} saved this "
                        "part after you opened the page. Their text is shown below the box; "
                        "copy what you need into the box and save again.",
                    )
                    # The next save compares against what they saw: the other person's text.
                    form.data[f"seen_{c.section}"] = fingerprint(c.text)
            else:
                if changed:
                    messages.success(request, f"Narrative saved ({len(changed)} parts changed).")
                if ACTIONS[action]:
                    return redirect(reverse("annual_report:file", args=[year, ACTIONS[action]]))
                return redirect(f"{reverse('annual_report:page')}?year={year}")
    else:
        form = NarrativeForm(
            initial={
                **{s: n.text for s, n in held.items()},
                **{
                    f"seen_{s}": fingerprint(held[s].text if s in held else "")
                    for s in NarrativeSection.values
                },
            }
        )
        record(Action.VIEW, f"IRO annual report {year_label(year)}: narrative", request=request)
    return render(
        request,
        "reports/annual/page.html",
        {
            "form": form,
            "year": year,
            "year_label": year_label(year),
            "years": [(y, year_label(y)) for y in _years()],
            "sections": NarrativeSection.choices,
            "asks": {key.value: text for key, text in ASKS_TEXT.items()},
            "held": held,
            "conflicts": conflicts,
            "hint": HINT,
            "formats": FORMATS,
        },
    )


@login_required
def annual_file(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    managers_only(request, f"IRO annual report {year} ({fmt})")
    if fmt not in FORMATS:
        raise Http404
    try:
        name, content = create_report(year, fmt, by=request.user, request=request)
    except YearNotAvailable as problem:
        raise Http404(str(problem)) from problem
    response = HttpResponse(content, content_type=FORMATS[fmt][1])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
