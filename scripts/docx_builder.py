"""Helpers that write Word templates with python-docx: paragraphs, docxtpl tags, looped table rows,
boxes to write in, and A4 pages with the marking and page numbers.  Used by
make_document_templates.py; kept apart so each file stays readable."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from carereview.core.word import word_field

FIXED = datetime(2025, 1, 1)


def new_document(
    marking: str | None = "{{ marking }}", footer: str = "{{ authority.name }}"
) -> Any:
    """An A4 document in Arial 11, with the marking at the top and the authority's name and
    "Page N of M" at the foot of every page."""
    doc = Document()
    for style, size in (("Normal", 11), ("Heading 1", 15), ("Heading 2", 13), ("Title", 20)):
        doc.styles[style].font.name = "Arial"
        doc.styles[style].font.size = Pt(size)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    header = section.header.paragraphs[0]
    header.text = marking or ""
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if header.runs:
        header.runs[0].bold = True
    if footer:
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot.add_run(f"{footer}    Page ")
        word_field(foot, "PAGE")
        foot.add_run(" of ")
        word_field(foot, "NUMPAGES")
    props = doc.core_properties
    props.author = props.last_modified_by = "carereview"
    props.created = props.modified = FIXED
    props.revision = 1
    return doc


def para(doc: Any, text: str = "", style: str | None = None, bold: bool = False) -> Any:
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
    return paragraph


def fact(doc: Any, label: str, value: str) -> Any:
    """ "Label: value" on one line, the label in bold."""
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)
    return paragraph


def tag(doc: Any, statement: str) -> Any:
    """A docxtpl paragraph tag ({%p if ... %}): the whole paragraph goes when rendered."""
    return doc.add_paragraph(f"{{%p {statement} %}}")


def heading(doc: Any, text: str, level: int = 1) -> Any:
    return doc.add_heading(text, level=level)


def table(
    doc: Any, header: Sequence[str], cells: Sequence[str], loop: str, widths: Sequence[float] = ()
) -> Any:
    """A table with a header row and one row per item: `loop` is "d in decisions"."""
    grid = doc.add_table(rows=4, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    grid.rows[1].cells[0].text = f"{{%tr for {loop} %}}"
    for cell, text in zip(grid.rows[2].cells, cells, strict=True):
        cell.text = text
    grid.rows[3].cells[0].text = "{%tr endfor %}"
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
    return grid


def pairs(doc: Any, rows: Sequence[tuple[str, str]]) -> Any:
    """A two-column table of labels and values."""
    grid = doc.add_table(rows=len(rows), cols=2)
    grid.style = "Table Grid"
    for row, (label, value) in zip(grid.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[0].paragraphs[0].runs[0].bold = True
        row.cells[1].text = value
        row.cells[0].width, row.cells[1].width = Cm(5), Cm(12)
    return grid


def box(doc: Any, question: str, height_cm: float = 3.5) -> None:
    """A question and a bordered box to write (or draw) the answer in."""
    para(doc, question, bold=True)
    grid = doc.add_table(rows=1, cols=1)
    grid.style = "Table Grid"
    row = grid.rows[0]
    row.height = Cm(height_cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    para(doc)


def addressee(doc: Any) -> None:
    """The recipient's name and address, as a letter starts (in a table without borders, so
    that the letter's own text begins with "Dear ...")."""
    grid = doc.add_table(rows=1, cols=1)
    cell = grid.rows[0].cells[0]
    cell.text = "{{ recipient.name }}"
    cell.add_paragraph("{%p if recipient.address %}")
    cell.add_paragraph("{{ recipient.address }}")
    cell.add_paragraph("{%p endif %}")
    cell.add_paragraph("{{ today }}")


def save(doc: Any, path: Any) -> None:
    """Saved with fixed timestamps inside the zip, so that running the script again gives the
    same bytes and git shows no change."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    path.write_bytes(out.getvalue())


# Pieces the review documents share -------------------------------------------------------------

COPY_NOTE = (
    "{% if not office_copy %}Copy for {{ recipient.name }}.{% if "
    "redaction.placement_address_left_out %} The placement address is left out of this copy."
    "{% endif %}{% endif %}"
)


def child_facts(doc: Any) -> None:
    fact(
        doc,
        "Child",
        "{{ child.name }}{% if child.preferred_name %} (known as {{ child.preferred_name }})"
        "{% endif %}",
    )
    fact(doc, "Date of birth", "{{ child.date_of_birth }} (aged {{ child.age }})")
    fact(doc, "Reference", "{{ child.reference }}")


def decision_table(doc: Any) -> None:
    """The decisions with who is responsible and by when (CPPCR 2010 reg 36)."""
    tag(doc, "if decisions")
    table(
        doc,
        ("Decision", "Who is responsible", "By"),
        ("{{ d.text }}", "{{ d.responsible }}", "{{ d.deadline }}"),
        "d in decisions",
        widths=(10, 4.5, 3),
    )
    tag(doc, "else")
    para(doc, "No decisions were recorded.")
    tag(doc, "endif")
