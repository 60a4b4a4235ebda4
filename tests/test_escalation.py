"""The dispute resolution process: informal first, the ladder and its clock, responses, closing,
management alerts, freezing a move, Cafcass, reminders, and who may do what (IRO Handbook
chapter 6, 3.79, 8.9-8.16; seeds 000 and 001 section 15)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from carereview.authority.services import working_calendar
from carereview.escalation import services
from carereview.escalation.deadlines import dispute_resolution
from carereview.escalation.models import DisputeLadder, Outcome
from carereview.escalation.queries import open_escalations, steps_waiting_for
from carereview.notifications.deadlines import SOURCES

from .conftest import PASSWORD
from .escalation_setup import MONDAY, alerts, dated, informal, make_setting, open_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(staff, make_child, make_user, clock):
    return make_setting(staff, make_child, make_user, clock)


def test_the_shipped_ladders_are_in_the_database_one_in_force(setting) -> None:
    ladders = {ladder.key: ladder for ladder in DisputeLadder.objects.all()}
    assert set(ladders) == {"five-stage", "three-stage"}
    assert ladders["five-stage"].active and ladders["five-stage"].stages.count() == 5
    # Seed 000's stage 1 is the informal attempt itself; the formal stages are 2 and 3.
    three = ladders["three-stage"]
    assert three.informal_stage_title == "Informal resolution with the relevant manager"
    assert [s.number for s in three.stages.all()] == [2, 3]
    ladders["three-stage"].active = True
    ladders["three-stage"].save()
    assert list(DisputeLadder.objects.filter(active=True)) == [ladders["three-stage"]]


def test_the_formal_process_is_refused_without_an_informal_attempt_first(setting) -> None:
    with pytest.raises(ValidationError, match=r"informal attempt.*IRO Handbook 6\.1"):
        open_at(setting)
    informal(setting)
    escalation = open_at(setting)
    assert escalation.deadline == date(2025, 5, 8)  # 20 working days, Easter and May Day skipped
    (step,) = escalation.steps.all()
    assert step.respond_by == date(2025, 4, 14)  # 5 working days
    # Stage 1 goes to the social worker's team manager; the social worker is told too.
    assert step.sent_to == setting["tm"]
    assert any("please respond" in text for text in alerts(setting["tm"]))
    assert any("for your information" in text for text in alerts(setting["sw"]))


def test_the_iro_may_skip_stages_but_never_go_down(setting) -> None:
    informal(setting)
    escalation = open_at(setting)
    step = services.escalate(escalation, stage_number=3, entered_on=MONDAY, by=setting["iro"])
    assert step.stage.number == 3 and step.sent_to == setting["senior"]
    assert any("please respond" in text for text in alerts(setting["senior"]))
    assert not any("please respond" in text for text in alerts(setting["tm"]))  # moved on
    with pytest.raises(ValidationError, match="only goes up the ladder"):
        services.escalate(escalation, stage_number=2, entered_on=MONDAY, by=setting["iro"])
    with pytest.raises(ValidationError, match="already at stage 3"):
        services.escalate(escalation, stage_number=3, entered_on=MONDAY, by=setting["iro"])
    # Straight in at stage 2 is allowed too.
    assert open_at(setting, stage=2, issue="No PEP").steps.get().stage.number == 2


def test_the_clock_shows_the_response_overdue_in_working_days(setting, clock) -> None:
    informal(setting)
    escalation = open_at(setting)
    (row,) = open_escalations(setting["iro"], MONDAY)
    assert row.status.summary() == "20 working days left"
    clock.set_to(date(2025, 4, 22))  # a week after the 14 April respond-by, Easter between
    (row,) = open_escalations(setting["iro"], date(2025, 4, 22))
    assert row.status.response_overdue_working_days == 4
    assert row.status.summary() == "Response 4 working days overdue"
    (waiting,) = steps_waiting_for(setting["tm"], date(2025, 4, 22))
    assert waiting.escalation == escalation
    assert steps_waiting_for(setting["tm_south"], date(2025, 4, 22)) == []
    (manager_row,) = open_escalations(setting["manager"], date(2025, 4, 22))
    assert manager_row.escalation == escalation


def test_responses_come_from_the_manager_addressed_or_the_iro_on_their_behalf(setting) -> None:
    informal(setting)
    escalation = open_at(setting)
    step = escalation.steps.get()
    for outsider in ("tm_south", "sw", "support", "senior", "iro2"):
        with pytest.raises(PermissionDenied):
            services.record_response(
                step, response="Agreed", responded_on=MONDAY, by=setting[outsider]
            )
    services.record_response(
        step, response="Care plan updated by Friday", responded_on=MONDAY, by=setting["tm"]
    )
    assert any("responded at Stage 1" in text for text in alerts(setting["iro"]))
    with pytest.raises(ValidationError, match="already recorded"):
        services.record_response(step, response="Again", responded_on=MONDAY, by=setting["tm"])
    # At stage 3 the holder of the post answers; the team manager no longer may.
    third = services.escalate(escalation, stage_number=3, entered_on=MONDAY, by=setting["iro"])
    with pytest.raises(PermissionDenied):
        services.record_response(third, response="No", responded_on=MONDAY, by=setting["tm"])
    services.record_response(
        third, response="Resources agreed", responded_on=MONDAY, by=setting["senior"]
    )
    # The IRO records a response given by telephone at a new escalation's first stage.
    other = open_at(setting, issue="No life story work")
    services.record_response(
        other.steps.get(), response="By phone: agreed", responded_on=MONDAY, by=setting["iro"]
    )
    assert other.steps.get().responded_by == setting["iro"]


def test_closing_records_the_outcome_and_ends_the_clock(setting, clock) -> None:
    informal(setting)
    escalation = open_at(setting)
    with pytest.raises(ValidationError):
        services.close_escalation(
            escalation, outcome="", details="x", closed_on=MONDAY, by=setting["iro"]
        )
    with pytest.raises(ValidationError, match="before it opened"):
        services.close_escalation(
            escalation,
            outcome=Outcome.RESOLVED,
            details="x",
            closed_on=date(2025, 4, 1),
            by=setting["iro"],
        )
    clock.set_to(date(2025, 4, 10))
    services.close_escalation(
        escalation,
        outcome=Outcome.RESOLVED,
        details="The care plan was updated",
        closed_on=date(2025, 4, 10),
        by=setting["iro"],
    )
    escalation.refresh_from_db()
    status = services.status_of(escalation, date(2025, 6, 1), working_calendar())
    assert status.closed and status.summary() == "Closed in time"
    assert not any("please respond" in text for text in alerts(setting["tm"]))
    assert open_escalations(setting["iro"], date(2025, 4, 10)) == []
    with pytest.raises(ValidationError, match="closed"):
        services.escalate(escalation, stage_number=2, entered_on=MONDAY, by=setting["iro"])


def test_who_may_run_an_escalation(setting) -> None:
    for role in ("sw", "tm", "support", "iro2", "senior"):
        with pytest.raises(PermissionDenied):
            services.record_informal(
                setting["child"],
                raised_with="x",
                discussed_on=MONDAY,
                issue="x",
                agreed_actions="x",
                resolve_by=None,
                by=setting[role],
            )
    informal(setting)
    # An IRO manager runs escalations for any child.
    escalation = services.open_escalation(
        setting["child"],
        category="strategic",
        issue="No placements for sibling groups",
        expected_outcome="A plan for sibling placements",
        stage_number=4,
        opened_on=MONDAY,
        by=setting["manager"],
    )
    assert escalation.steps.get().sent_to is None  # no holder named: the post's title is kept
    assert escalation.steps.get().sent_to_name == "The director"


def test_the_pages_record_each_step_through_their_forms(client, setting) -> None:
    child = setting["child"]
    assert client.login(username="iro.one", password=PASSWORD)
    page = reverse("child_escalations", args=[child.pk])
    html = client.get(page).content.decode()
    assert "Record the informal attempt to resolve the issue first" in html

    response = client.post(
        page,
        {
            "form": "informal",
            "informal-raised_with": "Sam North",
            **dated("informal", "discussed_on", MONDAY),
            "informal-issue": "No PEP",
            "informal-agreed_actions": "PEP by Friday",
        },
        follow=True,
    )
    assert "The informal attempt is recorded" in response.content.decode()
    attempt = child.informal_resolutions.get()
    # The escalation form offers the attempt that did not resolve the issue, chosen already.
    html = client.get(page).content.decode()
    assert f'<option value="{attempt.pk}" selected>' in html
    response = client.post(
        page,
        {
            "form": "escalation",
            "escalation-informal": str(attempt.pk),
            "escalation-category": "practice",
            "escalation-issue": "Still no PEP",
            "escalation-expected_outcome": "A PEP",
            "escalation-stage": "9",
            **dated("escalation", "opened_on", MONDAY),
        },
    )
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        page,
        {
            "form": "escalation",
            "escalation-informal": str(attempt.pk),
            "escalation-category": "practice",
            "escalation-issue": "Still no PEP",
            "escalation-expected_outcome": "A PEP",
            "escalation-stage": "1",
            **dated("escalation", "opened_on", MONDAY),
        },
        follow=True,
    )
    assert "it must be resolved by 8 May 2025" in response.content.decode()
    escalation = child.escalations.get()
    detail = reverse("escalation_detail", args=[escalation.pk])
    response = client.post(
        detail,
        {"form": "escalate", "escalate-stage": "1", **dated("escalate", "entered_on", MONDAY)},
    )
    assert "Select a valid choice" in response.content.decode()  # only higher stages offered
    response = client.post(
        detail,
        {"form": "escalate", "escalate-stage": "3", **dated("escalate", "entered_on", MONDAY)},
        follow=True,
    )
    assert "Escalated to Stage 3: Deputy director" in response.content.decode()
    response = client.post(
        detail,
        {
            "form": "close",
            "close-outcome": "withdrawn",
            "close-outcome_details": "Resolved another way",
            **dated("close", "closed_on", MONDAY),
        },
        follow=True,
    )
    assert "The escalation is closed." in response.content.decode()


def test_considering_cafcass_tells_the_nominated_senior_officer_at_once(setting) -> None:
    informal(setting)
    escalation = open_at(setting)
    referral = services.consider_cafcass(
        setting["child"],
        reasons="The plan to move her within weeks breaches her right to family life",
        escalation=escalation,
        curtailed_because="The move is planned within three weeks",
        by=setting["iro"],
    )
    assert referral.senior_officer == setting["senior"]
    (text,) = alerts(setting["senior"])
    assert "considering a referral to Cafcass" in text and "cutting" in text
    with pytest.raises(ValidationError, match=r"IRO Handbook 8\.15"):
        services.record_referral_made(
            referral,
            referred_on=MONDAY,
            iro_report="",
            wishes_and_feelings="",
            cafcass_reference="",
            by=setting["iro"],
        )
    services.record_referral_made(
        referral,
        referred_on=MONDAY,
        iro_report="Escalated to stage 3; no change to the plan",
        wishes_and_feelings="She wants to stay",
        cafcass_reference="CL-0001",
        by=setting["iro"],
    )
    referral.refresh_from_db()
    assert referral.referred_on == MONDAY
    # With nobody nominated, the IRO must choose who to tell.
    setting["ladder"].senior_officer = None
    setting["ladder"].save()
    with pytest.raises(ValidationError, match="choose who to tell"):
        services.consider_cafcass(setting["child"], reasons="x", by=setting["iro"])


def test_a_management_alert_goes_to_the_team_manager_and_is_completed(setting) -> None:
    item = services.raise_management_alert(
        setting["child"],
        issue="The PEP is missing before the review",
        complete_by=date(2025, 4, 11),
        by=setting["iro"],
    )
    assert item.manager == setting["tm"]
    assert any("management alert" in text for text in alerts(setting["tm"]))
    with pytest.raises(PermissionDenied):
        services.complete_management_alert(item, note="Done", by=setting["tm_south"])
    services.complete_management_alert(item, note="PEP uploaded", by=setting["tm"])
    assert any("completed the management alert" in text for text in alerts(setting["iro"]))


def test_deadlines_reach_the_people_responsible(setting) -> None:
    assert dispute_resolution in SOURCES
    attempt = informal(setting)
    found = {d.key: d for d in dispute_resolution(MONDAY)}
    assert found[f"informal:{attempt.pk}:{setting['iro'].pk}"].recipient_id == setting["iro"].pk
    escalation = open_at(setting)
    step = escalation.steps.get()
    item = services.raise_management_alert(
        setting["child"], issue="No PEP", complete_by=date(2025, 4, 11), by=setting["iro"]
    )
    found = {d.key: d for d in dispute_resolution(MONDAY)}
    assert not any(k.startswith("informal:") for k in found)  # taken into the formal process
    stage = found[f"escalation-stage:{step.pk}:{setting['tm'].pk}"]
    assert (stage.recipient_id, stage.due) == (setting["tm"].pk, date(2025, 4, 14))
    overall = found[f"escalation:{escalation.pk}:{setting['iro'].pk}"]
    assert (overall.recipient_id, overall.due) == (setting["iro"].pk, date(2025, 5, 8))
    assert found[f"management-alert:{item.pk}:{setting['tm'].pk}"].due == date(2025, 4, 11)
    # A stage with nobody on the system to answer: the IRO is reminded to chase it.
    second = services.escalate(escalation, stage_number=2, entered_on=MONDAY, by=setting["iro"])
    chase = {d.key: d for d in dispute_resolution(MONDAY)}[
        f"escalation-stage:{second.pk}:{setting['iro'].pk}"
    ]
    assert chase.what.startswith("Chase the response from The area service manager")
    services.record_response(second, response="Agreed", responded_on=MONDAY, by=setting["iro"])
    keys = {d.key for d in dispute_resolution(MONDAY)}
    assert not any(key.startswith("escalation-stage:") for key in keys)
    assert f"escalation:{escalation.pk}:{setting['iro'].pk}" in keys
