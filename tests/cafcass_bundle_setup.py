"""The child and records the referral bundle tests share (IRO Handbook 8.15): a child in care
since 2023 with court proceedings, three reviews, people with a confidential address, an
escalation closed as referred, and a referral to Cafcass considered on 20 May 2025."""

from __future__ import annotations

import html as htmllib
import re
from datetime import date

from carereview.authority.models import AuthoritySettings
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


def make_review(child, held_on, participation, **extra) -> Review:
    return Review.objects.create(
        child=child, held_on=held_on, chair="iro", participation=participation, **extra
    )


def make_referral(staff, make_child, make_user, clock) -> CafcassReferral:
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
    old = make_review(child, date(2024, 3, 12), "PN1", views="OLD-REVIEW views")
    Decision.objects.create(
        review=old, text="OLD-DECISION life story work", responsible="Social worker",
        deadline=date(2024, 5, 1), done_on=date(2024, 4, 20),
    )  # fmt: skip
    autumn = make_review(
        child, date(2024, 9, 10), "PN5",
        participation_how="Robin briefed an advocate, Ava Advocate",
        agenda={"wishes_feelings": "Robin wants to stay at school in Demotown"},
        views="Fern Carer wants Robin to stay", disagreements="Mother disagrees with the move",
    )  # fmt: skip
    Decision.objects.create(
        review=autumn, text="Find a long-term foster home near school", responsible="Social worker",
        deadline=date(2024, 12, 1), done_on=date(2024, 10, 1), outcome="Moved to Gale Foster",
    )  # fmt: skip
    spring = make_review(
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
