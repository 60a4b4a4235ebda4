"""The IRO annual report page in a real browser: the manager picks the year, writes the
narrative, saves it and creates the report as PDF and Word.  The page checked with axe-core."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdfium2
import pytest
from playwright.sync_api import Page, expect

from tests.annual_setup import build
from tests.browser.test_review_cycle import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_writes_the_narrative_and_creates_the_report(
    page: Page, staff, make_child, make_user, clock, axe
) -> None:
    build(staff, make_child, make_user, clock)
    sign_in(page, "iro.manager")
    page.goto("/reports/annual/")
    expect(page.get_by_role("heading", name="IRO annual report 2024-25")).to_be_visible()
    axe.check(page)

    page.get_by_label("Introduction").fill("A year of growth.\n\n- Two new IROs")
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_text("Narrative saved (1 parts changed).")).to_be_visible()
    expect(page.get_by_label("Introduction")).to_have_value("A year of growth.\n\n- Two new IROs")
    axe.check(page)

    page.get_by_label("Priorities for the coming year").fill("Advocacy for every child.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Create the report (PDF)").click()
    saved = download.value
    assert saved.suggested_filename == "iro-annual-report-2024-25.pdf"
    document = pypdfium2.PdfDocument(Path(saved.path()).read_bytes())
    text = " ".join(p.get_textpage().get_text_range() for p in document)
    assert "A year of growth." in text and "Advocacy for every child." in text

    with page.expect_download() as download:
        page.get_by_role("button", name="Create the report (Word)").click()
    word = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "Two new IROs" in [p.text for p in word.paragraphs]

    # Another year: its own narrative, empty so far.
    page.get_by_label("Reporting year").select_option(label="2023-24")
    page.get_by_role("button", name="Show this year").click()
    expect(page.get_by_role("heading", name="IRO annual report 2023-24")).to_be_visible()
    expect(page.get_by_label("Introduction")).to_have_value("")
    expect(page.get_by_text(re.compile("Last saved"))).to_have_count(0)
