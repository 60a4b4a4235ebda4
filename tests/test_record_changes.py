"""Changing a child's record through the service."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from carereview.records.changes import CareChange, add_oversight_note, record_care_change
from carereview.records.services import child_schedule

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_placement_move_is_a_new_episode_and_keeps_the_timetable(staff, make_child) -> None:
    child = make_child(staff["sw"], start=date(2024, 1, 8))
    record_care_change(
        child,
        CareChange("placement", date(2024, 1, 20), placement="K2", carer="Demo Home"),
        staff["sw"],
    )
    episodes = list(child.episodes.order_by("decom"))
    assert [(e.rne, e.ls, e.place, e.dec, e.rec) for e in episodes] == [
        ("S", "C2", "U4", date(2024, 1, 20), "X1"),
        ("P", "C2", "K2", None, ""),
    ]
    assert child_schedule(child, date(2024, 1, 25)).next_review.due == date(2024, 2, 5)


def test_ceasing_care_ends_the_period_and_no_review_is_then_needed(staff, make_child) -> None:
    child = make_child(staff["sw"], start=date(2024, 1, 8))
    with pytest.raises(ValidationError, match="Choose why"):
        record_care_change(child, CareChange("ceased", date(2024, 1, 20)), staff["sw"])
    record_care_change(
        child, CareChange("ceased", date(2024, 1, 20), reason_ceased="E4A"), staff["sw"]
    )
    schedule = child_schedule(child, date(2024, 3, 1))
    assert schedule.next_review is None and not schedule.looked_after
    record_care_change(
        child,
        CareChange("started", date(2024, 3, 1), legal_status="V2", placement="U6"),
        staff["sw"],
    )
    # 20 working days across Easter 2024.
    assert child_schedule(child, date(2024, 3, 2)).next_review.due == date(2024, 4, 2)


def test_a_change_before_the_current_episode_is_refused(staff, make_child) -> None:
    child = make_child(staff["sw"], start=date(2024, 1, 8))
    with pytest.raises(ValidationError, match="on or after 8 January 2024"):
        record_care_change(
            child, CareChange("legal_status", date(2024, 1, 1), legal_status="C1"), staff["sw"]
        )


def test_business_support_cannot_read_oversight_notes(client, staff, make_child) -> None:
    child = make_child(staff["sw"], iro=staff["iro"])
    add_oversight_note(
        child, date(2024, 2, 1), "Spoke to the carer about school moves.", staff["iro"]
    )
    client.login(username="iro.one", password=PASSWORD)
    assert "school moves" in client.get(f"/children/{child.pk}/notes/").content.decode()
    client.login(username="support.one", password=PASSWORD)
    assert client.get(f"/children/{child.pk}/notes/").status_code == 403
    assert "Oversight notes" not in client.get(f"/children/{child.pk}/").content.decode()


def test_a_social_worker_can_read_but_not_write_oversight_notes(client, staff, make_child):
    child = make_child(staff["sw"], iro=staff["iro"])
    client.login(username="sw.north", password=PASSWORD)
    response = client.post(
        f"/children/{child.pk}/notes/",
        {"written_on-day": "1", "written_on-month": "2", "written_on-year": "2024", "text": "x"},
    )
    assert response.status_code == 403 and not child.oversight_notes.exists()


def _details(child, **changes):
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "gender": "other",
        "ethnicity": "NOBT",
        "first_language": "English",
        "version": child.version,
    }
    data.update(changes)
    return data


def test_details_are_saved_and_two_editors_are_told_not_overwritten(client, staff, make_child):
    child = make_child(staff["sw"], iro=staff["iro"])
    client.login(username="sw.north", password=PASSWORD)
    stale = _details(child, religion="Quaker")
    response = client.post(
        f"/children/{child.pk}/details/",
        _details(
            child,
            religion="Buddhist",
            **{
                "long_term_foster_designated_on-day": "1",
                "long_term_foster_designated_on-month": "2",
                "long_term_foster_designated_on-year": "2024",
            },
        ),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.religion, child.long_term_foster_designated_on) == ("Buddhist", date(2024, 2, 1))
    page = client.post(f"/children/{child.pk}/details/", stale).content.decode()
    assert "Someone else saved changes" in page
    child.refresh_from_db()
    assert child.religion == "Buddhist"


def test_a_restricted_record_is_set_by_the_iro_manager_and_then_hidden(client, staff, make_child):
    child = make_child(staff["sw"], iro=staff["iro"])
    client.login(username="sw.north", password=PASSWORD)
    assert (
        client.post(
            f"/children/{child.pk}/legal/", {"form": "restriction", "restricted": "on"}
        ).status_code
        == 403
    )
    client.login(username="iro.manager", password=PASSWORD)
    client.post(
        f"/children/{child.pk}/legal/",
        {"form": "restriction", "restricted": "on", "restricted_to": [staff["iro"].pk]},
    )
    child.refresh_from_db()
    assert child.restricted
    assert set(child.restricted_to.values_list("username", flat=True)) == {"iro.one", "iro.manager"}
    client.login(username="sw.north", password=PASSWORD)
    assert client.get(f"/children/{child.pk}/").status_code == 404


def test_court_proceedings_with_the_childrens_guardian(client, staff, make_child):
    child = make_child(staff["sw"], iro=staff["iro"])
    client.login(username="sw.north", password=PASSWORD)
    client.post(
        f"/children/{child.pk}/legal/",
        {
            "form": "court",
            "court-started_on-day": "3",
            "court-started_on-month": "1",
            "court-started_on-year": "2024",
            "court-court": "Demo Family Court",
            "court-guardian_name": "Gale Guardian",
        },
    )
    proceedings = child.proceedings.get()
    assert proceedings.guardian.name == "Gale Guardian" and proceedings.ended_on is None
