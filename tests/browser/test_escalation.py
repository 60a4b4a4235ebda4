"""The dispute resolution process in a real browser: informal first, the formal escalation and
its clock, the clock moved on until the response is overdue, a skip to stage 3, the response
from the post holder, and the escalation closed; each page checked with axe-core."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from carereview.escalation.ladders import ensure_shipped_ladders
from carereview.escalation.models import DisputeLadder, LadderStage
from carereview.staff.models import Role
from tests.browser.test_review_cycle import fill_date, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = date(2025, 4, 7)


def test_an_escalation_from_the_informal_attempt_to_its_close(
    page: Page, staff, make_child, make_user, clock, axe
) -> None:
    ensure_shipped_ladders()  # a flushed test database loses the migration's rows
    clock.set_to(MONDAY)
    senior = make_user("dd.one", Role.SENIOR_MANAGER, job_title="Deputy director")
    ladder = DisputeLadder.objects.get(active=True)
    LadderStage.objects.filter(ladder=ladder, number=3).update(holder=senior)
    child = make_child(
        staff["sw"],
        iro=staff["iro"],
        start=date(2024, 6, 3),
        first_name="Jordan",
        last_name="Ladder",
    )
    tab = f"/children/{child.pk}/escalations/"

    # The IRO records the informal attempt first (IRO Handbook 6.1).
    sign_in(page, "iro.one")
    page.goto(tab)
    expect(page.get_by_role("heading", name="Jordan Ladder")).to_be_visible()
    axe.check(page)
    page.get_by_text("Open a formal escalation").click()
    expect(
        page.get_by_text("Record the informal attempt to resolve the issue first")
    ).to_be_visible()
    page.get_by_text("Record an informal attempt").click()
    page.get_by_label("Raised with").fill("Sam North, social worker")
    fill_date(page, "informal-discussed_on", MONDAY)
    page.locator("#id_informal-issue").fill("Family time with her brother has stopped")
    page.locator("#id_informal-agreed_actions").fill("Family time arranged within 5 working days")
    page.get_by_role("button", name="Record the informal attempt").click()
    expect(page.get_by_text("The informal attempt is recorded")).to_be_visible()
    axe.check(page)

    # The formal escalation opens at stage 1, with its clock.
    page.get_by_text("Open a formal escalation").click()
    page.get_by_label("Kind of issue").select_option("practice")
    page.locator("#id_escalation-issue").fill("Family time has still not been arranged")
    page.locator("#id_escalation-expected_outcome").fill("Fortnightly family time from next week")
    page.get_by_label("Start at").select_option("1")
    page.get_by_role("button", name="Open the escalation").click()
    expect(page.get_by_text("it must be resolved by 8 May 2025")).to_be_visible()
    expect(page.get_by_text("20 working days left")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name=re.compile("7 Apr 2025")).click()
    expect(page.get_by_text("Waiting for a response")).to_be_visible()
    expect(page.get_by_text("Respond by 14 April 2025")).to_be_visible()
    axe.check(page)
    escalation_url = page.url

    # The clock moves on past the respond-by date, over Easter: the response is overdue.
    clock.set_to(date(2025, 4, 22))
    page.reload()
    expect(page.get_by_text("Response 4 working days overdue")).to_be_visible()
    expect(page.get_by_text("Response overdue", exact=True)).to_be_visible()
    axe.check(page)
    page.goto("/work/")
    expect(page.get_by_role("heading", name="Escalations open")).to_be_visible()
    expect(page.get_by_text("Response 4 working days overdue")).to_be_visible()
    axe.check(page)

    # The IRO skips stage 2 and goes to the deputy director (IRO Handbook 6.2).
    page.goto(escalation_url)
    page.get_by_text("Escalate to a higher stage").click()
    page.get_by_label("Escalate to").select_option("3")
    page.get_by_role("button", name="Escalate", exact=True).click()
    expect(
        page.get_by_text(
            "Escalated to Stage 3: Deputy director: a response is due by 29 April 2025"
        )
    ).to_be_visible()
    axe.check(page)
    sign_out(page)

    # The deputy director lands on what waits for them and responds.
    sign_in(page, "dd.one")
    expect(page.get_by_role("heading", name="Waiting for your response")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Jordan Ladder").first.click()
    # Only the escalation is open to them: no tab of the child's record.
    expect(page.get_by_role("link", name="Summary and reviews")).to_have_count(0)
    page.get_by_label("The response").fill(
        "Family time with her brother from Saturday, fortnightly"
    )
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("The response is recorded and the IRO is told.")).to_be_visible()
    axe.check(page)
    sign_out(page)

    # The IRO closes the escalation with its outcome.
    sign_in(page, "iro.one")
    page.goto(escalation_url)
    page.get_by_text("Close the escalation").first.click()
    page.get_by_label("Outcome", exact=True).select_option("resolved")
    page.get_by_label("How it ended").fill("Family time restarted on Saturday")
    page.get_by_role("button", name="Close the escalation").click()
    expect(page.get_by_text("The escalation is closed.")).to_be_visible()
    expect(page.get_by_text("Closed in time")).to_be_visible()
    expect(page.get_by_text("Resolved, 22 April 2025")).to_be_visible()
    axe.check(page)
    assert len(axe.checked) >= 9
