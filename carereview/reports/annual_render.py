"""The IRO annual report as documents: HTML (the PDF's source), PDF and Word.

The PDF is WeasyPrint's rendering of a Jinja template (templates/reports/annual/report.html) with
the charts inline as SVG; the Word document (annual_docx.py) has the same parts in the same order,
the charts as PNG pictures.  Where the manager has not written a part yet, both leave marked room
for it.  Plain data in, bytes out: the callers check access and audit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from markupsafe import Markup

from carereview.reports.annual import AnnualReport
from carereview.reports.annual_images import for_print
from carereview.reports.common import Section, long_date

TEMPLATE = "reports/annual/report.html"
#: What stands where the manager has not yet written a part.
NOT_WRITTEN = "Room for the IRO manager's commentary: not written yet."
#: Tables wider than this go on a landscape page.
WIDE = 8


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list (lines starting "- " or "* "), of the manager's text."""

    kind: str  # "p" or "ul"
    lines: tuple[str, ...]


#: The line and paragraph breaks text copied from Word or Outlook carries (a line break in Word
#: is a vertical tab), read as the line ends they are.
BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})
#: What XML 1.0, and so a Word document, cannot hold: the other control characters, lone
#: surrogates and the two non-characters.
NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Text a document can hold: copied-in breaks made line ends, what XML forbids left out."""
    return NOT_XML.sub("", text.translate(BREAKS))


def blocks(text: str) -> list[Block]:
    """The manager's text as paragraphs (split at blank lines) and bulleted lists."""
    found: list[Block] = []
    for chunk in printable(text).replace("\r\n", "\n").replace("\r", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line[:2] in ("- ", "* ") for line in lines):
            found.append(Block("ul", tuple(line[2:].strip() for line in lines)))
        else:
            found.append(Block("p", (" ".join(lines),)))
    return found


def filename(report: AnnualReport, extension: str) -> str:
    """e.g. iro-annual-report-2024-25.pdf"""
    return f"iro-annual-report-{report.label}.{extension}"


def charts_of(report: AnnualReport) -> dict[int, Markup]:
    """Each section's chart made ready for print, by the section's id()."""
    found = {}
    for number, part in enumerate(report.parts, start=1):
        for index, section in enumerate(part.sections, start=1):
            if section.chart is not None:
                found[id(section)] = for_print(str(section.chart), f"p{number}s{index}-")
    return found


def render_html(report: AnnualReport) -> str:
    prepared = charts_of(report)

    def chart(section: Section) -> Markup | None:
        return prepared.get(id(section))

    return render_to_string(
        TEMPLATE,
        {
            "report": report,
            "blocks": blocks,
            "chart": chart,
            "day": long_date,
            "not_written": NOT_WRITTEN,
            "wide": WIDE,
        },
    )


def render_pdf(report: AnnualReport) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The document carries everything it shows: nothing is fetched from anywhere.
    fetcher = URLFetcher(allowed_protocols=("data",), allow_redirects=False)
    return HTML(string=render_html(report), url_fetcher=fetcher).write_pdf()


def render_docx(report: AnnualReport) -> bytes:
    from carereview.reports.annual_docx import docx_of

    return docx_of(report)
