"""Two people acting at once, a form sent twice, the IRO changing mid-dispute, and odd input: each
handled with a plain message, nothing overwritten, nothing recorded twice, never a traceback."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from carereview.core.forms import GovDateField
from carereview.escalation import services
from carereview.escalation.deadlines import dispute_resolution
from carereview.escalation.models import Escalation, EscalationStep, Outcome
from carereview.staff.models import Allocation

from .conftest import PASSWORD
from .escalation_setup import MONDAY, alerts, dated, informal, make_setting, open_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(staff, make_child, make_user, clock):
    return make_setting(staff, make_child, make_user, clock)


def test_a_second_response_at_the_same_stage_is_refused_not_overwritten(setting) -> None:
    informal(setting)
    escalation = open_at(setting)
    # Both pages loaded before either response was sent.
    managers_page = EscalationStep.objects.get(escalation=escalation)
    iros_page = EscalationStep.objects.get(escalation=escalation)
    services.record_response(
        managers_page, response="Plan by Friday", responded_on=MONDAY, by=setting["tm"]
    )
    with pytest.raises(
        ValidationError, match=r"already recorded, by North Tester.*not been changed"
    ):
        services.record_response(
            iros_page, response="By phone: no", responded_on=MONDAY, by=setting["iro"]
        )
    assert EscalationStep.objects.get(escalation=escalation).response == "Plan by Friday"


def _at_once(*actions: Callable[[], object]) -> list[str]:
    """Run the actions in threads (each with its own database connection), released together;
    what each did: "done", or the message it was refused with."""
    start = threading.Barrier(len(actions))
    results: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            start.wait()
            action()
            results.append("done")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_people_acting_at_the_same_moment_are_handled_one_after_the_other(
    staff, make_child, make_user, clock
) -> None:
    s = make_setting(staff, make_child, make_user, clock)
    informal(s)
    step = open_at(s).steps.get()
    results = _at_once(
        lambda: services.record_response(step, response="A", responded_on=MONDAY, by=s["tm"]),
        lambda: services.record_response(step, response="B", responded_on=MONDAY, by=s["iro"]),
    )
    refused = [r for r in results if r != "done"]
    assert len(results) == 2 and len(refused) == 1 and "already recorded" in refused[0]
    step.refresh_from_db()
    assert step.response == ("A" if step.responded_by == s["tm"] else "B")
    # A double click on "Open the escalation": one escalation.
    results = _at_once(*[lambda: open_at(s, issue="No PEP")] * 2)
    refused = [r for r in results if r != "done"]
    assert len(results) == 2 and len(refused) == 1 and "already recorded" in refused[0]
    assert s["child"].escalations.filter(issue="No PEP").count() == 1


def test_acting_on_an_escalation_closed_meanwhile_is_refused(setting) -> None:
    informal(setting)
    escalation = open_at(setting)
    stale = Escalation.objects.get(pk=escalation.pk)
    services.close_escalation(
        escalation, outcome=Outcome.RESOLVED, details="Done", closed_on=MONDAY, by=setting["iro"]
    )
    with pytest.raises(ValidationError, match="The escalation is closed"):
        services.escalate(stale, stage_number=3, entered_on=MONDAY, by=setting["iro"])
    with pytest.raises(ValidationError, match="The escalation is closed"):
        services.close_escalation(
            stale, outcome=Outcome.WITHDRAWN, details="x", closed_on=MONDAY, by=setting["iro"]
        )
    escalation.refresh_from_db()
    assert escalation.outcome == Outcome.RESOLVED and escalation.steps.count() == 1


def test_the_same_thing_sent_twice_the_same_day_is_recorded_once(setting) -> None:
    child, iro = setting["child"], setting["iro"]
    informal(setting)
    with pytest.raises(ValidationError, match="already recorded"):
        informal(setting)
    open_at(setting)
    with pytest.raises(ValidationError, match="already recorded"):
        open_at(setting)
    services.raise_management_alert(child, issue="No PEP", complete_by=MONDAY, by=iro)
    with pytest.raises(ValidationError, match="already recorded"):
        services.raise_management_alert(child, issue="No PEP", complete_by=MONDAY, by=iro)
    services.consider_cafcass(child, reasons="No family time", by=iro)
    with pytest.raises(ValidationError, match="already recorded"):
        services.consider_cafcass(child, reasons="No family time", by=iro)
    counts = [
        child.informal_resolutions.count(),
        child.escalations.count(),
        child.management_alerts.count(),
        child.cafcass_referrals.count(),
    ]
    assert counts == [1, 1, 1, 1]
    # Another issue the same day is new work.
    open_at(setting, issue="No life story work")
    assert child.escalations.count() == 2


def test_alerts_and_reminders_go_to_the_childs_iro_today(setting) -> None:
    child = setting["child"]
    attempt = informal(setting)
    # An IRO manager opens it for the child's IRO, who then hands the child on to iro.two.
    escalation = open_at(setting, by=setting["manager"])
    services.record_response(
        escalation.steps.get(), response="Agreed", responded_on=MONDAY, by=setting["tm"]
    )
    assert any("responded at Stage 1" in t for t in alerts(setting["iro"]))
    assert not any("responded at Stage 1" in t for t in alerts(setting["manager"]))
    Allocation.objects.filter(child=child).update(ended_on=MONDAY)
    Allocation.objects.create(
        child=child, iro=setting["iro2"], started_on=MONDAY, allocated_by=setting["manager"]
    )
    second = services.escalate(escalation, stage_number=2, entered_on=MONDAY, by=setting["iro2"])
    found = {d.key.rsplit(":", 1)[0]: d for d in dispute_resolution(MONDAY)}
    assert found[f"escalation:{escalation.pk}"].recipient_id == setting["iro2"].pk
    # Nobody on the system holds stage 2: the IRO today is reminded to chase it.
    assert found[f"escalation-stage:{second.pk}"].recipient_id == setting["iro2"].pk
    services.record_response(second, response="No", responded_on=MONDAY, by=setting["iro2"])
    later = informal(setting, issue="Contact with her brother", by=setting["iro2"])
    assert attempt.iro == setting["iro"]
    found = {d.key.rsplit(":", 1)[0]: d for d in dispute_resolution(MONDAY)}
    assert found[f"informal:{later.pk}"].recipient_id == setting["iro2"].pk
    item = services.raise_management_alert(
        child, issue="No PEP", complete_by=MONDAY, by=setting["manager"]
    )
    services.complete_management_alert(item, note="Done", by=setting["tm"])
    assert any("completed the management alert" in t for t in alerts(setting["iro2"]))


def test_an_odd_item_number_is_not_found_rather_than_an_error(client, setting) -> None:
    assert client.login(username="tm.north", password=PASSWORD)
    page = reverse("child_escalations", args=[setting["child"].pk])
    response = client.post(page, {"form": "answer-²", "answer²-response": "agreed"})
    assert response.status_code == 404
    assert client.post(page, {"form": "lift-²"}).status_code == 404


def test_a_date_with_a_year_out_of_range_is_refused_plainly(client, setting) -> None:
    field = GovDateField(label="Date of the conversation")
    with pytest.raises(ValidationError, match="year between 1900 and 2100"):
        field.clean(["7", "4", "1899"])
    with pytest.raises(ValidationError, match="year between 1900 and 2100"):
        field.clean(["7", "4", "2101"])
    assert field.clean(["1", "1", "1900"]) == date(1900, 1, 1)
    assert client.login(username="iro.one", password=PASSWORD)
    response = client.post(
        reverse("child_escalations", args=[setting["child"].pk]),
        {
            "form": "informal",
            "informal-raised_with": "Sam North",
            **dated("informal", "discussed_on", date(1025, 4, 7)),
            "informal-issue": "No PEP",
            "informal-agreed_actions": "PEP by Friday",
        },
    )
    assert "year between 1900 and 2100" in response.content.decode()
    assert not setting["child"].informal_resolutions.exists()


def test_email_lines_for_dispute_deadlines_carry_no_names_or_typed_text(setting) -> None:
    """The kind of work only: the reminder email puts the child's reference before it."""
    informal(setting)
    open_at(setting)
    services.raise_management_alert(
        setting["child"],
        issue="Health assessment paperwork missing",
        complete_by=date(2025, 4, 14),
        by=setting["iro"],
    )
    lines = list(dispute_resolution(MONDAY))
    assert lines
    for deadline in lines:
        assert deadline.email_what
        assert setting["child"].last_name not in deadline.email_what
        assert "paperwork" not in deadline.email_what
