"""The bundle that goes with a referral to Cafcass (IRO Handbook 8.15): one document, in the
order the handbook's list suggests, that a person can read in the browser, print or send as PDF."""

from __future__ import annotations

import html as htmllib
import io
import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from carereview.audit.models import AuditEvent
from carereview.authority.models import AuthoritySettings
from carereview.escalation.bundle import assemble
from carereview.escalation.bundle_render import (
    render_bundle_docx,
    render_bundle_html,
    render_bundle_pdf,
)
from carereview.escalation.models import (
    CafcassReferral,
    DisputeLadder,
    Escalation,
    EscalationStep,
    InformalResolution,
    LadderStage,
    ManagementAlert,
)
from carereview.monitoring.models import SignificantEvent, Visit
from carereview.records.codes import ContactRole
from carereview.records.models import ChildContact, ChildProtectionPlan, CourtProceedings, Episode
from carereview.reviews.models import Decision, Invitee, Review
from carereview.staff.models import Role

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 2)
SECRET_ADDRESS = "1 Hidden Lane, Demotown"
OPEN_ADDRESS = "2 Open Street, Demotown"
PLACEMENT_ADDRESS = "7 Made-up Road, Demotown"
HEADINGS = [
    "Referral to Cafcass: Robin Bundle",
    "What this bundle holds (IRO Handbook 8.15)",
    "1. The IRO's report",
    "2. The child's wishes and feelings",
    "3. Statement of issues and the escalation history",
    "4. The care plan as recorded at reviews",
    "5. Review records of the preceding 12 months",
    "6. Chronology",
    "7. People important to the child, and the professionals",
    "8. Diversity and communication needs",
]


def words(markup: str) -> str:
    """The text a reader sees: tags gone, entities decoded, spaces collapsed."""
    text = re.sub(r"<style.*?</style>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


def section(markup: str, name: str) -> str:
    found = re.search(rf'<section id="{name}"[^>]*>(.*?)</section>', markup, flags=re.S)
    assert found, f"no section {name}"
    return words(found.group(1))


def _review(child, held_on, participation, **extra) -> Review:
    return Review.objects.create(
        child=child, held_on=held_on, chair="iro", participation=participation, **extra
    )


@pytest.fixture
def referral(staff, make_child, make_user, clock):
    clock.set_to(TODAY)
    AuthoritySettings.objects.update_or_create(pk=1, defaults={"name": "Demoshire County Council"})
    iro = staff["iro"]
    iro.email, iro.phone, iro.job_title = "iro.one@example.org", "01632 960001", "Senior IRO"
    iro.save()
    child = make_child(
        staff["sw"],
        start=date(2023, 3, 1),
        iro=iro,
        first_name="Robin",
        last_name="Bundle",
        date_of_birth=date(2012, 4, 9),
        ethnicity="MWBC",
        religion="Made-up faith",
        first_language="Polish",
        interpreter_needed=True,
        communication_needs="Needs extra time to answer questions",
        communication_method="Speaks, with picture cards when anxious",
        disability="Dyslexia",
    )
    child.episodes.all().delete()
    Episode.objects.create(
        child=child, decom=date(2023, 3, 1), rne="S", ls="C1", place="U6", carer="Fern Carer",
        dec=date(2023, 9, 1), rec="X1",
    )  # fmt: skip
    Episode.objects.create(
        child=child, decom=date(2023, 9, 1), rne="L", ls="C2", place="U6", carer="Fern Carer",
        dec=date(2024, 10, 1), rec="X1",
    )  # fmt: skip
    Episode.objects.create(
        child=child, decom=date(2024, 10, 1), rne="P", ls="C2", place="U4",
        carer="Gale Foster", placement_address=PLACEMENT_ADDRESS,
    )  # fmt: skip
    guardian = ChildContact.objects.create(
        child=child, role=ContactRole.CHILDRENS_GUARDIAN, name="Gail Guardian",
        organisation="Cafcass", phone="01632 960777", active=False,
    )  # fmt: skip
    ChildContact.objects.create(
        child=child, role=ContactRole.MOTHER, name="Morag Parent", relationship="Mother",
        parental_responsibility=True, address=SECRET_ADDRESS, address_confidential=True,
    )  # fmt: skip
    ChildContact.objects.create(
        child=child, role=ContactRole.FATHER, name="Frank Parent", relationship="Father",
        parental_responsibility=True, address=OPEN_ADDRESS,
    )  # fmt: skip
    ChildContact.objects.create(
        child=child, role=ContactRole.DESIGNATED_TEACHER, name="Tara Teacher",
        organisation="Demotown Academy", email="tara@example.org",
    )  # fmt: skip
    CourtProceedings.objects.create(
        child=child, started_on=date(2023, 3, 1), ended_on=date(2023, 9, 1),
        court="Demotown Family Court", case_number="DT23C00123", guardian=guardian,
    )  # fmt: skip
    ChildProtectionPlan.objects.create(
        child=child, started_on=date(2023, 2, 1), ended_on=date(2023, 8, 1)
    )
    old = _review(child, date(2024, 3, 12), "PN1", views="OLD-REVIEW views")
    Decision.objects.create(
        review=old, text="OLD-DECISION life story work", responsible="Social worker",
        deadline=date(2024, 5, 1), done_on=date(2024, 4, 20),
    )  # fmt: skip
    autumn = _review(
        child, date(2024, 9, 10), "PN5",
        participation_how="Robin briefed an advocate, Ava Advocate",
        agenda={"wishes_feelings": "Robin wants to stay at school in Demotown"},
        views="Fern Carer wants Robin to stay", disagreements="Mother disagrees with the move",
    )  # fmt: skip
    Decision.objects.create(
        review=autumn, text="Find a long-term foster home near school", responsible="Social worker",
        deadline=date(2024, 12, 1), done_on=date(2024, 10, 1), outcome="Moved to Gale Foster",
    )  # fmt: skip
    spring = _review(
        child, date(2025, 3, 5), "PN1",
        agenda={
            "permanence": "Long-term fostering with Gale Foster, to be matched at panel",
            "education": "Doing well in Year 8",
        },
        views="Robin says: I want to see my brother more", rights_advocacy=True,
    )  # fmt: skip
    Invitee.objects.create(
        review=spring, key="child", name="Robin Bundle", role="child", reason="The child",
        attendance="attended",
    )  # fmt: skip
    Invitee.objects.create(
        review=spring, key="mother", name="Morag Parent", role="mother", reason="Parent",
        attendance="apologies",
    )  # fmt: skip
    Decision.objects.create(
        review=spring, text="Arrange sibling contact every month", responsible="Social worker",
        deadline=date(2025, 4, 30),
    )  # fmt: skip
    Decision.objects.create(
        review=spring, text="Take the match to panel", responsible="Team manager",
        deadline=date(2025, 9, 1),
    )  # fmt: skip
    SignificantEvent.objects.create(
        child=child, kind="family_time", occurred_on=date(2025, 1, 15),
        details="Sibling contact stopped without a plan.", recorded_by=staff["sw"],
        recorded_on=date(2025, 1, 15), review_needed=False, decided_by=iro,
        decided_on=date(2025, 1, 16), decision_reason="To be taken up at the March review.",
    )  # fmt: skip
    Visit.objects.create(child=child, visited_on=date(2025, 2, 1), seen_alone=True, by=staff["sw"])
    ladder = DisputeLadder.objects.create(key="test-ladder", name="Test ladder")
    stage1 = LadderStage.objects.create(
        ladder=ladder, number=1, title="Alert", escalate_to="The team manager"
    )
    stage2 = LadderStage.objects.create(
        ladder=ladder, number=2, title="Area manager", escalate_to="The area manager"
    )
    informal = InformalResolution.objects.create(
        child=child, iro=iro, raised_with="Sam Worker", discussed_on=date(2025, 3, 20),
        issue="Sibling contact not arranged", agreed_actions="Contact plan by 1 April",
        resolve_by=date(2025, 4, 1), outcome="No plan made", resolved=False,
    )  # fmt: skip
    escalation = Escalation.objects.create(
        child=child, iro=iro, informal=informal, category="practice",
        issue="Sibling contact has not happened for five months",
        expected_outcome="Monthly sibling contact starts", ladder=ladder,
        opened_on=date(2025, 4, 7), deadline=date(2025, 5, 6), closed_on=date(2025, 5, 6),
        outcome="referred_to_cafcass", outcome_details="No contact arranged",
    )  # fmt: skip
    EscalationStep.objects.create(
        escalation=escalation, stage=stage1, entered_on=date(2025, 4, 7),
        sent_to_name="Tom Manager", sent_to=staff["tm"], respond_by=date(2025, 4, 14),
        response="Will arrange contact", responded_on=date(2025, 4, 11),
        responded_by=staff["tm"], recorded_by=iro,
    )  # fmt: skip
    EscalationStep.objects.create(
        escalation=escalation, stage=stage2, entered_on=date(2025, 4, 22),
        sent_to_name="Aria Areamanager", respond_by=date(2025, 4, 29), recorded_by=iro,
    )  # fmt: skip
    ManagementAlert.objects.create(
        child=child, raised_by=iro, manager=staff["tm"], issue="Care plan not updated",
        complete_by=date(2025, 3, 31), raised_on=date(2025, 3, 10),
    )  # fmt: skip
    senior = make_user("senior.officer", Role.TEAM_MANAGER, email="senior@example.org")
    return CafcassReferral.objects.create(
        child=child, iro=iro, escalation=escalation, considered_on=date(2025, 5, 20),
        senior_officer=senior, reasons="Robin has lost contact with his brother",
        curtailed_because="", iro_report="REPORT: the authority has not acted on three requests.",
        wishes_and_feelings="Robin wants to see his brother every month.",
    )  # fmt: skip


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
    review = _review(other, date(2025, 1, 10), "PN1", views="OTHER-CHILD views")
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


def _pdf_text(pdf: bytes, tmp_path: Path) -> tuple[str, int]:
    path = tmp_path / "bundle.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, flags=re.M).group(1))
    return text, pages


def test_the_pdf_is_a4_with_the_marking_and_page_numbers_on_every_page(referral, tmp_path) -> None:
    pdf = render_bundle_pdf(referral)
    assert pdf.startswith(b"%PDF")
    text, pages = _pdf_text(pdf, tmp_path)
    assert pages >= 9  # the cover and checklist, then each of the eight parts on a new page
    flat = re.sub(r"\s+", " ", text)
    for heading in HEADINGS[1:]:
        assert heading in flat, heading
    assert "DT23C00123" in flat and "9 April 2012" in flat
    assert flat.count("OFFICIAL-SENSITIVE") >= 2 * pages  # top and bottom of each page
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    # The contents give each part's page.
    assert re.search(r"6\. Chronology \.+ page \d+", flat)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "bundle.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.89 pts \(A4\)", info)


def test_the_word_version_holds_the_same_sections(referral) -> None:
    doc = Document(io.BytesIO(render_bundle_docx(referral)))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    text = re.sub(r"\s+", " ", "\n".join(parts))
    for heading in HEADINGS[2:]:
        assert heading in text, heading
    assert f"Address: {SECRET_ADDRESS} Address confidential — not to be disclosed" in text
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_a_referral_with_no_escalation_or_reviews_still_makes_a_bundle(staff, make_child, clock):
    clock.set_to(datetime(2025, 6, 2, 10, 0))
    child = make_child(staff["sw"], start=date(2025, 5, 1), iro=staff["iro"])
    child.episodes.update(ls="V2")  # accommodated under section 20: no care order
    referral = CafcassReferral.objects.create(
        child=child, iro=staff["iro"], considered_on=date(2025, 5, 30),
        senior_officer=staff["manager"], reasons="A move is planned within days",
        curtailed_because="The move is planned for next week",
    )  # fmt: skip
    markup = render_bundle_html(referral)
    assert "No formal escalation is recorded." in section(markup, "s3")
    assert "The move is planned for next week" in section(markup, "s1")
    assert "No review was held in the period." in section(markup, "s5")
    assert "No care proceedings are recorded here" in section(markup, "checklist")
