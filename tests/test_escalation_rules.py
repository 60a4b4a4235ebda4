"""The rules of the formal process: it follows a recent informal attempt that did not resolve the
issue (H 6.1); seed 000's informal first step is that attempt; a stage entered late still gets
its own time to respond; closing dates follow the record; Cafcass considered while the process
runs says why it is cut short (H 8.12), and an escalation closed as referred has its referral."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from carereview.authority.services import working_calendar
from carereview.escalation import services
from carereview.escalation.ladders import bring_up_to_date
from carereview.escalation.models import (
    DisputeLadder,
    EscalationStep,
    LadderStage,
    Outcome,
)

from .conftest import PASSWORD
from .escalation_setup import MONDAY, informal, make_setting, open_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(staff, make_child, make_user, clock):
    return make_setting(staff, make_child, make_user, clock)


def test_only_a_recent_attempt_that_did_not_resolve_the_issue_opens_the_formal_process(
    setting, make_child
) -> None:
    old = informal(setting, on=date(2024, 9, 2), issue="An old issue")
    with pytest.raises(ValidationError, match="more than 6 months old"):
        open_at(setting, informal=old)
    resolved = informal(setting, issue="Resolved at once")
    services.record_informal_outcome(
        resolved, outcome="Plan updated", resolved=True, by=setting["iro"]
    )
    with pytest.raises(ValidationError, match="resolved the issue"):
        open_at(setting, informal=resolved)
    with pytest.raises(ValidationError, match=r"informal attempt.*IRO Handbook 6\.1"):
        open_at(setting)  # neither counts: nothing to choose by default
    other_child = make_child(setting["sw"], iro=setting["iro"])
    elsewhere = informal(setting, child=other_child)
    with pytest.raises(ValidationError, match="for this child"):
        open_at(setting, informal=elsewhere)
    attempt = informal(setting, issue="Still no care plan")
    services.record_informal_outcome(
        attempt, outcome="Nothing happened", resolved=False, by=setting["iro"]
    )
    assert open_at(setting).informal == attempt  # the latest that did not resolve it


def test_the_form_offers_only_the_attempts_that_count(client, setting) -> None:
    informal(setting, on=date(2024, 9, 2), issue="OLD-ATTEMPT")
    recent = informal(setting, issue="RECENT-ATTEMPT")
    assert client.login(username="iro.one", password=PASSWORD)
    html = client.get(reverse("child_escalations", args=[setting["child"].pk])).content.decode()
    form = html[html.index('name="escalation-informal"') :]
    form = form[: form.index("</select>")]
    assert f'value="{recent.pk}" selected' in form and "RECENT-ATTEMPT" in form
    assert "OLD-ATTEMPT" not in form


def test_seed_000s_informal_step_is_the_informal_attempt_and_the_clock_starts_at_stage_2(
    client, setting
) -> None:
    three = DisputeLadder.objects.get(key="three-stage")
    three.active = True
    three.save()
    attempt = informal(setting)
    escalation = open_at(setting, stage=2)
    assert escalation.deadline == date(2025, 5, 8)  # 20 working days from the formal process
    assert escalation.steps.get().sent_to == setting["tm"]  # the relevant CSC manager
    with pytest.raises(ValidationError, match="no stage 1"):
        open_at(setting, stage=1, issue="Another")
    assert client.login(username="iro.one", password=PASSWORD)
    page = client.get(reverse("escalation_detail", args=[escalation.pk])).content.decode()
    assert "Stage 1: Informal resolution with the relevant manager" in page
    assert f"The informal attempt with {attempt.raised_with}" in page


def test_the_migration_brings_an_installed_three_stage_ladder_up_to_date(setting) -> None:
    three = DisputeLadder.objects.get(key="three-stage")
    three.informal_stage_title = ""
    three.save()
    LadderStage.objects.create(
        ladder=three, number=1, title="Informal resolution", escalate_to="The relevant manager"
    )
    LadderStage.objects.filter(ladder__key="five-stage", number=1).update(to_team_manager=False)
    migration = importlib.import_module("carereview.escalation.migrations.0004_ladders_up_to_date")
    migration.forwards(apps, None)
    three.refresh_from_db()
    assert [s.number for s in three.stages.all()] == [2, 3]
    assert three.informal_stage_title == "Informal resolution with the relevant manager"
    assert three.stages.get(number=2).to_team_manager
    assert LadderStage.objects.get(ladder__key="five-stage", number=1).to_team_manager
    bring_up_to_date(DisputeLadder, LadderStage, EscalationStep)  # twice changes nothing
    assert [s.number for s in three.stages.all()] == [2, 3]


def test_a_stage_entered_after_the_overall_deadline_gets_its_own_working_days(
    setting, clock
) -> None:
    informal(setting)
    escalation = open_at(setting)  # Monday 7 April: resolve by Thursday 8 May
    clock.set_to(date(2025, 5, 9))
    step = services.escalate(
        escalation, stage_number=2, entered_on=date(2025, 5, 9), by=setting["iro"]
    )
    assert step.respond_by == date(2025, 5, 16)  # never before the stage was entered
    status = services.status_of(escalation, date(2025, 5, 9), working_calendar())
    assert status.overdue and status.summary() == "1 working day overdue"


def test_an_escalation_cannot_close_before_its_last_stage_or_response(setting, clock) -> None:
    informal(setting)
    escalation = open_at(setting)
    clock.set_to(date(2025, 4, 16))
    services.record_response(
        escalation.steps.get(), response="Agreed", responded_on=date(2025, 4, 10), by=setting["tm"]
    )
    services.escalate(escalation, stage_number=2, entered_on=date(2025, 4, 15), by=setting["iro"])
    for day in (date(2025, 4, 9), date(2025, 4, 14)):
        with pytest.raises(ValidationError, match="on or after 15 April 2025"):
            services.close_escalation(
                escalation, outcome=Outcome.RESOLVED, details="x", closed_on=day, by=setting["iro"]
            )
    services.close_escalation(
        escalation,
        outcome=Outcome.RESOLVED,
        details="Done",
        closed_on=date(2025, 4, 15),
        by=setting["iro"],
    )


def test_cafcass_considered_while_the_escalation_runs_says_why_it_is_cut_short(setting) -> None:
    informal(setting)
    escalation = open_at(setting)
    with pytest.raises(ValidationError, match=r"still open.*IRO Handbook 8\.11-8\.12"):
        services.consider_cafcass(
            setting["child"],
            reasons="A move within weeks",
            escalation=escalation,
            by=setting["iro"],
        )
    with pytest.raises(ValidationError, match="No referral to Cafcass is recorded"):
        services.close_escalation(
            escalation,
            outcome=Outcome.CAFCASS,
            details="Not resolved",
            closed_on=MONDAY,
            by=setting["iro"],
        )
    services.consider_cafcass(
        setting["child"],
        reasons="A move within weeks",
        escalation=escalation,
        curtailed_because="The move is in three weeks",
        by=setting["iro"],
    )
    services.close_escalation(
        escalation, outcome=Outcome.CAFCASS, details="Referred", closed_on=MONDAY, by=setting["iro"]
    )
    escalation.refresh_from_db()
    assert escalation.outcome == Outcome.CAFCASS
