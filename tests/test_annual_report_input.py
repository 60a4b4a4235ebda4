"""The IRO annual report given awkward input: a narrative pasted from Word or Outlook (line
breaks as vertical tabs, page breaks, stray control characters) still makes both documents, on
the page and from the command."""

from __future__ import annotations

import io
from datetime import date

import docx
import pypdfium2
import pytest
from django.core.management import call_command

from carereview.reports.annual_render import blocks
from carereview.reports.models import AnnualReportNarrative, NarrativeSection

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

PASTED = "First line\x0bsecond line\x0cthird line\x07\x1b\ufffe\n\n- One\u2028- Two"


def test_breaks_copied_from_word_are_line_ends_and_what_xml_cannot_hold_is_left_out() -> None:
    found = [(b.kind, b.lines) for b in blocks(PASTED)]
    assert found == [
        ("p", ("First line second line third line",)),
        ("ul", ("One", "Two")),
    ]
    assert [b.lines for b in blocks("Old Mac\rline ends\r\rkept apart")] == [
        ("Old Mac line ends",),
        ("kept apart",),
    ]


@pytest.fixture
def pasted(staff, clock):
    clock.set_to(date(2025, 6, 2))
    AnnualReportNarrative.objects.create(
        year=2024, section=NarrativeSection.PRIORITIES, text=PASTED, updated_by=staff["manager"]
    )


def test_a_pasted_narrative_still_makes_the_word_and_pdf_documents(client, pasted) -> None:
    assert client.login(username="iro.manager", password=PASSWORD)
    client.raise_request_exception = False
    word = client.get("/reports/annual/2024/report.docx")
    assert word.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert "First line second line third line" in paragraphs and "Two" in paragraphs
    pdf = client.get("/reports/annual/2024/report.pdf")
    assert pdf.status_code == 200
    text = " ".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(pdf.content))
    assert "third line" in text


def test_the_command_makes_the_word_document_from_a_pasted_narrative(pasted, tmp_path) -> None:
    call_command("annualreport", "--year", "2024", "--docx", str(tmp_path / "r.docx"))
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert "First line second line third line" in paragraphs
