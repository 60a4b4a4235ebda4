"""The bundle that goes with a referral to Cafcass (IRO Handbook 8.15): one document, in the
order the handbook's list suggests, that a person can read in the browser, print or send as PDF.
Its sections and what each holds; the PDF and Word files are in test_cafcass_bundle_files.py."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.audit.models import AuditEvent
from carereview.escalation.bundle import assemble
from carereview.escalation.bundle_render import render_bundle_html
from carereview.records.codes import ContactRole
from carereview.records.models import ChildContact
from carereview.reviews.models import Decision

from .cafcass_bundle_setup import (
    HEADINGS,
    OPEN_ADDRESS,
    PLACEMENT_ADDRESS,
    SECRET_ADDRESS,
    make_referral,
    make_review,
    section,
    words,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(staff, make_child, make_user, clock):
    return make_referral(staff, make_child, make_user, clock)


def test_every_section_is_there_in_the_handbook_order(referral) -> None:
    markup = render_bundle_html(referral)
    text = words(markup)
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    cover = section(markup, "cover")
    for fact in (
        "Robin Bundle", referral.child.reference, "9 April 2012 (aged 13)", "C2: Full care order",
        "Demoshire County Council", "One Tester", "iro.one@example.org", "01632 960001",
        "2 June 2025", "OFFICIAL-SENSITIVE",
    ):  # fmt: skip
        assert fact in cover, fact
    assert "REPORT: the authority has not acted on three requests." in section(markup, "s1")
    assert "Officer Tester" in section(markup, "s1")
    wishes = section(markup, "s2")
    assert "Robin wants to see his brother every month." in wishes
    assert "Robin wants to stay at school in Demotown" in wishes
    assert "PN5: Child does not attend physically but briefs an advocate" in wishes
    diversity = section(markup, "s8")
    for fact in (
        "MWBC: White and Black Caribbean", "Made-up faith", "Polish", "Interpreter needed Yes",
        "Needs extra time", "picture cards", "Dyslexia", "Unaccompanied asylum-seeking child No",
    ):  # fmt: skip
        assert fact in diversity, fact


def test_the_escalation_history_shows_each_step_and_the_outcome(referral) -> None:
    issues = section(render_bundle_html(referral), "s3")
    assert "Sibling contact has not happened for five months" in issues
    assert "Robin has lost contact with his brother" in issues  # the referral's reasons
    assert "Sam Worker" in issues and "Contact plan by 1 April" in issues
    assert "(not resolved)" in issues
    assert "Escalation opened 7 April 2025: Practice (led to this referral)" in issues
    assert "Stage 1: Alert Tom Manager 7 April 2025 14 April 2025 11 April 2025" in issues
    assert "Will arrange contact" in issues
    assert "Stage 2: Area manager Aria Areamanager 22 April 2025 29 April 2025" in issues
    assert "No response recorded" in issues
    assert "Not resolved - referred to Cafcass — No contact arranged" in issues
    assert "IRO management alert" in issues and "Care plan not updated" in issues


def test_the_care_plan_is_the_plan_as_reviews_record_it_and_says_what_to_attach(referral) -> None:
    plan = section(render_bundle_html(referral), "s4")
    assert "This is the care plan as the child's reviews record it" in plan
    assert "most recently at the review held on 5 March 2025" in plan
    for item in (
        "The final care order", "The final care plan filed in the proceedings",
        "The children's guardian's report immediately preceding the care order",
    ):  # fmt: skip
        assert item in plan
    assert "C2: Full care order" in plan
    assert "U4: Foster placement with other foster carer(s) – long-term fostering" in plan
    assert "Gale Foster" in plan and "In this placement since 1 October 2024" in plan
    assert PLACEMENT_ADDRESS in plan and "not to be disclosed to the family" in plan
    assert "Long-term fostering with Gale Foster, to be matched at panel" in plan
    assert "Arrange sibling contact every month Social worker 30 April 2025" in plan
    assert "Overdue" in plan  # due 30 April, not done by 2 June
    assert "Take the match to panel Team manager 1 September 2025 5 March 2025 Not yet due" in plan
    assert "Demotown Family Court, case DT23C00123" in plan
    assert "Gail Guardian, Cafcass" in plan and "01632 960777" in plan


def test_review_records_cover_only_the_preceding_12_months(referral) -> None:
    markup = render_bundle_html(referral)
    reviews = section(markup, "s5")
    assert "Reviews held from 2 June 2024 to 2 June 2025" in reviews
    assert "Review held on 10 September 2024" in reviews
    assert "Review held on 5 March 2025" in reviews
    assert "12 March 2024" not in reviews and "OLD-" not in reviews
    assert "PN1: Child physically attends and speaks for themselves" in reviews
    assert "Morag Parent (Mother): Sent apologies" in reviews
    assert "Mother disagrees with the move" in reviews
    assert "Education: needs, progress" in reviews and "Doing well in Year 8" in reviews
    assert "their right to an advocate" in reviews
    # The older review still belongs to the chronology.
    assert "12 March 2024 Review" in section(markup, "s6")


def test_once_made_the_review_window_ends_on_the_day_of_the_referral(referral) -> None:
    # Referred on 1 March 2025; the bundle produced again in June still shows what was sent.
    referral.referred_on = date(2025, 3, 1)
    referral.save()
    reviews = section(render_bundle_html(referral), "s5")
    assert "Reviews held from 1 March 2024 to 1 March 2025" in reviews
    assert "Review held on 12 March 2024" in reviews
    assert "Review held on 10 September 2024" in reviews
    assert "5 March 2025" not in reviews  # after the referral


def test_the_chronology_runs_in_date_order_with_the_codes_meanings(referral) -> None:
    bundle = assemble(referral)
    days = [entry.on for entry in bundle.chronology]
    assert days == sorted(days)
    chronology = section(render_bundle_html(referral), "s6")
    expected = [
        "1 February 2023 Child protection plan",
        "1 March 2023 Became looked after S: Started to be looked after",
        "1 March 2023 Court proceedings Proceedings started: Demotown Family Court",
        "1 September 2023 Legal status changed L: Change of legal status only. "
        "Legal status C2: Full care order",
        "1 October 2024 Moved placement P: Change of placement and carer only",
        "15 January 2025 A major change to family time Sibling contact stopped without a plan. "
        "The IRO decided on 16 January 2025 that no review is needed.",
        "1 February 2025 Social worker's visit",
        "20 March 2025 Informal resolution Raised with Sam Worker",
        "7 April 2025 Escalation Stage 1: Alert: sent to Tom Manager",
        "11 April 2025 Escalation response",
        "6 May 2025 Escalation closed",
        "20 May 2025 Cafcass referral Referral to Cafcass considered",
    ]
    positions = [chronology.find(line) for line in expected]
    assert -1 not in positions, [e for e, p in zip(expected, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_people_and_professionals_with_confidential_addresses_marked(referral) -> None:
    people = section(render_bundle_html(referral), "s7")
    mother = people[people.index("Morag Parent") :]
    assert mother.index(SECRET_ADDRESS) < mother.index(
        "confidential — not to be disclosed to the family"
    ) < mother.index("Frank Parent")  # fmt: skip
    father = people[people.index("Frank Parent") :]
    assert OPEN_ADDRESS in father
    assert "confidential" not in father[: father.index("Professionals")]
    assert "Morag Parent Mother Yes Currently involved" in people
    for professional in (
        "North Tester Social worker", "North Tester Team manager", "One Tester Independent reviewing",
        "Tara Teacher Designated teacher", "tara@example.org",
        "Gail Guardian Children's guardian (Cafcass) (no longer involved)",
    ):  # fmt: skip
        assert professional in people, professional


def test_a_missing_report_is_said_plainly_and_listed_before_sending(referral) -> None:
    referral.iro_report = ""
    referral.wishes_and_feelings = ""
    referral.save()
    markup = render_bundle_html(referral)
    checklist = section(markup, "checklist")
    assert "Missing before this bundle is sent" in checklist
    assert (
        "The IRO's report: why the matter is referred now, and the steps taken: Not yet written"
        in checklist
    )
    assert "The IRO's report on the child's wishes and feelings: Not yet written" in checklist
    assert "Not yet written. The IRO's report has not been written yet." in section(markup, "s1")
    assert "Not yet written" in section(markup, "s2")


def test_a_written_report_leaves_nothing_missing(referral) -> None:
    checklist = section(render_bundle_html(referral), "checklist")
    assert "Missing before this bundle is sent" not in checklist
    assert "Review records from the preceding 12 months Included Section 5: 2 reviews" in checklist
    assert "The final care order To attach" in checklist


def test_nothing_of_other_children_and_nothing_written_to_the_audit_log(
    referral, staff, make_child
) -> None:
    other = make_child(staff["sw"], first_name="Other", last_name="Childname")
    review = make_review(other, date(2025, 1, 10), "PN1", views="OTHER-CHILD views")
    Decision.objects.create(
        review=review, text="OTHER-CHILD decision", responsible="x", deadline=date(2025, 2, 1)
    )
    ChildContact.objects.create(child=other, role=ContactRole.MOTHER, name="Other Mother")
    hidden = make_child(staff["sw"], first_name="Hidden", last_name="Sibling", restricted=True)
    known = make_child(staff["sw"], first_name="Known", last_name="Sibling")
    referral.child.siblings.add(hidden, known)
    events = AuditEvent.objects.count()
    markup = render_bundle_html(referral)
    assert AuditEvent.objects.count() == events
    for leak in ("Other Childname", "OTHER-CHILD", "Other Mother", "Hidden Sibling"):
        assert leak not in markup
    assert "Known Sibling Sibling, also looked after" in section(markup, "s7")
