"""A request to freeze a placement move (IRO Handbook 3.79): begun with the dispute resolution
process and with the child told about advocacy and complaints; blocking every change that moves
the child from the day it is asked; answered before a manager lifts it; the IROs told."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from carereview.escalation import services
from carereview.escalation.models import PlacementFreezeRequest
from carereview.records.changes import CareChange, record_care_change
from carereview.staff.models import Allocation

from .conftest import PASSWORD
from .escalation_setup import MONDAY, alerts, dated, informal, make_setting, open_at

pytestmark = pytest.mark.django_db

TOLD = {"child_told_on": MONDAY}


@pytest.fixture
def setting(staff, make_child, make_user, clock):
    return make_setting(staff, make_child, make_user, clock)


def freeze(s, **extra) -> PlacementFreezeRequest:
    if "escalation" not in extra and "new_escalation_stage" not in extra:
        informal(s)
        extra["escalation"] = open_at(s)
    return services.request_freeze(
        s["child"],
        move_details=extra.pop("move_details", "Move to a residential home 40 miles away"),
        reasons="Would end her Year 11 at school",
        by=extra.pop("by", s["iro"]),
        **{**TOLD, **extra},
    )


def test_a_freeze_blocks_recording_the_move_until_answered_or_lifted(client, setting) -> None:
    child = setting["child"]
    move = CareChange("placement", MONDAY, placement="U4", carer="New carers")
    request = freeze(setting)
    assert any("frozen - please answer" in text for text in alerts(setting["tm"]))
    with pytest.raises(ValidationError, match="freeze a placement move is in force"):
        record_care_change(child, move, setting["sw"])
    # Through the page as well, with the message naming the freeze.
    assert client.login(username="sw.north", password=PASSWORD)
    response = client.post(
        reverse("care_change", args=[child.pk]),
        {"kind": "placement", "on-day": "7", "on-month": "4", "on-year": "2025", "placement": "U4"},
    )
    assert "Move to a residential home 40 miles away" in response.content.decode()
    assert child.episodes.count() == 1
    services.answer_freeze(request, response="agreed", by=setting["tm"])
    with pytest.raises(ValidationError, match="agreed"):
        record_care_change(child, move, setting["sw"])
    with pytest.raises(PermissionDenied):
        services.lift_freeze(request, by=setting["sw"])
    services.lift_freeze(request, by=setting["tm"])
    record_care_change(child, move, setting["sw"])
    assert child.episodes.count() == 2


@pytest.mark.parametrize("kind", ["placement_same_carer", "both_same_carer", "both", "ceased"])
def test_every_change_that_moves_the_child_is_blocked(setting, kind) -> None:
    freeze(setting)
    change = CareChange(kind, MONDAY, legal_status="C2", placement="U5", reason_ceased="E11")
    with pytest.raises(ValidationError, match="freeze a placement move is in force"):
        record_care_change(setting["child"], change, setting["sw"])


def test_a_change_of_legal_status_or_a_move_made_before_the_request_is_recorded(
    setting, clock
) -> None:
    child = setting["child"]
    clock.set_to(date(2025, 4, 9))
    informal(setting)
    freeze(setting, escalation=open_at(setting))  # asked on Wednesday 9 April
    record_care_change(child, CareChange("legal_status", MONDAY, legal_status="C1"), setting["sw"])
    earlier = CareChange("placement", date(2025, 4, 8), placement="U4", carer="New carers")
    record_care_change(child, earlier, setting["sw"])  # the day before the request
    assert child.episodes.count() == 3


def test_the_dispute_process_begins_with_the_request_and_the_child_is_told(setting) -> None:
    child = setting["child"]
    with pytest.raises(ValidationError, match=r"open one now.*IRO Handbook 3\.79"):
        services.request_freeze(
            child, move_details="A move", reasons="Unsafe", by=setting["iro"], **TOLD
        )
    informal(setting)
    request = freeze(setting, new_escalation_stage=2)
    escalation = request.escalation
    assert escalation.is_open and escalation.steps.get().stage.number == 2
    assert "residential home" in escalation.issue
    assert request.child_told_on == MONDAY
    with pytest.raises(ValidationError, match="advocacy and their right to complain"):
        services.request_freeze(
            child,
            move_details="Another move",
            reasons="x",
            escalation=escalation,
            by=setting["iro"],
        )
    baby = services.request_freeze(
        child,
        move_details="Another move",
        reasons="x",
        escalation=escalation,
        child_not_told_because="She is 9 months old",
        by=setting["iro"],
    )
    assert baby.child_told_on is None


def test_the_request_form_opens_the_escalation_with_it(client, setting) -> None:
    informal(setting)
    assert client.login(username="iro.one", password=PASSWORD)
    page = reverse("child_escalations", args=[setting["child"].pk])
    fields = {
        "form": "freeze",
        "freeze-move_details": "A move to a home 40 miles away",
        "freeze-reasons": "Would end her Year 11",
        **dated("freeze", "child_told_on", MONDAY),
    }
    missing = client.post(page, fields).content.decode()
    assert "Choose the escalation, or open a new one" in missing
    no_stage = client.post(page, {**fields, "freeze-escalation": "new"}).content.decode()
    assert "Choose the stage to start at" in no_stage
    done = client.post(
        page, {**fields, "freeze-escalation": "new", "freeze-new_escalation_stage": "1"}
    )
    assert done.status_code == 302
    assert setting["child"].freeze_requests.get().escalation.steps.get().stage.number == 1
    # Sent twice (a double click): refused, nothing recorded twice.
    again = client.post(
        page, {**fields, "freeze-escalation": "new", "freeze-new_escalation_stage": "1"}
    )
    assert "already recorded" in again.content.decode()
    assert setting["child"].freeze_requests.count() == 1
    assert setting["child"].escalations.count() == 1


def test_answered_before_lifted_and_the_iros_told_each_time(setting, make_user) -> None:
    request = freeze(setting)
    with pytest.raises(ValidationError, match="Answer the request first"):
        services.lift_freeze(request, by=setting["tm"])
    # The child has a new IRO since the request: both IROs hear of the answer.
    Allocation.objects.filter(child=setting["child"]).update(ended_on=MONDAY)
    Allocation.objects.create(
        child=setting["child"], iro=setting["iro2"], started_on=MONDAY, allocated_by=setting["iro"]
    )
    services.answer_freeze(request, response="agreed", by=setting["tm"])
    for iro in ("iro", "iro2"):
        assert any("answered the freeze request - Agreed" in t for t in alerts(setting[iro]))
    # Answered twice at once (the second from a page loaded before the first): refused.
    with pytest.raises(ValidationError, match="already answered"):
        services.answer_freeze(request, response="refused", by=setting["tm"])
    request.refresh_from_db()
    assert request.response == "agreed"
    services.lift_freeze(request, by=setting["tm"])
    assert any("lifted the freeze" in t for t in alerts(setting["iro2"]))


def test_the_iro_may_withdraw_a_request_and_records_who_answered_for_the_authority(
    setting,
) -> None:
    request = freeze(setting)
    with pytest.raises(ValidationError, match="who in the local authority gave the answer"):
        services.answer_freeze(request, response="refused", by=setting["iro"])
    services.answer_freeze(
        request, response="refused", answered_for="Ava Service-Manager", by=setting["iro"]
    )
    request.refresh_from_db()
    assert (request.answered_for, request.responded_by) == ("Ava Service-Manager", setting["iro"])
    second = freeze(setting, move_details="A different move", escalation=request.escalation)
    services.lift_freeze(second, by=setting["iro"])  # withdrawn before any answer
    second.refresh_from_db()
    assert second.lifted_on == MONDAY and second.response == ""
