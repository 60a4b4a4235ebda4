"""Reading out through the open API: a child's record, review dates and participation,
decisions, the lists a case system synchronises from - and restricted records kept out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from carereview.api.models import Scope
from carereview.audit.models import Action, AuditEvent
from carereview.monitoring.models import SignificantEvent
from carereview.records.models import Child, Episode
from carereview.reviews.models import Decision, Review

from .api_setup import api_caller_fixture, new_child  # noqa: F401

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def reviewed(staff, make_child, clock):
    """Looked after from Monday 8 January 2024: first review due in 20 working days (5 Feb,
    CPPCR 33(1)), held 1 Feb; the second due 3 months later (1 May, 33(2)), held late on 10 May;
    the third due 6 months after that (10 Nov), arranged for 1 October."""
    clock.set_to(date(2024, 6, 1))
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    first = Review.objects.create(child=child, held_on=date(2024, 2, 1), participation="PN1")
    Review.objects.create(child=child, held_on=date(2024, 5, 10), participation="PN7")
    Review.objects.create(
        child=child, scheduled_for=timezone.make_aware(datetime(2024, 10, 1, 10, 0))
    )
    Decision.objects.create(
        review=first,
        text="Arrange family time",
        responsible="Social worker",
        deadline=date(2024, 3, 1),
    )
    Decision.objects.create(
        review=first,
        text="Update the health plan",
        responsible="Looked-after nurse",
        deadline=date(2024, 2, 20),
        done_on=date(2024, 2, 15),
    )
    return child


def test_a_childs_reviews_come_with_their_deadlines_participation_and_the_next_one(
    api_caller, reviewed
):
    response = api_caller().get(f"/children/{reviewed.reference}/reviews")
    assert response.status_code == 200
    body = response.json()
    assert body["looked_after"] is True
    assert [
        (r["held_on"], r["participation"], r["statutory_due"], r["on_time"]) for r in body["held"]
    ] == [
        ("2024-02-01", "PN1", "2024-02-05", True),
        ("2024-05-10", "PN7", "2024-05-01", False),
    ]
    assert body["held"][1]["participation_meaning"].startswith("Child does not attend")
    next_review = body["next"]
    assert (next_review["number"], next_review["statutory_due"], next_review["status"]) == (
        3,
        "2024-11-10",
        "upcoming",
    )
    assert datetime.fromisoformat(next_review["scheduled_for"]) == timezone.make_aware(
        datetime(2024, 10, 1, 10, 0)
    )


def test_a_childs_decisions_say_who_by_when_and_whether_done(api_caller, reviewed):
    response = api_caller().get(f"/children/{reviewed.reference}/decisions")
    assert response.status_code == 200
    assert [(d["text"], d["responsible"], d["deadline"], d["done"]) for d in response.json()] == [
        ("Update the health plan", "Looked-after nurse", "2024-02-20", True),
        ("Arrange family time", "Social worker", "2024-03-01", False),
    ]


def test_a_childs_record_has_episodes_and_people_but_no_case_notes_or_address(
    api_caller, reviewed, staff
):
    reviewed.episodes.update(placement_address="1 Synthetic Street", carer="The Carers")
    SignificantEvent.objects.create(
        child=reviewed,
        kind="missing",
        occurred_on=date(2024, 5, 1),
        details="Private detail",
        recorded_by=staff["sw"],
        recorded_on=date(2024, 5, 1),
    )
    caller = api_caller()
    response = caller.get(f"/children/{reviewed.reference}")
    assert response.status_code == 200
    body = response.json()
    assert body["episodes"] == [
        {
            "decom": "2024-01-08",
            "rne": "S",
            "ls": "C2",
            "place": "U4",
            "dec": None,
            "rec": None,
            "carer": "The Carers",
        }
    ]
    assert body["iro"]["name"] == str(staff["iro"])
    assert body["social_worker"]["name"] == str(staff["sw"])
    assert "Synthetic Street" not in response.content.decode()
    assert "Private detail" not in response.content.decode()
    viewing = AuditEvent.objects.get(action=Action.VIEW)
    assert (viewing.username, viewing.child_id, viewing.path) == (
        caller.client.audit_name,
        reviewed.pk,
        f"/api/v1/children/{reviewed.reference}",
    )


def test_a_child_the_api_does_not_hold_is_404(api_caller, db):
    response = api_caller().get("/children/NOPE1")
    assert response.status_code == 404
    assert response.json()["detail"] == "No child with reference NOPE1 is open to this client."


# -- lists for synchronising ------------------------------------------------------------------


def test_children_come_a_page_at_a_time_by_reference(api_caller, make_child, staff):
    for _ in range(3):
        make_child(staff["sw"])
    caller = api_caller()
    first = caller.get("/children?limit=2").json()
    assert (first["count"], [c["reference"] for c in first["items"]]) == (3, ["T00001", "T00002"])
    rest = caller.get("/children?limit=2&offset=2").json()
    assert [c["reference"] for c in rest["items"]] == ["T00003"]
    assert AuditEvent.objects.filter(action=Action.VIEW).count() == 3  # each child sent


def test_updated_since_gives_only_children_whose_record_or_reviews_changed(
    api_caller, make_child, staff
):
    unchanged, renamed, reviewed = (make_child(staff["sw"]) for _ in range(3))
    Child.objects.filter(pk__in=[unchanged.pk, reviewed.pk]).update(updated=LONG_AGO)
    Episode.objects.update(updated=LONG_AGO)
    Review.objects.create(child=reviewed, held_on=date(2024, 2, 1), participation="PN1")
    since = "2021-01-01T00:00:00Z"
    found = api_caller().get(f"/children?updated_since={since}").json()
    assert sorted(c["reference"] for c in found["items"]) == sorted(
        [renamed.reference, reviewed.reference]
    )


def test_updated_since_gives_children_whose_care_or_iro_changed(api_caller, make_child, staff):
    from carereview.staff.models import Allocation

    moved, reallocated, _unchanged = (make_child(staff["sw"]) for _ in range(3))
    Child.objects.update(updated=LONG_AGO)
    Episode.objects.update(updated=LONG_AGO)
    episode = moved.episodes.get()
    episode.place = "U1"
    episode.save()
    Allocation.objects.create(
        child=reallocated, iro=staff["iro"], started_on=date(2024, 3, 1), allocated_by=staff["iro"]
    )
    found = api_caller().get("/children?updated_since=2021-01-01T00:00:00Z").json()
    assert sorted(c["reference"] for c in found["items"]) == sorted(
        [moved.reference, reallocated.reference]
    )


def test_reviews_and_decisions_lists_follow_updated_since(api_caller, reviewed):
    caller = api_caller()
    everything = caller.get("/reviews").json()
    assert everything["count"] == 3
    assert {r["child_reference"] for r in everything["items"]} == {reviewed.reference}
    Review.objects.filter(held_on=date(2024, 2, 1)).update(updated=LONG_AGO)
    recent = caller.get("/reviews?updated_since=2021-01-01T00:00:00").json()
    assert recent["count"] == 2
    Decision.objects.update(updated=LONG_AGO)
    decisions = caller.get("/decisions?updated_since=2021-01-01T00:00:00").json()
    assert decisions["count"] == 0  # both, and their review, last changed in 2020
    assert caller.get("/decisions").json()["count"] == 2

    # A decision marked done is picked up without its review changing.
    family_time = Decision.objects.get(text="Arrange family time")
    family_time.done_on = date(2024, 2, 28)
    family_time.save()
    decisions = caller.get("/decisions?updated_since=2021-01-01T00:00:00").json()
    assert [(d["text"], d["done"]) for d in decisions["items"]] == [("Arrange family time", True)]


def test_a_list_beyond_its_limits_is_refused_in_plain_words(api_caller, db):
    response = api_caller().get("/children?limit=500&updated_since=yesterday")
    assert response.status_code == 422
    assert {e["field"]: e["message"] for e in response.json()["errors"]} == {
        "limit": "Must be at most 200",
        "updated_since": "Must be a date and time in ISO 8601, e.g. 2025-03-31T09:00:00Z",
    }


# -- restricted records -------------------------------------------------------------------------


@pytest.fixture
def restricted(make_child, staff):
    child = make_child(staff["sw"], restricted=True, first_name="Hidden")
    child.restricted_to.add(staff["sw"])
    Review.objects.create(child=child, held_on=date(2024, 2, 1), participation="PN1")
    return child


def test_a_restricted_child_is_invisible_to_a_client_not_allowed_to_see_them(
    api_caller, restricted
):
    caller = api_caller()
    ref = restricted.reference
    assert caller.get("/children").json()["count"] == 0
    assert caller.get("/reviews").json()["count"] == 0
    for path in (f"/children/{ref}", f"/children/{ref}/reviews", f"/children/{ref}/decisions"):
        assert caller.get(path).status_code == 404
    refusals = AuditEvent.objects.filter(action=Action.REFUSED, child_id=restricted.pk)
    assert refusals.count() == 3
    assert {r.username for r in refusals} == {caller.client.audit_name}


def test_a_restricted_child_cannot_be_changed_by_a_client_not_allowed_to_see_them(
    api_caller, restricted
):
    caller = api_caller()
    ref = restricted.reference
    details = new_child(first_name="Changed")
    assert caller.put(f"/children/{ref}", details).status_code == 404
    event = {"kind": "missing", "occurred_on": "2024-02-02", "details": "Went missing"}
    assert caller.post(f"/children/{ref}/events", event).status_code == 404
    move = {"decom": "2024-02-02", "rne": "P", "ls": "C2", "place": "U6"}
    assert caller.post(f"/children/{ref}/episodes", move).status_code == 404
    restricted.refresh_from_db()
    assert restricted.first_name == "Hidden" and restricted.episodes.count() == 1
    assert not restricted.events.exists()
    assert AuditEvent.objects.filter(action=Action.REFUSED, child_id=restricted.pk).count() == 3


def test_a_client_allowed_restricted_records_sees_and_changes_them(api_caller, restricted, clock):
    clock.set_to(date(2024, 6, 1))
    caller = api_caller(scopes=tuple(Scope.values), sees_restricted=True)
    ref = restricted.reference
    assert caller.get(f"/children/{ref}").json()["first_name"] == "Hidden"
    assert caller.get("/children").json()["count"] == 1
    event = {"kind": "missing", "occurred_on": "2024-02-02", "details": "Went missing"}
    assert caller.post(f"/children/{ref}/events", event).status_code == 201
