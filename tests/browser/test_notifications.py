"""Reminders in a real browser: the IRO chooses email at once, the reminder run (with the service
clock moved on, never slept) puts a missed deadline on their page and in the outbox, the IRO sees
it and marks it done; the IRO manager finds an email the mail server refused and sends it again.
Each page checked with axe-core."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from carereview.monitoring.models import SignificantEvent
from carereview.notifications import reminders
from carereview.notifications.models import Message, NotificationPreference, Status
from tests.browser.test_review_cycle import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = date(2025, 6, 2)


def test_a_missed_deadline_reaches_the_iro_and_a_refused_email_is_sent_again(
    page: Page, staff, make_child, clock, axe, settings
) -> None:
    settings.CAREREVIEW_SITE_URL = "https://carereview.example.invalid"
    clock.set_to(MONDAY)
    staff["iro"].email = "iro.one@example.invalid"
    staff["iro"].save()
    child = make_child(
        staff["sw"], iro=staff["iro"], start=date(2025, 1, 6), first_name="Ash", last_name="Remind"
    )
    SignificantEvent.objects.create(
        child=child,
        kind="missing",
        occurred_on=MONDAY,
        details="Missing overnight",
        recorded_by=staff["sw"],
        recorded_on=MONDAY,
    )

    # The IRO chooses to have each reminder by email as it happens.
    sign_in(page, "iro.one")
    page.goto("/notifications/preferences/")
    axe.check(page)
    page.get_by_label("Each reminder as it happens").check()
    page.get_by_role("button", name="Save your email settings").click()
    expect(page.get_by_text(re.compile("saved", re.I)).first).to_be_visible()
    assert NotificationPreference.objects.get(user=staff["iro"]).email == "immediately"

    # Two working days later the decision on the event is overdue: the reminder run says so.
    clock.set_to(date(2025, 6, 4))
    reminders.run()
    email = Message.objects.get(recipient=staff["iro"], key__startswith="missed:event:")
    assert child.reference in email.subject and "Remind" not in email.subject + email.body

    page.goto("/alerts/")
    expect(page.get_by_text(re.compile("Ash Remind")).first).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name=re.compile("^Done")).first.click()
    page.goto("/notifications/")
    expect(page.get_by_text(child.reference).first).to_be_visible()
    axe.check(page)
    sign_out(page)

    # The mail server refused it for good; the IRO manager sees why and sends it again.
    Message.objects.filter(pk=email.pk).update(
        status=Status.FAILED, attempts=1, last_error="550 5.1.1 mailbox unavailable"
    )
    sign_in(page, "iro.manager")
    page.goto("/notifications/undelivered/")
    expect(page.get_by_text("550 5.1.1 mailbox unavailable")).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name=re.compile("^Try again")).first.click()
    expect(page.get_by_text(re.compile("again", re.I)).first).to_be_visible()
    email.refresh_from_db()
    assert email.status in (Status.QUEUED, Status.SENT, Status.RETRY)
    axe.check(page)
