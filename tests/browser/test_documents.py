"""In a real browser: the IRO goes from the review to its documents and downloads the record as a
PDF and a parent's invitation in Word; the pages pass axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from carereview.documents.engine import docx_text
from tests.browser.test_review_cycle import sign_in
from tests.document_setup import make_review, pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_iro_downloads_the_record_and_an_invitation_from_the_review(
    page: Page, staff, make_child, clock, axe
) -> None:
    review = make_review(staff, make_child, clock)
    sign_in(page, "iro.one")
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("button", name="Documents", exact=True).click()
    expect(page.get_by_role("heading", name="Documents", exact=True)).to_be_visible()
    axe.check(page)
    with page.expect_download() as record:
        page.get_by_role("link", name=re.compile(r"^PDF\W+Record of the review")).click()
    assert record.value.suggested_filename.startswith("review-record-")
    text = pdf_text(Path(record.value.path()).read_bytes())
    assert "Record of the review of Jordan Madeup's care plan" in text
    with page.expect_download() as invitation:
        page.get_by_role("link", name=re.compile(r"^Word\W+invitation for Morag Parent")).click()
    words = docx_text(Path(invitation.value.path()).read_bytes())
    assert "Dear Morag Parent," in words and "Example Close" not in words
