"""The review cycle walked as its users walk it, in a real browser, checked with axe-core."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from carereview.authority.services import working_calendar
from carereview.domain.timescales.timetables import add_months
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def fill_date(page: Page, field: str, day: date) -> None:
    page.locator(f"#id_{field}-day").fill(str(day.day))
    page.locator(f"#id_{field}-month").fill(str(day.month))
    page.locator(f"#id_{field}-year").fill(str(day.year))


def long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_from_becoming_looked_after_to_the_first_review(page: Page, staff, axe) -> None:
    today = date.today()
    started = today - timedelta(days=7)
    first_due = working_calendar().add(started, 20)

    # A social worker records a child becoming looked after.
    sign_in(page, "sw.north")
    page.goto("/children/new/")
    axe.check(page)
    page.get_by_role("button", name="Record the child as looked after").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the child's first name")).to_be_visible()
    axe.check(page)
    page.get_by_label("First name").fill("Morgan")
    page.get_by_label("Last name").fill("Testwell")
    page.get_by_label("Child reference").fill("JOURNEY1")
    fill_date(page, "date_of_birth", date(today.year - 10, 3, 14))
    page.get_by_label("Gender").select_option("female")
    fill_date(page, "looked_after_from", started)
    page.get_by_label("Legal status").select_option("C2")
    page.get_by_label("Placement", exact=True).select_option("U4")
    page.get_by_role("button", name="Record the child as looked after").click()
    expect(page.get_by_role("heading", name="Morgan Testwell")).to_be_visible()
    expect(page.get_by_text("No IRO is named for this child")).to_be_visible()
    expect(page.get_by_text(long(first_due)).first).to_be_visible()
    expect(page.get_by_text("First review within 20 working days").first).to_be_visible()
    axe.check(page)
    sign_out(page)

    # The IRO manager sees the child waiting and allocates the proposed IRO.
    sign_in(page, "iro.manager")
    expect(page.get_by_role("heading", name="Service overview")).to_be_visible()
    axe.check(page)
    expect(
        page.get_by_role("link", name=re.compile("Morgan Testwell became looked after"))
    ).to_be_visible()
    page.get_by_role("link", name="Morgan Testwell", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Proposed: "))).to_be_visible()
    axe.check(page)
    proposed = page.locator("input[name=iro]:checked")
    expect(proposed).to_have_count(1)
    iro_name = page.locator(f"label[for='{proposed.get_attribute('id')}']").inner_text()
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text(re.compile(r"is now Morgan Testwell's IRO"))).to_be_visible()
    # The manager's page changes: no child waits for an IRO; the first review, due within 15
    # working days with no date yet, is listed as at risk.
    page.goto("/service/")
    expect(page.get_by_text("Every looked-after child has an IRO.")).to_be_visible()
    at_risk = page.get_by_role("table", name="Reviews at risk")
    expect(at_risk.get_by_role("link", name="Morgan Testwell")).to_be_visible()
    sign_out(page)

    # The IRO sees the first review's deadline and the work before it, and sets a date.
    username = "iro.one" if iro_name.startswith("One") else "iro.two"
    sign_in(page, username)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Morgan Testwell").first.click()
    expect(
        page.get_by_role("cell", name=re.compile("Invitations and consultation documents"))
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Set the date of the next review").click()
    axe.check(page)
    too_late = first_due + timedelta(days=3)
    fill_date(page, "date", too_late)
    page.get_by_label("Time").fill("16:00")
    page.get_by_label("Venue").fill("The foster home")
    page.get_by_role("button", name="Save the date").click()
    expect(
        page.get_by_role(
            "link", name=re.compile(f"after the statutory deadline {first_due.isoformat()}")
        )
    ).to_be_visible()
    axe.check(page)
    meeting = first_due - timedelta(days=1)
    while meeting.weekday() >= 5:
        meeting -= timedelta(days=1)
    fill_date(page, "date", meeting)
    page.get_by_role("button", name="Save the date").click()
    expect(
        page.get_by_text(f"The next review is set for {meeting.day} {meeting:%B %Y} at 16:00")
    ).to_be_visible()

    # The invitations, proposed by rule with a reason for each.
    page.get_by_role("link", name=re.compile("Open the next review")).click()
    axe.check(page)
    page.get_by_role("button", name="Invitations and consultation", exact=True).click()
    expect(page.get_by_text("there is a presumption that they attend")).to_be_visible()
    axe.check(page)
    page.get_by_label("Invited").first.uncheck()
    page.get_by_role("button", name="Save the invitations").click()
    expect(page.get_by_role("link", name=re.compile("needs a recorded reason"))).to_be_visible()
    page.get_by_label("Invited").first.check()
    page.get_by_role("button", name="Save the invitations").click()
    expect(page.get_by_text("The invitations are saved.")).to_be_visible()
    page.get_by_role("link", name="Morgan Testwell").click()

    # The review is held (recorded here as held today) and the timetable moves on.
    page.get_by_role("button", name="Record that a review was held").click()
    axe.check(page)
    fill_date(page, "held_on", today)
    page.get_by_label("Who chaired").select_option("iro")
    page.get_by_label("How the child took part").select_option("PN1")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("cell", name="On time")).to_be_visible()
    expect(page.get_by_text(long(add_months(today, 3))).first).to_be_visible()
    expect(
        page.get_by_text("Second review not more than 3 months after the first").first
    ).to_be_visible()
    axe.check(page)

    # The IRO writes the record and the decisions, circulates them, and sets the next date.
    page.get_by_role("link", name=re.compile("open the review")).click()
    axe.check(page)
    page.get_by_role("button", name="The review's record", exact=True).click()
    expect(page.get_by_text("A permanence plan").first).to_have_count(0)  # first review
    axe.check(page)
    page.get_by_label("How the child took part", exact=True).fill("Spoke for herself.")
    page.get_by_label(re.compile(r"^1\. Changes since the last review")).fill("Settled well.")
    page.get_by_label("Told of their right to an advocate").check()
    page.get_by_role("button", name="Save the record").click()
    expect(page.get_by_text("The record is saved.")).to_be_visible()
    page.get_by_role("button", name="Decisions", exact=True).click()
    axe.check(page)
    page.get_by_label("Decision", exact=True).fill("Refer Morgan to the school's mentoring scheme")
    page.get_by_label("Who is responsible").fill("Social worker")
    fill_date(page, "deadline", today + timedelta(days=28))
    page.get_by_role("button", name="Add the decision").click()
    expect(
        page.get_by_role("cell", name="Refer Morgan to the school's mentoring scheme")
    ).to_be_visible()
    page.get_by_role("button", name="Circulate the decisions").click()
    expect(page.get_by_text(re.compile("decisions are circulated"))).to_be_visible()
    review_url = page.url
    page.get_by_role("link", name="Morgan Testwell").click()
    page.get_by_role("button", name="Set the date of the next review").click()
    second_due = add_months(today, 3)
    next_meeting = second_due - timedelta(days=7)
    while next_meeting.weekday() >= 5:
        next_meeting -= timedelta(days=1)
    fill_date(page, "date", next_meeting)
    page.get_by_label("Time").fill("16:30")
    page.get_by_label("Venue").fill("The foster home")
    page.get_by_role("button", name="Save the date").click()
    expect(
        page.get_by_text(
            f"The next review is set for {next_meeting.day} {next_meeting:%B %Y} at 16:30"
        )
    ).to_be_visible()
    sign_out(page)

    # The social worker's team manager agrees the decisions.
    sign_in(page, "tm.north")
    page.goto(review_url)
    axe.check(page)
    page.get_by_role("button", name="Respond to the decisions").click()
    axe.check(page)
    page.get_by_label("Yes, I agree").check()
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_text("Your response is recorded")).to_be_visible()
    expect(page.get_by_text("Agreed", exact=True)).to_be_visible()
    sign_out(page)

    # The dashboards change: the child is neither waiting for an IRO nor at risk.
    sign_in(page, "iro.manager")
    expect(page.get_by_role("heading", name="Service overview")).to_be_visible()
    expect(page.get_by_role("link", name="Morgan Testwell", exact=True)).to_have_count(0)
    axe.check(page)
    assert len(axe.checked) >= 15
