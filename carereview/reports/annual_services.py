"""The IRO annual report's use cases, shared by the page and `carereview annualreport`: keep the
manager's narrative, and make the report as a PDF or Word document (audited as an export)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.reports.annual import annual_report, check_year
from carereview.reports.annual_render import filename, render_docx, render_pdf
from carereview.reports.common import year_label
from carereview.reports.models import AnnualReportNarrative, NarrativeSection

#: Each format: its name for people, and its media type.
FORMATS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
#: The longest narrative for one part: about twenty pages of text.
LONGEST = 50_000


def fingerprint(text: str) -> str:
    """What a part's text was when the page was opened, to tell whether someone else has
    saved it since."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Conflict:
    section: str
    text: str  # what the other person saved
    by: str


class NarrativeConflict(Exception):
    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__("the narrative was changed by someone else")
        self.conflicts = conflicts


def save_narrative(
    year: int,
    texts: dict[str, str],
    seen: dict[str, str],
    *,
    by: Any,
    request: Any = None,
) -> list[str]:
    """Keep the parts whose text changed; the sections changed, in the report's order.

    `seen` holds each part's fingerprint as it was when the page was opened: a part someone
    else saved since then is refused (NarrativeConflict) rather than overwritten, and nothing
    is saved (all or nothing)."""
    check_year(year)
    changed = []
    with transaction.atomic():
        held = {
            n.section: n
            for n in AnnualReportNarrative.objects.select_for_update(of=("self",))
            .filter(year=year)
            .select_related("updated_by")
        }
        conflicts = []
        for section in NarrativeSection.values:
            if section not in texts:
                continue
            text = texts[section].replace("\r\n", "\n").strip()
            current = held.get(section)
            stored = current.text if current else ""
            if text == stored:
                continue
            if section in seen and seen[section] != fingerprint(stored):
                conflicts.append(Conflict(section, stored, str(current.updated_by or "")))
                continue
            changed.append(section)
            AnnualReportNarrative.objects.update_or_create(
                year=year, section=section, defaults={"text": text, "updated_by": by}
            )
        if conflicts:
            transaction.set_rollback(True)
            raise NarrativeConflict(conflicts)
        if changed:
            record(
                Action.CHANGE,
                f"IRO annual report {year_label(year)}: narrative changed",
                request=request,
                user=by,
                changes={"sections": changed},
            )
    return changed


def create_report(year: int, fmt: str, *, by: Any = None, request: Any = None) -> tuple[str, bytes]:
    """The report for the year as a file: (file name, content).  Audited as an export."""
    if fmt not in FORMATS:
        raise ValueError(f"{fmt!r} is not a format of the report: choose pdf or docx")
    report = annual_report(year)
    content = render_pdf(report) if fmt == "pdf" else render_docx(report)
    record(
        Action.EXPORT,
        f"IRO annual report {report.label} created ({FORMATS[fmt][0]})",
        request=request,
        user=by,
        username="" if getattr(by, "pk", None) else "command line",
        changes={"year": year, "format": fmt, "figures_to": report.figures_to.isoformat()},
    )
    return filename(report, fmt), content
