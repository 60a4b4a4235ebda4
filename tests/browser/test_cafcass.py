"""A referral to Cafcass in a real browser: the IRO considers it and the nominated senior officer
is told; the IRO writes the reports, reads the bundle, downloads it as a PDF that opens with
every section, and records the referral as made (IRO Handbook 8.12-8.15)."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from carereview.escalation import services
from carereview.escalation.ladders import ensure_shipped_ladders
from carereview.escalation.models import CafcassReferral, DisputeLadder
from carereview.reviews.models import Decision, Review
from carereview.staff.models import Role
from tests.browser.test_review_cycle import fill_date, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

TUESDAY = date(2025, 6, 3)


def test_a_referral_bundle_is_produced_and_opened(
    page: Page, staff, make_child, make_user, clock, axe, tmp_path
) -> None:
    ensure_shipped_ladders()  # a flushed test database loses the migration's rows
    clock.set_to(TUESDAY)
    officer = make_user("dd.referral", Role.SENIOR_MANAGER, job_title="Deputy director")
    DisputeLadder.objects.filter(active=True).update(senior_officer=officer)
    child = make_child(
        staff["sw"],
        iro=staff["iro"],
        start=date(2024, 3, 4),
        first_name="Kit",
        last_name="Referral",
    )
    review = Review.objects.create(child=child, held_on=date(2025, 2, 10), participation="PN1")
    Decision.objects.create(
        review=review,
        text="Sibling family time to restart fortnightly",
        responsible="Social worker",
        deadline=date(2025, 3, 10),
    )
    services.record_informal(
        child,
        raised_with="Sam North, social worker",
        discussed_on=date(2025, 5, 1),
        issue="Family time with her sister has not restarted",
        agreed_actions="Restart within 5 working days",
        resolve_by=date(2025, 5, 9),
        by=staff["iro"],
    )
    escalation = services.open_escalation(
        child,
        category="practice",
        issue="Family time with her sister has not restarted",
        expected_outcome="Fortnightly family time",
        stage_number=3,
        opened_on=date(2025, 5, 12),
        by=staff["iro"],
    )

    # The IRO considers a referral: the nominated senior officer is told at once.
    sign_in(page, "iro.one")
    page.goto(f"/children/{child.pk}/escalations/")
    page.get_by_text("Consider a referral to Cafcass").click()
    page.locator("#id_cafcass-reasons").fill("Three months without family time despite stage 3")
    page.locator("#id_cafcass-escalation").select_option(str(escalation.pk))
    # The escalation is still open: the senior officer is told why it is cut short (H 8.12).
    page.locator("#id_cafcass-curtailed_because").fill("The summer holiday plan is fixed next week")
    page.get_by_role("button", name="Tell the senior officer").click()
    expect(page.get_by_text(re.compile("senior officer", re.I)).first).to_be_visible()
    referral = CafcassReferral.objects.get(child=child)
    assert referral.senior_officer == officer
    sign_out(page)

    sign_in(page, "dd.referral")
    expect(page.get_by_text(re.compile("considering a referral to Cafcass")).first).to_be_visible()
    axe.check(page)
    sign_out(page)

    # The IRO writes the reports that go with it, then reads the bundle.
    sign_in(page, "iro.one")
    page.goto(f"/children/{child.pk}/escalations/")
    page.get_by_role("link", name=re.compile("Reports and bundle")).click()
    expect(page.get_by_role("heading", name="The referral bundle")).to_be_visible()
    axe.check(page)
    page.locator("#id_reports-iro_report").fill(
        "Family time stopped in February; escalated to the deputy director in May with no "
        "change. Referred now because the summer holiday plan excludes her sister."
    )
    page.locator("#id_reports-wishes_and_feelings").fill("Kit wants to see her sister every week.")
    page.get_by_role("button", name="Save the reports").click()
    expect(page.get_by_text("The reports are saved")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Read the referral bundle").click()
    expect(page.get_by_role("heading", name=re.compile("Referral to Cafcass: Kit"))).to_be_visible()
    for heading in (
        "1. The IRO's report",
        "2. The child's wishes and feelings",
        "3. Statement of issues and the escalation history",
        "5. Review records of the preceding 12 months",
        "6. Chronology",
    ):
        expect(page.get_by_role("heading", name=re.compile(re.escape(heading)))).to_be_visible()
    expect(page.get_by_text("Kit wants to see her sister every week.").first).to_be_visible()
    expect(page.get_by_text("Sibling family time to restart fortnightly").first).to_be_visible()
    page.go_back()

    # Downloaded as a PDF, it opens and holds every section.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the referral bundle (PDF)").click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Referral to Cafcass: Kit" in text
    assert "Kit wants to see her sister every week." in text
    assert "8. Diversity and communication needs" in text
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert int(re.search(r"Pages:\s+(\d+)", pages.stdout).group(1)) >= 3

    # The referral is recorded as made.
    fill_date(page, "made-referred_on", TUESDAY)
    page.locator("#id_made-cafcass_reference").fill("CL-0001")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_text("The referral is recorded as made")).to_be_visible()
    expect(page.get_by_text(re.compile("Referred 3 June 2025"))).to_be_visible()
    axe.check(page)
    referral.refresh_from_db()
    assert referral.referred_on == TUESDAY and referral.cafcass_reference == "CL-0001"
