"""The IRO annual report as a Word document: the PDF's parts in the same order, the charts as
pictures (the same SVG drawn to PNG, annual_images.py), every table a Word table, and the
manager's commentary - or a marked box with room for it - after each part's figures, so the
manager can also finish the narrative in Word.
"""

from __future__ import annotations

import io
from html import unescape
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from carereview.core.word import word_field
from carereview.reports.annual import AnnualReport, Part
from carereview.reports.annual_images import for_print, to_png
from carereview.reports.annual_render import NOT_WRITTEN, WIDE, blocks, printable
from carereview.reports.common import Section, Table, long_date

GREY = RGBColor(0x50, 0x5A, 0x5F)


def _update_fields_on_open(doc: Any) -> None:
    """Ask Word to fill in the contents and page numbers when the document is opened."""
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    doc.settings.element.append(element)


def _orientation(doc: Any, landscape: bool) -> None:
    """Start a new section on a new page, A4 landscape or portrait."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    wide, tall = Mm(297), Mm(210)
    section.page_width, section.page_height = (wide, tall) if landscape else (tall, wide)


def _table(doc: Any, table: Table) -> None:
    caption = doc.add_paragraph()
    caption.add_run(table.caption).bold = True
    caption.paragraph_format.keep_with_next = True
    numeric = table.numeric_columns()
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    size = Pt(8) if len(table.columns) > WIDE else Pt(9.5)
    header = grid.rows[0]
    # The heading row repeats at the top of each page the table runs on to.
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for index, (cell, text) in enumerate(zip(header.cells, table.columns, strict=True)):
        run = cell.paragraphs[0].add_run(str(text))
        run.bold, run.font.size = True, size
        if index in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if not table.rows:
        cells = grid.add_row().cells
        cells[0].paragraphs[0].add_run("None in this period.").font.size = size
    for row in table.rows:
        for index, (cell, value) in enumerate(zip(grid.add_row().cells, row, strict=True)):
            run = cell.paragraphs[0].add_run(printable(value.shown))
            run.font.size = size
            run.bold = index == 0
            if index in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def _narrative(doc: Any, text: str) -> None:
    found = blocks(text)
    if found:
        for block in found:
            if block.kind == "ul":
                for line in block.lines:
                    doc.add_paragraph(line, style="List Bullet")
            else:
                doc.add_paragraph(block.lines[0])
        return
    # Room for the manager's words: a bordered box with space to write in.
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.rows[0].cells[0]
    run = cell.paragraphs[0].add_run(NOT_WRITTEN)
    run.italic, run.font.color.rgb = True, GREY
    for _ in range(6):
        cell.add_paragraph()
    doc.add_paragraph()


def _section(doc: Any, section: Section, picture: bytes | None, usable: Any) -> None:
    heading = doc.add_heading(section.heading, level=2)
    heading.paragraph_format.keep_with_next = True
    intro = doc.add_paragraph(section.intro)
    intro.paragraph_format.keep_with_next = True
    if picture is not None:
        doc.add_picture(io.BytesIO(picture), width=usable)
        # The chart's own words for people who cannot see it (WCAG 1.1.1): its <desc>.
        shape = doc.inline_shapes[-1]
        shape._inline.docPr.set("descr", _description(section))
        shape._inline.docPr.set("title", section.heading)
    _table(doc, section.table)


def _description(section: Section) -> str:
    text = str(section.chart or "")
    start = text.find("<desc")
    if start < 0:
        return section.heading
    start = text.find(">", start) + 1
    return unescape(text[start : text.find("</desc>", start)])


def _part(doc: Any, number: int, part: Part, pictures: dict[int, bytes]) -> None:
    doc.add_heading(f"{number}. {part.heading}", level=1)
    if part.asks:
        asks = doc.add_paragraph(part.asks, style="Quote")
        asks.paragraph_format.space_after = Pt(10)
    landscape = False
    for section in part.sections:
        wide = len(section.table.columns) > WIDE
        if wide != landscape:
            _orientation(doc, wide)
            landscape = wide
        usable = Mm(250) if landscape else Mm(170)
        _section(doc, section, pictures.get(id(section)), usable)
    if landscape:
        _orientation(doc, False)
    if part.sections:
        heading = doc.add_heading("The manager's commentary", level=2)
        heading.paragraph_format.keep_with_next = True
    _narrative(doc, part.narrative)


def _cover(doc: Any, report: AnnualReport) -> None:
    doc.add_paragraph().add_run(report.authority).bold = True
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(
        "For the scrutiny of the members of the corporate parenting board (IRO Handbook 7.11)"
    )
    facts = [("Reporting year", report.period_text)]
    if not report.complete:
        facts.append(("Figures to", f"{long_date(report.figures_to)} (the year has not ended)"))
    facts.append(("Report made", long_date(report.made_on)))
    for label, value in facts:
        line = doc.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    doc.add_paragraph(
        "A public document (IRO Handbook 7.12): no child is named in it, and IROs are numbered "
        "rather than named."
    )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("Contents", level=1)
    word_field(
        doc.add_paragraph(),
        'TOC \\o "1-1" \\h \\z \\u',
        "The contents appear when Word updates the fields (press F9).",
    )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def docx_of(report: AnnualReport) -> bytes:
    doc = Document()
    doc.core_properties.title = f"{report.authority}: {report.title}"
    doc.core_properties.author = report.authority
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    first = doc.sections[0]
    first.page_width, first.page_height = Mm(210), Mm(297)
    first.left_margin = first.right_margin = Mm(20)
    first.header.paragraphs[0].text = f"{report.authority}: IRO annual report {report.label}"
    first.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = first.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    word_field(footer, "PAGE")
    footer.add_run(" of ")
    word_field(footer, "NUMPAGES")
    _update_fields_on_open(doc)

    charted = [s for part in report.parts for s in part.sections if s.chart is not None]
    drawn = to_png([for_print(str(s.chart), f"c{i}-") for i, s in enumerate(charted)])
    pictures = dict(zip((id(s) for s in charted), drawn, strict=True))

    _cover(doc, report)
    doc.add_heading("The year at a glance", level=1)
    _table(doc, Table.of("glance", f"Key figures for {report.label}", ["", ""], report.glance))
    for number, part in enumerate(report.parts, start=1):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _part(doc, number, part, pictures)
    doc.add_heading("Notes on the figures", level=1)
    for note in report.notes:
        doc.add_paragraph(note, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
