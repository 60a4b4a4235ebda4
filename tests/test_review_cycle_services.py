"""The work of one review: invitations, record, decisions, the manager's response."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from carereview.core.typed_work import EditConflict
from carereview.records.codes import ContactRole
from carereview.records.models import ChildContact, CourtProceedings
from carereview.reviews import cycle
from carereview.reviews.models import Review

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_review(staff, make_child):
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    return Review.objects.create(child=child, held_on=date(2024, 1, 30), chair="iro")


def test_invitations_follow_the_rules_with_a_reason_each(staff, make_child) -> None:
    child = make_child(staff["sw"], date_of_birth=date(2008, 1, 1), first_language="Polish")
    for role, name in [
        (ContactRole.MOTHER, "Ala Mother"),
        (ContactRole.CARER, "Foster Carers"),
        (ContactRole.SUPERVISING_SOCIAL_WORKER, "Sue Pervising"),
        (ContactRole.RESIDENTIAL_KEY_WORKER, "Kay Worker"),
        (ContactRole.PERSONAL_ADVISER, "Pat Adviser"),
        (ContactRole.CHILDRENS_GUARDIAN, "Gail Guardian"),
    ]:
        ChildContact.objects.create(child=child, role=role, name=name)
    CourtProceedings.objects.create(child=child, started_on=date(2024, 1, 1))
    review = Review.objects.create(child=child, scheduled_for=timezone.now() + timedelta(days=5))
    invited = {i.name: i.reason for i in cycle.propose_invitations(review)}
    assert "presumption that they attend" in invited[str(child)]
    assert "parental responsibility" in invited["Ala Mother"]
    assert "foster care" in invited["Sue Pervising"]  # placement U4 is foster care
    assert "Kay Worker" not in invited  # key workers are for residential care
    assert "16 or over" in invited["Pat Adviser"]
    assert "proceedings" in invited["Gail Guardian"]
    assert any(name.startswith("Interpreter (Polish)") for name in invited)


def test_leaving_out_the_child_needs_a_recorded_reason(staff, held_review) -> None:
    (child_invitee,) = [i for i in cycle.propose_invitations(held_review) if i.key == "child"]
    change = {
        "invited": False,
        "left_out_because": "",
        "consultation_sent_on": None,
        "consultation_returned_on": None,
        "supporter": "",
        "supporter_is_legal_adviser": False,
    }
    with pytest.raises(ValidationError, match="needs a recorded reason"):
        cycle.save_invitations(
            held_review, {child_invitee.pk: change}, held_review.version, staff["iro"]
        )
    change["left_out_because"] = "Chose to meet the IRO separately beforehand"
    cycle.save_invitations(
        held_review, {child_invitee.pk: change}, held_review.version, staff["iro"]
    )
    child_invitee.refresh_from_db()
    assert not child_invitee.invited


def test_two_people_editing_the_record_are_told_rather_than_overwritten(staff, held_review):
    opened_version = held_review.version
    cycle.save_record(held_review, {"views": "First"}, {}, {}, opened_version, staff["iro"])
    with pytest.raises(EditConflict, match="Someone else saved changes"):
        cycle.save_record(
            held_review, {"views": "Second"}, {}, {}, opened_version, staff["manager"]
        )
    held_review.refresh_from_db()
    assert held_review.views == "First"


def test_an_adjourned_review_must_end_within_20_working_days(staff, held_review) -> None:
    with pytest.raises(ValidationError, match="within 20 working days"):
        cycle.save_record(
            held_review,
            {"completed_on": date(2024, 3, 1), "adjourned_because": "Reports missing"},
            {},
            {},
            held_review.version,
            staff["iro"],
        )
    with pytest.raises(ValidationError, match="Say why"):
        cycle.save_record(
            held_review,
            {"completed_on": date(2024, 2, 20)},
            {},
            {},
            held_review.version,
            staff["iro"],
        )
    cycle.save_record(
        held_review,
        {"completed_on": date(2024, 2, 20), "adjourned_because": "Reports missing"},
        {},
        {},
        held_review.version,
        staff["iro"],
    )
    held_review.refresh_from_db()
    assert held_review.held_on == date(2024, 1, 30)  # the recording date stays the original one


def test_silence_from_the_manager_means_the_decisions_are_agreed(staff, held_review) -> None:
    cycle.add_decision(
        held_review, "Arrange a dental check", "Carer", date(2024, 3, 1), "", staff["iro"]
    )
    cycle.circulate_decisions(held_review, staff["iro"])
    held_review.decisions_circulated_on = date(2024, 2, 1)
    held_review.save()
    assert cycle.deemed_agreed_on(held_review) == date(2024, 2, 8)
    assert cycle.manager_position(held_review).startswith("Deemed agreed")
    with pytest.raises(ValidationError, match="disagree with, and why"):
        cycle.respond_to_decisions(held_review, False, "", staff["tm"])
    cycle.respond_to_decisions(held_review, False, "Decision 1 needs funding approval", staff["tm"])
    assert cycle.manager_position(held_review) == "Disagreed"


def test_only_the_childs_team_manager_responds(client, staff, held_review) -> None:
    cycle.add_decision(
        held_review, "Arrange a dental check", "Carer", date(2024, 3, 1), "", staff["iro"]
    )
    cycle.circulate_decisions(held_review, staff["iro"])
    for role, status in [("tm_south", 404), ("iro", 403), ("tm", 200)]:
        client.login(username=staff[role].username, password=PASSWORD)
        assert client.get(f"/reviews/{held_review.pk}/response/").status_code == status, role


def test_work_typed_when_the_session_had_expired_comes_back_after_signing_in(
    client, staff, held_review
) -> None:
    path = f"/reviews/{held_review.pk}/decisions/"
    typed = {
        "text": "Plan a visit to the birth family",
        "responsible": "Social worker",
        "deadline-day": "1",
        "deadline-month": "3",
        "deadline-year": "2024",
    }
    response = client.post(path, typed)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?next=")
    client.post("/sign-in/", {"username": "iro.one", "password": PASSWORD, "next": path})
    page = client.get(path).content.decode()
    assert "Plan a visit to the birth family" in page
    assert not held_review.decisions.exists()  # kept, not saved behind the user's back


def test_a_delegate_is_named(staff, held_review) -> None:
    (child_invitee,) = [i for i in cycle.propose_invitations(held_review) if i.key == "child"]
    with pytest.raises(ValidationError, match="delegate"):
        cycle.save_record(
            held_review,
            {},
            {},
            {child_invitee.pk: ("delegate", "")},
            held_review.version,
            staff["iro"],
        )
    cycle.save_record(
        held_review,
        {},
        {},
        {child_invitee.pk: ("delegate", "Ash Advocate")},
        held_review.version,
        staff["iro"],
    )
    child_invitee.refresh_from_db()
    assert (child_invitee.attendance, child_invitee.delegate) == ("delegate", "Ash Advocate")


def test_a_person_no_longer_involved_leaves_the_list_but_stays_on_file(
    client, staff, held_review
) -> None:
    from carereview.records.models import ChildContact

    child = held_review.child
    person = ChildContact.objects.create(child=child, role="advocate", name="Avery Advocate")
    client.login(username="sw.north", password=PASSWORD)
    client.post(f"/children/{child.pk}/people/{person.pk}/", {"action": "end"})
    person.refresh_from_db()
    assert not person.active
    client.get(f"/children/{child.pk}/people/")  # shows the confirmation once
    assert "Avery Advocate" not in client.get(f"/children/{child.pk}/people/").content.decode()


def test_the_record_page_says_what_the_second_review_must_consider(client, staff, make_child):
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    Review.objects.create(child=child, held_on=date(2024, 1, 30))
    second = Review.objects.create(child=child, held_on=date(2024, 4, 20))
    client.login(username="iro.one", password=PASSWORD)
    page = client.get(f"/reviews/{second.pk}/record/").content.decode()
    assert "This is review 2 of the period of care" in page
    assert "A permanence plan is in place by the second review" in page


def test_a_review_in_several_meetings_keeps_its_first_date(client, staff, held_review) -> None:
    with pytest.raises(ValidationError, match="within 20 working days"):
        cycle.add_meeting(held_review, date(2024, 3, 20), "Parents", "", staff["iro"])
    cycle.add_meeting(held_review, date(2024, 2, 6), "Parents, seen separately", "", staff["iro"])
    held_review.refresh_from_db()
    assert held_review.held_on == date(2024, 1, 30)
    assert held_review.completed_on == date(2024, 2, 6)
    client.login(username="iro.one", password=PASSWORD)
    page = client.get(f"/reviews/{held_review.pk}/meetings/").content.decode()
    assert "Parents, seen separately" in page
