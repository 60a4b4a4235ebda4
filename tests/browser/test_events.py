"""A significant event in a real browser: recorded, the IRO alerted, the review brought forward."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from carereview.reviews.models import Review
from tests.browser.test_review_cycle import fill_date, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_event_brings_the_review_forward(page: Page, staff, make_child, axe) -> None:
    today = timezone.localdate()
    child = make_child(
        staff["sw"],
        start=today - timedelta(days=120),
        iro=staff["iro"],
        first_name="Rowan",
        last_name="Eventful",
    )
    Review.objects.create(child=child, held_on=today - timedelta(days=30))
    review_by = today + timedelta(days=7)

    sign_in(page, "sw.north")
    page.goto(f"/children/{child.pk}/events/")
    axe.check(page)
    page.get_by_text("Record a significant event").click()
    page.get_by_label("What happened").select_option("missing")
    fill_date(page, "event-occurred_on", today)
    page.get_by_label("Details").first.fill("Missing overnight; found safe the next morning")
    page.get_by_role("button", name="Record the event").click()
    expect(page.get_by_text("The event is recorded and the IRO is told.")).to_be_visible()
    expect(page.get_by_text("Waiting for the IRO's decision")).to_be_visible()
    axe.check(page)
    sign_out(page)

    sign_in(page, "iro.one")
    expect(
        page.get_by_role(
            "link", name=re.compile("Rowan Eventful: missing from the placement")
        ).first
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name=re.compile("decide whether a review is needed")).click()
    page.get_by_label("Yes, bring the review forward").check()
    page.get_by_label("Reasons").fill("Second missing episode this month: the plan needs review")
    fill_date(page, f"d{child.events.get().pk}-review_by", review_by)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Summary and reviews").click()
    expect(page.get_by_text(f"{review_by.day} {review_by:%B %Y}").first).to_be_visible()
    expect(page.get_by_text("A significant event brings the review forward").first).to_be_visible()
    axe.check(page)
