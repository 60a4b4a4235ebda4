"""The open API under a security review: malformed and hostile tokens, what a refused caller is
told, the last-use stamp that must never fail a read, refusals audited against the child, the
web pages' rules on the way in (one child per reference in any letter case, no one becoming
looked after at 18, events only in a period of care, IRO Handbook 3.77), and bodies too large
to read."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import OperationalError, connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext

from carereview.api.access import MAX_BODY
from carereview.api.models import ApiClient, Scope
from carereview.audit.models import Action, AuditEvent
from carereview.monitoring.models import SignificantEvent
from carereview.records.models import Child, Episode
from carereview.reviews.models import Decision, Review

from .api_setup import api_caller_fixture, new_child  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set_to(date(2025, 4, 1))


def errors_of(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# -- tokens ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "bearer",
        "Token abc",
        "\u00e9",
        "Bearer crv_\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9_x",
        "Bearer crv_0000\x0000_" + "a" * 43,
        "Bearer crv_\ud800_x",
        "Bearer crv_abcdef01_" + "x" * 200_000,
        "Bearer " + "\u2603" * 50,
    ],
    ids=[
        "bare",
        "empty",
        "lower",
        "other-scheme",
        "latin1",
        "unicode",
        "nul",
        "surrogate",
        "very-long",
        "snowmen",
    ],
)
def test_a_malformed_authorization_header_gets_401_in_json(api_caller, header):
    caller = api_caller()
    response = caller.http.get("/api/v1/children", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Not signed in")
    assert AuditEvent.objects.filter(action=Action.REFUSED, username="api").count() == 1


def test_a_token_with_a_real_prefix_but_a_hostile_secret_gets_401(api_caller):
    """The prefix finds the client, so the secret reaches the digest: it must be checked first."""
    caller = api_caller()
    for secret in ("\ud800" * 43, "\x00" * 43, "y" * 100_000):
        token = f"crv_{caller.client.prefix}_{secret}"
        response = caller.http.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401


def test_a_refused_token_is_neither_echoed_nor_logged(api_caller):
    caller = api_caller()
    wrong = caller.token[:-6] + "AAAAAA"
    response = caller.call("GET", "/children", token=wrong)
    assert response.status_code == 401
    assert wrong not in response.content.decode()
    caller.get("/children/NOPE1")
    for event in AuditEvent.objects.all():
        for text in (event.summary, event.path, str(event.changes)):
            assert wrong not in text and caller.token not in text


def test_the_last_use_is_written_at_most_once_a_minute(api_caller, clock):
    caller = api_caller()
    caller.get("/children")
    caller.client.refresh_from_db()
    first = caller.client.last_used
    clock.advance(seconds=30)
    with CaptureQueriesContext(connection) as queries:
        assert caller.get("/children").status_code == 200
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and "api_apiclient" in q["sql"]]
    caller.client.refresh_from_db()
    assert caller.client.last_used == first
    clock.advance(minutes=2)
    caller.get("/children")
    caller.client.refresh_from_db()
    assert caller.client.last_used == clock.now()


def test_a_last_use_that_cannot_be_written_does_not_fail_the_read(api_caller, monkeypatch):
    caller = api_caller()
    real_update = QuerySet.update

    def busy(self, **kwargs):
        if self.model is ApiClient:
            raise OperationalError("database is locked")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", busy)
    response = caller.get("/children")
    assert response.status_code == 200
    assert response.json()["count"] == 0


# -- refusals in the audit log ---------------------------------------------------------------


def test_a_missing_scope_refusal_is_in_the_audit_log_against_the_child(api_caller):
    api_caller().put("/children/AB123", new_child())
    child = Child.objects.get(reference="AB123")
    reader = api_caller(scopes=(Scope.CHILDREN_READ,))
    assert reader.get("/children/AB123/decisions").status_code == 403
    refusal = AuditEvent.objects.get(action=Action.REFUSED)
    assert (refusal.child_id, refusal.username) == (child.pk, reader.client.audit_name)


# -- restricted records ----------------------------------------------------------------------


@pytest.fixture
def hidden(make_child, staff, clock):
    """A restricted child with a review and a decision, all changed just now."""
    child = make_child(staff["sw"], restricted=True, first_name="Hidden")
    child.restricted_to.add(staff["sw"])
    review = Review.objects.create(child=child, held_on=date(2024, 2, 1), participation="PN1")
    Decision.objects.create(
        review=review, text="Secret plan", responsible="Social worker", deadline=date(2024, 3, 1)
    )
    return child


def test_a_restricted_child_is_in_no_list_total_nor_updated_since_list(api_caller, hidden):
    caller = api_caller()
    since = "updated_since=2020-01-01T00:00:00Z"
    for path in ("/children", "/reviews", "/decisions"):
        for query in ("", f"?{since}"):
            body = caller.get(f"{path}{query}").json()
            assert (body["count"], body["items"]) == (0, []), path + query
    allowed = api_caller(sees_restricted=True)
    assert allowed.get(f"/decisions?{since}").json()["count"] == 1


def test_a_restricted_child_cannot_be_doubled_under_their_reference_in_other_letters(
    api_caller, hidden
):
    """Otherwise a client not allowed the record makes a second, unrestricted one - and the web
    pages refuse a reference held in any letter case."""
    caller = api_caller()
    response = caller.put(f"/children/{hidden.reference.lower()}", new_child())
    assert response.status_code == 404
    assert hidden.reference not in response.content.decode()
    assert Child.objects.count() == 1
    refusal = AuditEvent.objects.get(action=Action.REFUSED)
    assert refusal.child_id == hidden.pk


def test_a_reference_held_in_other_letters_is_refused_for_a_child_the_client_sees(api_caller):
    caller = api_caller()
    assert caller.put("/children/AB123", new_child()).status_code == 201
    response = caller.put("/children/ab123", new_child())
    assert response.status_code == 422
    assert "AB123" in errors_of(response)["reference"]
    assert Child.objects.count() == 1 and Episode.objects.count() == 1


# -- the web pages' rules ------------------------------------------------------------------


def test_no_one_becomes_looked_after_at_18_or_over(api_caller):
    caller = api_caller()
    response = caller.put("/children/AB123", new_child(date_of_birth="2007-03-03"))
    assert response.status_code == 422
    assert "18 or over" in errors_of(response)["looked_after.decom"]
    assert not Child.objects.exists()
    assert caller.put("/children/AB123", new_child(date_of_birth="2007-03-04")).status_code == 201

    # Nor by a date of birth changed afterwards, nor by coming back into care.
    details = new_child(date_of_birth="2005-01-01")
    del details["looked_after"]
    response = caller.put("/children/AB123", details)
    assert "18 or over" in errors_of(response)["date_of_birth"]
    assert Child.objects.get().date_of_birth == date(2007, 3, 4)
    caller.post("/children/AB123/care-ended", {"dec": "2025-03-10", "rec": "E4A"})
    back = caller.post(
        "/children/AB123/episodes", {"decom": "2025-03-20", "rne": "S", "ls": "C2", "place": "U4"}
    )
    assert back.status_code == 422
    assert "18 or over" in errors_of(back)["decom"]
    assert Episode.objects.count() == 1


def test_an_event_outside_every_period_of_care_is_refused_and_nothing_written(api_caller):
    caller = api_caller()
    caller.put("/children/AB123", new_child())  # looked after from 3 March 2025
    before = {"kind": "missing", "occurred_on": "2025-03-01", "details": "Missing overnight"}
    response = caller.post("/children/AB123/events", before)
    assert response.status_code == 422
    assert "not looked after on 1 March 2025" in errors_of(response)["occurred_on"]
    caller.post("/children/AB123/care-ended", {"dec": "2025-03-20", "rec": "E4A"})
    after = {**before, "occurred_on": "2025-03-25"}
    assert caller.post("/children/AB123/events", after).status_code == 422
    assert not SignificantEvent.objects.exists()
    last_day = {**before, "occurred_on": "2025-03-20"}
    assert caller.post("/children/AB123/events", last_day).status_code == 201


def test_changes_a_review_must_consider_first_are_refused_as_on_the_web(api_caller):
    """IRO Handbook 3.77, through the same use case as the web's "record a change in care"."""
    caller = api_caller()
    caller.put("/children/AB123", new_child(date_of_birth="2008-06-01"))  # 16
    unregulated = {"decom": "2025-03-20", "rne": "P", "ls": "C2", "place": "H5"}
    response = caller.post("/children/AB123/episodes", unregulated)
    assert response.status_code == 422
    assert "IRO Handbook 3.77" in errors_of(response)["rne"]
    key_stage_4 = {**unregulated, "place": "U6", "declared": ["key_stage_4"]}
    assert caller.post("/children/AB123/episodes", key_stage_4).status_code == 422
    leaving = caller.post("/children/AB123/care-ended", {"dec": "2025-03-20", "rec": "E6"})
    assert leaving.status_code == 422
    assert "leaving care before 18" in leaving.json()["errors"][0]["message"]
    episode = Episode.objects.get()
    assert (episode.dec, episode.place) == (None, "U4")


# -- size ------------------------------------------------------------------------------------


def test_a_body_too_large_is_refused_in_json_before_it_is_read(api_caller):
    caller = api_caller()
    huge = new_child(communication_needs="x" * 3_000_000)
    response = caller.put("/children/AB123", huge)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "too large" in response.json()["detail"]
    big = new_child(communication_needs="x" * (MAX_BODY + 1))
    assert caller.put("/children/AB123", big).status_code == 413
    assert not Child.objects.exists()
    # The largest real message still goes through.
    full = new_child(communication_needs="\u00e9" * 2000, religion="\u00e9" * 100)
    assert len(json.dumps(full)) < MAX_BODY
    assert caller.put("/children/AB123", full).status_code == 201


def test_a_long_list_in_a_body_is_refused_field_by_field(api_caller):
    caller = api_caller()
    caller.put("/children/AB123", new_child())
    move = {"decom": "2025-03-20", "rne": "P", "ls": "C2", "place": "U6"}
    response = caller.post("/children/AB123/episodes", {**move, "declared": ["education"] * 5000})
    assert response.status_code == 422
    assert errors_of(response) == {"declared": "Must have at most 6 items"}


def test_care_ending_before_the_episode_began_is_refused_on_the_date(api_caller):
    caller = api_caller()
    caller.put("/children/AB123", new_child())  # looked after from 3 March 2025
    response = caller.post("/children/AB123/care-ended", {"dec": "2025-03-01", "rec": "E4A"})
    assert response.status_code == 422
    assert "on or after 3 March 2025" in errors_of(response)["dec"]
    assert Episode.objects.get().dec is None
