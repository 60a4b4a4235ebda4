"""The referral bundle as files to send (IRO Handbook 8.15): an A4 PDF marked on every page,
the same sections in Word, and a bundle for a referral with nothing escalated or reviewed."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from carereview.escalation.bundle_render import (
    render_bundle_docx,
    render_bundle_html,
    render_bundle_pdf,
)
from carereview.escalation.models import CafcassReferral

from .cafcass_bundle_setup import HEADINGS, SECRET_ADDRESS, make_referral, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(staff, make_child, make_user, clock):
    return make_referral(staff, make_child, make_user, clock)


def _pdf_text(pdf: bytes, tmp_path: Path) -> tuple[str, int]:
    path = tmp_path / "bundle.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, flags=re.M).group(1))
    return text, pages


def test_the_pdf_is_a4_with_the_marking_and_page_numbers_on_every_page(referral, tmp_path) -> None:
    pdf = render_bundle_pdf(referral)
    assert pdf.startswith(b"%PDF")
    text, pages = _pdf_text(pdf, tmp_path)
    assert pages >= 9  # the cover and checklist, then each of the eight parts on a new page
    flat = re.sub(r"\s+", " ", text)
    for heading in HEADINGS[1:]:
        assert heading in flat, heading
    assert "DT23C00123" in flat and "9 April 2012" in flat
    assert flat.count("OFFICIAL-SENSITIVE") >= 2 * pages  # top and bottom of each page
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    # The contents give each part's page.
    assert re.search(r"6\. Chronology \.+ page \d+", flat)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "bundle.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.89 pts \(A4\)", info)


def test_the_word_version_holds_the_same_sections(referral) -> None:
    doc = Document(io.BytesIO(render_bundle_docx(referral)))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    text = re.sub(r"\s+", " ", "\n".join(parts))
    for heading in HEADINGS[2:]:
        assert heading in text, heading
    assert f"Address: {SECRET_ADDRESS} Address confidential — not to be disclosed" in text
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_a_referral_with_no_escalation_or_reviews_still_makes_a_bundle(staff, make_child, clock):
    clock.set_to(datetime(2025, 6, 2, 10, 0))
    child = make_child(staff["sw"], start=date(2025, 5, 1), iro=staff["iro"])
    child.episodes.update(ls="V2")  # accommodated under section 20: no care order
    referral = CafcassReferral.objects.create(
        child=child, iro=staff["iro"], considered_on=date(2025, 5, 30),
        senior_officer=staff["manager"], reasons="A move is planned within days",
        curtailed_because="The move is planned for next week",
    )  # fmt: skip
    markup = render_bundle_html(referral)
    assert "No formal escalation is recorded." in section(markup, "s3")
    assert "The move is planned for next week" in section(markup, "s1")
    assert "No review was held in the period." in section(markup, "s5")
    assert "No care proceedings are recorded here" in section(markup, "checklist")
