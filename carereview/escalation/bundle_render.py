"""The Cafcass referral bundle as a document a person can read and send: HTML for the browser,
PDF (WeasyPrint, A4, page numbers and the security marking on every page) and Word.

The page view checks access and audits; these functions only turn a referral's records into a
document and write nothing.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from carereview.escalation.bundle import assemble
from carereview.escalation.bundle_types import (
    MARKING,
    MISSING,
    NOT_WRITTEN,
    PLACEMENT_ADDRESS_NOTE,
    Bundle,
    DecisionLine,
    Entry,
    Person,
)

TEMPLATE = "escalation/bundle.html"


def format_day(value: date | None) -> str:
    """3 March 2025; nothing for no date."""
    return f"{value.day} {value:%B %Y}" if value else ""


def html_of(bundle: Bundle) -> str:
    return render_to_string(
        TEMPLATE,
        {
            "bundle": bundle,
            "marking": MARKING,
            "MISSING": MISSING,
            "NOT_WRITTEN": NOT_WRITTEN,
            "PLACEMENT_ADDRESS_NOTE": PLACEMENT_ADDRESS_NOTE,
            "format_day": format_day,
        },
    )


def pdf_of(bundle: Bundle) -> bytes:
    from weasyprint import HTML

    return HTML(string=html_of(bundle), base_url=str(settings.BASE_DIR)).write_pdf()


def filename(referral: Any, extension: str, as_of: date) -> str:
    """e.g. cafcass-referral-T00001-2025-06-02.pdf"""
    return f"cafcass-referral-{referral.child.reference}-{as_of:%Y-%m-%d}.{extension}"


def render_bundle_html(referral: Any, as_of: date | None = None) -> str:
    return html_of(assemble(referral, as_of))


def render_bundle_pdf(referral: Any, as_of: date | None = None) -> bytes:
    return pdf_of(assemble(referral, as_of))


def render_bundle_docx(referral: Any, as_of: date | None = None) -> bytes:
    return docx_of(assemble(referral, as_of))


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, code),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _table(doc: Any, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _contact(person: Person) -> str:
    parts = [f"Phone: {person.phone}" if person.phone else "", person.email]
    if person.address:
        parts.append(f"Address: {person.address}")
        if person.address_note:
            parts.append(f"Address {person.address_note}")
    return "\n".join(p for p in parts if p) or "None recorded"


def _decisions(doc: Any, decisions: list[DecisionLine]) -> None:
    def progress(d: DecisionLine) -> str:
        if d.done_on:
            return f"Done {format_day(d.done_on)}" + (f": {d.outcome}" if d.outcome else "")
        return "Overdue" if d.overdue else "Not yet due"

    if not decisions:
        doc.add_paragraph("No decisions recorded.")
        return
    rows = [(d.text, d.responsible, format_day(d.deadline), progress(d)) for d in decisions]
    _table(doc, ("Decision", "Who", "By", "Progress"), rows)


def _entry(entry: Entry) -> tuple[str, str, str]:
    return format_day(entry.on), entry.kind, entry.text


def _text(doc: Any, value: str, empty: str = "None recorded.") -> None:
    doc.add_paragraph(value or empty)


def docx_of(bundle: Bundle) -> bytes:
    """The same bundle as a Word document (the sections and their order as the HTML's)."""
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.header.paragraphs[0].text = MARKING
    section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{MARKING}    Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    c = bundle.cover
    doc.add_heading(f"Referral to Cafcass: {c.child_name}", level=0)
    known = f" (known as {c.preferred_name})" if c.preferred_name else ""
    referred = format_day(c.referred_on) or "Not yet referred"
    _table(
        doc,
        ("", ""),
        [
            ("Child", c.child_name + known),
            ("Reference", c.reference),
            ("Date of birth", f"{format_day(c.date_of_birth)} (aged {c.age})"),
            ("Legal status now", c.legal_status),
            ("Local authority", c.authority),
            ("Independent reviewing officer", f"{c.iro.name}\n{_contact(c.iro)}"),
            (
                "Referred to Cafcass",
                referred + (f" ({c.cafcass_reference})" if c.cafcass_reference else ""),
            ),
            ("Bundle assembled", format_day(c.assembled_on)),
            ("Security marking", MARKING),
        ],
    )
    doc.add_heading("What this bundle holds (IRO Handbook 8.15)", level=1)
    _table(
        doc,
        ("Item", "Status", "Where, or what to do"),
        [(i.item, i.status, i.note) for i in bundle.checklist],
    )
    r = bundle.iro_report
    doc.add_heading(
        "1. The IRO's report: why the matter is referred now, and the steps taken", level=1
    )
    _text(doc, r.report, f"{NOT_WRITTEN}.")
    doc.add_heading("Reasons for referring now", level=2)
    _text(doc, r.reasons, "Not recorded.")
    doc.add_heading("Why the dispute resolution process was cut short", level=2)
    _text(doc, r.curtailed_because, "The process was not cut short.")
    doc.add_heading("2. The child's wishes and feelings", level=1)
    _text(doc, bundle.wishes.report, f"{NOT_WRITTEN}.")
    for v in bundle.wishes.at_reviews:
        doc.add_heading(f"Review held on {format_day(v.held_on)}", level=3)
        for line in (f"Participation: {v.participation}", v.how, v.wishes_and_feelings, v.views):
            if line:
                doc.add_paragraph(line)
    issues = bundle.issues
    doc.add_heading("3. Statement of issues and the escalation history", level=1)
    for line in issues.statement:
        doc.add_paragraph(line, style="List Number")
    doc.add_heading("Attempts to resolve the matter informally", level=2)
    rows = [
        (format_day(i.discussed_on), i.raised_with, i.issue, i.agreed_actions, i.outcome)
        for i in issues.informal
    ]
    _table(doc, ("Discussed", "With", "Issue", "Agreed actions", "Outcome"), rows)
    doc.add_heading("Formal escalation", level=2)
    for e in issues.escalations:
        doc.add_heading(f"Escalation opened {format_day(e.opened_on)}: {e.category}", level=3)
        doc.add_paragraph(e.issue)
        closed = (
            f"Closed {format_day(e.closed_on)}: {e.outcome} {e.outcome_details}"
            if e.closed_on
            else "Open"
        )
        doc.add_paragraph(closed.strip())
        rows = [
            (
                s.stage,
                s.sent_to or s.escalate_to,
                format_day(s.entered_on),
                format_day(s.respond_by),
                f"{format_day(s.responded_on)} {s.responded_by}: {s.response}"
                if s.responded_on
                else "None recorded",
            )
            for s in e.steps
        ]
        _table(doc, ("Stage", "Sent to", "Raised", "Respond by", "Response"), rows)
    if issues.other_steps:
        doc.add_heading("Management alerts and requests to freeze a placement move", level=2)
        _table(doc, ("Date", "What", "Details"), [_entry(e) for e in issues.other_steps])
    p = bundle.care_plan
    doc.add_heading("4. The care plan as recorded at reviews", level=1)
    doc.add_paragraph(
        "This is the care plan as the child's reviews record it, not the care plan document. "
        "To be attached from the authority's legal team or case system: "
        + "; ".join((*p.held_by_legal, "the current care plan document"))
        + "."
    )
    address = (
        f"{p.placement_address}\nPlacement address {PLACEMENT_ADDRESS_NOTE}"
        if p.placement_address
        else ""
    )
    _table(
        doc,
        ("", ""),
        [
            ("Legal status", p.legal_status),
            ("Placement type", p.placement),
            ("Carer", p.carer or "Not recorded"),
            ("In this placement since", format_day(p.placement_since)),
            ("Placement address", address or "Not recorded"),
        ],
    )
    doc.add_heading("The plan for permanence", level=2)
    _text(doc, p.permanence)
    for m in p.matters:
        doc.add_heading(m.title, level=3)
        doc.add_paragraph(m.text)
    doc.add_heading("Decisions in force", level=2)
    _decisions(doc, p.decisions_in_force)
    doc.add_heading("Court proceedings and the children's guardian", level=2)
    rows = [
        (
            f"{format_day(x.started_on)} to {format_day(x.ended_on) or 'continuing'}",
            f"{x.court} {x.case_number}".strip(),
            f"{x.guardian.name}\n{_contact(x.guardian)}" if x.guardian else "None recorded",
        )
        for x in p.proceedings
    ]
    _table(doc, ("Proceedings", "Court and case number", "Children's guardian"), rows)
    doc.add_heading("5. Review records of the preceding 12 months", level=1)
    doc.add_paragraph(
        f"Reviews held from {format_day(bundle.reviews_from)} to {format_day(bundle.reviews_to)}."
    )
    for rv in bundle.reviews:
        doc.add_heading(f"Review held on {format_day(rv.held_on)}", level=2)
        doc.add_paragraph(
            f"Chaired by {rv.chair}. Participation: {rv.participation}. {rv.how}".strip()
        )
        for line in rv.attendance:
            doc.add_paragraph(line, style="List Bullet")
        for m in rv.matters:
            doc.add_paragraph(f"{m.title}. {m.text}")
        _text(doc, f"Views: {rv.views}" if rv.views else "")
        if rv.disagreements:
            doc.add_paragraph(f"Disagreements: {rv.disagreements}")
        _decisions(doc, rv.decisions)
    doc.add_heading("6. Chronology", level=1)
    _table(
        doc,
        ("Date", "What", "Details"),
        [_entry(e) for e in bundle.chronology],
    )
    doc.add_heading("7. People important to the child, and the professionals", level=1)
    rows = [
        (
            x.name,
            x.relationship or x.role,
            "Yes" if x.parental_responsibility else "No",
            x.involvement,
            _contact(x),
        )
        for x in bundle.important_people
    ]
    _table(
        doc,
        ("Name", "Relationship", "Parental responsibility", "Involvement", "Contact details"),
        rows,
    )
    rows = [(x.name, x.role, x.organisation, _contact(x)) for x in bundle.professionals]
    _table(doc, ("Name", "Role", "Organisation", "Contact details"), rows)
    doc.add_heading("8. Diversity and communication needs", level=1)
    _table(doc, ("", ""), list(bundle.diversity))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
