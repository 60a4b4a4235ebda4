"""The open API, as an authority's case system uses it: sending children, changes in care and
significant events in, with tokens scoped per permission, plain-worded refusals and the same
audit trail as the web pages."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.api import services
from carereview.api.models import Scope
from carereview.audit.models import Action, AuditEvent
from carereview.monitoring.models import SignificantEvent
from carereview.notifications.models import Alert
from carereview.records.models import Child, Episode

from .api_setup import api_caller_fixture, new_child  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set_to(date(2025, 4, 1))


def errors_of(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# -- who may call, and what ---------------------------------------------------------------------


def test_a_request_without_a_token_is_refused_with_401_in_json_and_audited(client, db):
    response = client.get("/api/v1/children")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "no token given" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    refusal = AuditEvent.objects.get(action=Action.REFUSED)
    assert refusal.username == "api" and refusal.path == "/api/v1/children"


@pytest.mark.parametrize(
    "token",
    ["crv_00000000_made-up", "not-a-token", "crv_", "Basic abc"],
)
def test_an_unknown_token_is_refused_with_401(api_caller, token):
    caller = api_caller()
    response = caller.call("GET", "/children", token=token)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Not signed in")


def test_a_revoked_token_stops_working_at_once(api_caller):
    caller = api_caller()
    assert caller.get("/children").status_code == 200
    services.revoke(caller.client)
    response = caller.get("/children")
    assert response.status_code == 401
    # The holder of a revoked token is not told whose it was: the audit log is.
    assert "unknown or revoked" in response.json()["detail"]
    assert caller.client.name not in response.content.decode()
    refusal = AuditEvent.objects.filter(action=Action.REFUSED).get()
    assert refusal.summary.endswith(f"the revoked token of {caller.client.name}")


def test_a_new_token_replaces_the_old_one(api_caller):
    caller = api_caller()
    fresh = services.new_token(caller.client)
    assert caller.get("/children").status_code == 401
    assert caller.call("GET", "/children", token=fresh).status_code == 200


def test_a_call_needing_a_scope_the_token_lacks_gets_403_naming_the_scope(api_caller):
    caller = api_caller(scopes=(Scope.CHILDREN_READ,))
    response = caller.put("/children/AB123", new_child())
    assert response.status_code == 403
    assert response.json()["missing_scope"] == "children:write"
    assert "children:write" in response.json()["detail"]
    assert not Child.objects.exists()
    refusal = AuditEvent.objects.get(action=Action.REFUSED)
    assert refusal.username == caller.client.audit_name
    assert "lacks the scope children:write" in refusal.summary


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("GET", "/children", "children:read"),
        ("GET", "/children/AB123", "children:read"),
        ("PUT", "/children/AB123", "children:write"),
        ("POST", "/children/AB123/episodes", "episodes:write"),
        ("POST", "/children/AB123/care-ended", "episodes:write"),
        ("POST", "/children/AB123/events", "events:write"),
        ("GET", "/children/AB123/reviews", "reviews:read"),
        ("GET", "/reviews", "reviews:read"),
        ("GET", "/children/AB123/decisions", "decisions:read"),
        ("GET", "/decisions", "decisions:read"),
    ],
)
def test_every_endpoint_asks_for_its_own_scope(api_caller, method, path, scope):
    others = tuple(s for s in Scope.values if s != scope)
    response = api_caller(scopes=others).call(method, path, {})
    assert response.status_code == 403
    assert response.json()["missing_scope"] == scope


def test_the_last_use_of_a_token_is_kept(api_caller, clock):
    caller = api_caller()
    assert caller.client.last_used is None
    caller.get("/children")
    caller.client.refresh_from_db()
    assert caller.client.last_used == clock.now()


# -- children in ---------------------------------------------------------------------------------


def test_a_new_child_is_recorded_as_looked_after_and_the_iro_manager_told(api_caller, staff):
    caller = api_caller()
    response = caller.put("/children/AB123", new_child(social_worker_email="sw@example.org"))
    assert response.status_code == 422  # no social worker has that address yet
    assert "sw@example.org" in errors_of(response)["social_worker_email"]
    staff["sw"].email = "sw@example.org"
    staff["sw"].save()

    response = caller.put("/children/AB123", new_child(social_worker_email="SW@example.org"))

    assert response.status_code == 201
    child = Child.objects.get(reference="AB123")
    assert (child.first_name, child.social_worker) == ("Ada", staff["sw"])
    episode = child.episodes.get()
    assert (episode.decom, episode.rne, episode.ls, episode.place) == (
        date(2025, 3, 3),
        "S",
        "C2",
        "U4",
    )
    assert Alert.objects.filter(recipient=staff["manager"], child_id=child.pk).exists()
    assert response.json()["episodes"][0]["rne"] == "S"
    created = AuditEvent.objects.get(action=Action.CREATE, child_id=child.pk)
    assert created.username == caller.client.audit_name
    assert created.path == "/api/v1/children/AB123"


def test_sending_the_same_child_twice_makes_one_record_and_answers_200(api_caller):
    caller = api_caller()
    assert caller.put("/children/AB123", new_child()).status_code == 201
    again = caller.put("/children/AB123", new_child())
    assert again.status_code == 200
    assert Child.objects.count() == 1 and Episode.objects.count() == 1
    resent = AuditEvent.objects.filter(action=Action.CHANGE).get()
    assert "nothing changed" in resent.summary and resent.changes == {}


def test_changed_details_replace_those_held_and_fields_left_out_are_kept(api_caller):
    caller = api_caller()
    caller.put("/children/AB123", new_child(communication_needs="Uses Makaton"))
    details = new_child(last_name="Sample", religion="Quaker")
    del details["looked_after"]
    response = caller.put("/children/AB123", details)
    assert response.status_code == 200
    child = Child.objects.get(reference="AB123")
    assert (child.last_name, child.religion, child.communication_needs) == (
        "Sample",
        "Quaker",
        "Uses Makaton",
    )
    assert child.version == 2  # an open edit page now reports a conflict
    change = AuditEvent.objects.get(action=Action.CHANGE)
    assert change.changes == {"last_name": ["Exampleton", "Sample"], "religion": ["", "Quaker"]}


def test_a_new_child_without_their_first_episode_is_refused_in_plain_words(api_caller):
    details = new_child()
    del details["looked_after"]
    response = api_caller().put("/children/AB123", details)
    assert response.status_code == 422
    assert "new to carereview" in errors_of(response)["looked_after"]
    assert not Child.objects.exists()


def test_codes_are_checked_against_the_ssda903_lists_in_any_letter_case(api_caller):
    caller = api_caller()
    bad = new_child(ethnicity="XXXX")
    bad["looked_after"] = {"decom": "2025-03-03", "ls": "C9", "place": "u4"}
    response = caller.put("/children/AB123", bad)
    assert response.status_code == 422
    found = errors_of(response)
    assert "'C9' is not a legal status (LS) code in the SSDA903 lists" in found["looked_after.ls"]
    assert "'XXXX' is not a ethnicity (ETHNIC) code" in found["ethnicity"]
    assert "looked_after.place" not in found  # u4 is U4
    good = new_child(ethnicity="wbri")
    good["looked_after"] = {"decom": "2025-03-03", "ls": "c2", "place": "u4"}
    assert caller.put("/children/AB123", good).status_code == 201
    assert Episode.objects.get().ls == "C2"


def test_every_mistake_is_named_field_by_field_and_nothing_is_written(api_caller):
    bad = new_child(date_of_birth="03/02/2015", gender="girl", shoe_size=3, first_name="")
    bad["looked_after"]["decom"] = "2025-05-01"
    response = api_caller().put("/children/AB123", bad)
    assert response.status_code == 422
    assert errors_of(response) == {
        "date_of_birth": "Must be a date written YYYY-MM-DD, e.g. 2025-03-31",
        "gender": "'girl' is not a gender; use one of female, male, other, not_stated",
        "shoe_size": "carereview does not know this field: check its spelling, or leave it out",
        "first_name": "Must not be empty",
        "looked_after.decom": "The date must be today or in the past",
    }
    assert not Child.objects.exists()
    assert not AuditEvent.objects.filter(child_id__isnull=False).exists()


def test_a_body_that_is_not_json_gets_400_in_json(api_caller):
    caller = api_caller()
    response = caller.http.put(
        "/api/v1/children/AB123",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {caller.token}",
    )
    assert response.status_code == 400
    assert "send JSON" in response.json()["detail"]


def test_a_reference_that_is_not_a_903_child_identifier_is_refused(api_caller):
    response = api_caller().put("/children/has space", new_child())
    assert response.status_code == 422
    assert errors_of(response)["reference"].startswith("Must be 1 to 20 letters or digits")


# -- changes in care and events in ---------------------------------------------------------------


@pytest.fixture
def sent(api_caller):
    caller = api_caller()
    assert caller.put("/children/AB123", new_child()).status_code == 201
    return caller


def test_a_move_ends_the_current_episode_and_starts_a_new_one_once(sent):
    move = {"decom": "2025-03-20", "rne": "P", "ls": "C2", "place": "U6", "carer": "New carers"}
    response = sent.post("/children/AB123/episodes", move)
    assert response.status_code == 201
    assert response.json()["place"] == "U6"
    assert sent.post("/children/AB123/episodes", move).status_code == 200
    episodes = list(Episode.objects.order_by("decom", "pk").values_list("rne", "dec", "rec"))
    assert episodes == [("S", date(2025, 3, 20), "X1"), ("P", None, "")]
    change = AuditEvent.objects.get(action=Action.CHANGE, summary__startswith="A move")
    assert change.username == sent.client.audit_name


def test_an_episode_whose_codes_contradict_its_reason_is_refused(sent):
    response = sent.post(
        "/children/AB123/episodes", {"decom": "2025-03-20", "rne": "P", "ls": "V2", "place": "U6"}
    )
    assert response.status_code == 422
    assert errors_of(response)["ls"] == (
        "RNE P is a change of placement only, but the legal status V2 differs from the current "
        "one (C2): use B or U"
    )
    assert Episode.objects.count() == 1


def test_the_services_own_rules_come_back_as_field_errors(sent):
    response = sent.post(
        "/children/AB123/episodes", {"decom": "2025-03-20", "rne": "S", "ls": "C2", "place": "U6"}
    )
    assert response.status_code == 422
    assert errors_of(response) == {"rne": "The child is already looked after"}
    early = sent.post(
        "/children/AB123/episodes", {"decom": "2025-02-01", "rne": "P", "ls": "C2", "place": "U6"}
    )
    assert "on or after 3 March 2025" in errors_of(early)["decom"]


def test_care_ending_closes_the_episode_and_can_be_sent_again(sent):
    ended = {"dec": "2025-03-28", "rec": "E4A"}
    response = sent.post("/children/AB123/care-ended", ended)
    assert response.status_code == 200
    assert (response.json()["dec"], response.json()["rec"]) == ("2025-03-28", "E4A")
    assert sent.post("/children/AB123/care-ended", ended).status_code == 200
    assert list(Episode.objects.values_list("dec", "rec")) == [(date(2025, 3, 28), "E4A")]
    x1 = sent.post("/children/AB123/care-ended", {"dec": "2025-03-28", "rec": "X1"})
    assert "'X1' is not a reason care ended (REC) code" in errors_of(x1)["rec"]


def test_a_significant_event_reaches_the_iro_once(sent, staff):
    from carereview.staff.models import Allocation

    child = Child.objects.get(reference="AB123")
    Allocation.objects.create(
        child=child, iro=staff["iro"], started_on=date(2025, 3, 4), allocated_by=staff["manager"]
    )
    event = {"kind": "missing", "occurred_on": "2025-03-29", "details": "Missing overnight"}
    response = sent.post("/children/AB123/events", event)
    assert response.status_code == 201
    assert response.json()["review_needed"] is None
    assert sent.post("/children/AB123/events", event).status_code == 200
    recorded = SignificantEvent.objects.get()
    assert recorded.recorded_by.username == sent.client.audit_name
    assert Alert.objects.filter(recipient=staff["iro"], child_id=child.pk).count() == 1
    unknown = sent.post("/children/AB123/events", {**event, "kind": "burglary"})
    assert "is not a kind of significant event" in errors_of(unknown)["kind"]
