"""The IRO manager's reports in a real browser: the list of reports, a report with its charts and
tables, filtering it by IRO and by dates, following a figure to the children behind it, and
downloading a table.  Each page checked with axe-core."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_review_cycle import fill_date, sign_in
from tests.report_setup import build

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_reads_filters_and_follows_a_report(
    page: Page, staff, make_child, clock, axe
) -> None:
    build(staff, make_child, clock)
    sign_in(page, "iro.manager")
    page.goto("/reports/")
    expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Caseloads").click()
    expect(page.get_by_role("heading", name="Caseloads", exact=True)).to_be_visible()
    page.get_by_label("Reporting year").select_option(label="2024-25")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("1 April 2024 to 31 March 2025").first).to_be_visible()
    expect(page.get_by_role("img", name="Children per IRO at each month end")).to_be_visible()
    axe.check(page)

    # One IRO: only their line remains.
    page.get_by_label("IRO", exact=True).select_option(label="Two Tester")
    page.get_by_role("button", name="Show the report").click()
    table = page.get_by_role("table", name="Children per IRO at each month end")
    expect(table.get_by_role("row", name=re.compile("Two Tester"))).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("One Tester"))).to_have_count(0)
    axe.check(page)

    # The figure for July: iro.two had Bo and Cai.
    july = table.get_by_role("row", name=re.compile("Two Tester")).get_by_role("cell").nth(4)
    july.get_by_role("link").click()
    expect(
        page.get_by_role("heading", name="Two Tester's children on 31 July 2024")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Bo Report")).to_be_visible()
    expect(page.get_by_role("link", name="Cai Report")).to_be_visible()
    expect(page.get_by_role("link", name="Ash Report")).to_have_count(0)
    axe.check(page)

    # Back to the report with the same filters; then the records written late, by dates.
    page.get_by_role("link", name="Back to the report").click()
    expect(page.get_by_label("IRO", exact=True)).to_have_value(str(staff["iro2"].pk))
    page.goto("/reports/records/")
    page.get_by_text("Or choose the dates").click()
    fill_date(page, "period_from", date(2024, 6, 1))
    fill_date(page, "period_to", date(2024, 6, 30))
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("1 June 2024 to 30 June 2024").first).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Review records by IRO"))).to_be_visible()
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download this table as CSV")).click()
    saved = download.value
    assert saved.suggested_filename == "records-records-2024-06-01-to-2024-06-30.csv"
    text = Path(saved.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("IRO,Written on time,Written late")
    assert "Two Tester,0,1," in text  # Bo's record, written 35 working days late

    # A date half typed is explained, not ignored.
    page.get_by_label("Day").first.fill("")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("link", name="From must include a day")).to_be_visible()
    axe.check(page)


def test_the_indicator_reports_read_well(page: Page, staff, make_child, clock, axe) -> None:
    build(staff, make_child, clock)
    sign_in(page, "iro.manager")
    for slug, chart in [
        ("timeliness", "Children and reviews: on time, and late or not held"),
        ("participation", "Reviews by participation code"),
    ]:
        page.goto(f"/reports/{slug}/?year=2024")
        expect(page.get_by_role("img", name=chart)).to_be_visible()
        axe.check(page)
    page.goto("/reports/timeliness/?year=2024")
    page.get_by_role("link", name=re.compile("Children counted")).first.click()
    expect(page.get_by_role("heading", name="Children counted")).to_be_visible()
    axe.check(page)
