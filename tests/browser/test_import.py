"""The SSDA903 import in a real browser: the IRO manager tries to import without choosing files and
is told so, uploads a small synthetic return, watches the progress page (which updates itself)
turn into the outcome once the background worker has run, then uploads a return with a bad row
and sees it refused with the row to put right.  Each page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from carereview.interchange.models import ImportRun
from carereview.records.models import Child
from tests.browser.test_review_cycle import sign_in
from tests.smtp_server import work_the_queue
from tests.test_import_pages import EPISODES, HEADER, REVIEWS

pytestmark = pytest.mark.django_db(transaction=True)


def write_return(folder, reviews: str = REVIEWS) -> list[str]:
    paths = []
    for name, text in (
        ("header.csv", HEADER),
        ("episodes.csv", EPISODES),
        ("reviews.csv", reviews),
    ):
        path = folder / name
        path.write_text(text)
        paths.append(str(path))
    return paths


def test_the_iro_manager_imports_a_return_and_sees_how_it_went(
    page: Page, staff, axe, tmp_path
) -> None:
    sign_in(page, "iro.manager")
    page.goto("/import/")
    expect(page.get_by_role("heading", name="Import an SSDA903 return")).to_be_visible()
    axe.check(page)

    # Nothing chosen: the error summary says so and leads to the file input.
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the CSV files of the SSDA903 return")
    axe.check(page)

    good = tmp_path / "good"
    good.mkdir()
    page.get_by_label("Upload the return's CSV files").set_input_files(write_return(good))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", name="Waiting to start the import")).to_be_visible()
    axe.check(page)

    work_the_queue()  # what `carereview db_worker` does; the page notices by itself
    expect(page.get_by_text("Return imported")).to_be_visible()
    table = page.get_by_role("table", name="Rows imported, by table")
    expect(table.get_by_role("row", name=re.compile("^Children"))).to_contain_text("2")
    axe.check(page)
    assert Child.objects.filter(reference__in=["700001", "700002"]).count() == 2

    # A return with a date that cannot be read: refused, the row named, nothing loaded.
    bad = tmp_path / "bad"
    bad.mkdir()
    page.goto("/import/")
    page.get_by_label("Upload the return's CSV files").set_input_files(
        write_return(bad, REVIEWS + "700002,03/09/2019,31/09/2024,PN1\r\n")
    )
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", name="Waiting to start the import")).to_be_visible()
    work_the_queue()
    expect(page.get_by_role("heading", name="Return refused: nothing was imported")).to_be_visible()
    errors = page.get_by_role("table", name="Rows to put right")
    expect(errors).to_contain_text("31/09/2024")
    expect(errors).to_contain_text("reviews.csv")
    expect(
        page.get_by_role("link", name=re.compile("Download the row to put right"))
    ).to_be_visible()
    axe.check(page)
    assert list(ImportRun.objects.order_by("pk").values_list("status", flat=True)) == [
        "succeeded",
        "refused",
    ]

    # The past imports, newest first.
    page.goto("/import/")
    rows = page.get_by_role("table", name="Imports so far, newest first").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Refused")
    expect(rows.nth(2)).to_contain_text("Imported")
    axe.check(page)


def test_without_javascript_the_progress_page_reloads_itself_until_the_outcome(
    browser, live_server, staff, tmp_path
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "iro.manager")
        page.goto("/import/")
        page.get_by_label("Upload the return's CSV files").set_input_files(write_return(tmp_path))
        page.get_by_role("button", name="Upload and import").click()
        expect(page.get_by_role("heading", name="Waiting to start the import")).to_be_visible()
        work_the_queue()
        expect(page.get_by_text("Return imported")).to_be_visible()  # after a 2-second reload
    finally:
        context.close()
