"""Being addressed in the dispute resolution process gives a manager the item addressed to them,
while it is open - never the child's record, nor anything else about the child; nothing about a
restricted child reaches staff not named on it; refusals and the Waiting page are audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from carereview.audit.models import Action, AuditEvent
from carereview.escalation import services
from carereview.escalation.admin import LadderStageInline
from carereview.escalation.deadlines import dispute_resolution
from carereview.escalation.models import DisputeLadder, LadderStage, Outcome
from carereview.escalation.queries import alerts_waiting_for, steps_waiting_for
from carereview.staff.access import visible_children
from carereview.staff.models import Role

from .conftest import PASSWORD
from .escalation_setup import MONDAY, informal, make_setting, open_at

pytestmark = pytest.mark.django_db

RECORD_PAGES = ["child_detail", "child_history", "child_people", "child_legal", "child_notes"]
RECORD_PAGES += ["child_events", "child_allocation", "care_change", "contact_new"]


@pytest.fixture
def setting(staff, make_child, make_user, clock):
    return make_setting(staff, make_child, make_user, clock)


def status(client, user, url: str) -> int:
    assert client.login(username=user.username, password=PASSWORD)
    return client.get(url).status_code


def test_a_management_alert_opens_only_itself_and_only_while_open(client, setting) -> None:
    child, senior = setting["child"], setting["senior"]
    item = services.raise_management_alert(
        child, issue="No PEP", complete_by=date(2025, 4, 10), manager=senior, by=setting["iro"]
    )
    assert not visible_children(senior).exists()
    for name in RECORD_PAGES:
        assert status(client, senior, reverse(name, args=[child.pk])) in (403, 404), name
    tab = reverse("child_escalations", args=[child.pk])
    assert status(client, senior, tab) == 200
    response = client.post(
        tab, {"form": f"complete-{item.pk}", f"complete{item.pk}-completed_note": "PEP done"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("escalations_waiting")
    assert status(client, senior, tab) == 404  # completed: nothing open is addressed to them


def test_a_post_holder_reads_an_escalation_only_while_it_is_open_at_their_stage(
    client, setting, make_user
) -> None:
    informal(setting)
    escalation = open_at(setting)
    child, senior = setting["child"], setting["senior"]
    pages = [
        reverse("child_escalations", args=[child.pk]),
        reverse("escalation_detail", args=[escalation.pk]),
    ]
    assert [status(client, senior, p) for p in pages] == [404, 404]  # not yet theirs
    services.escalate(escalation, stage_number=3, entered_on=MONDAY, by=setting["iro"])
    assert [status(client, senior, p) for p in pages] == [200, 200]
    assert list(visible_children(senior)) == []
    home = client.get("/home/", follow=True).content.decode()
    assert "Waiting for your response" in home and child.last_name in home
    services.close_escalation(
        escalation, outcome=Outcome.RESOLVED, details="Done", closed_on=MONDAY, by=setting["iro"]
    )
    assert [status(client, senior, p) for p in pages] == [404, 404]
    # A new holder of the post inherits nothing closed before they took it up.
    successor = make_user("dd.two", Role.SENIOR_MANAGER)
    LadderStage.objects.filter(ladder=setting["ladder"], number=3).update(holder=successor)
    assert [status(client, successor, p) for p in pages] == [404, 404]


def test_a_team_manager_of_another_team_gets_no_casework_powers(client, setting) -> None:
    informal(setting)
    LadderStage.objects.filter(ladder=setting["ladder"], number=2).update(
        holder=setting["tm_south"]
    )
    escalation = open_at(setting, stage=2)
    child, outsider = setting["child"], setting["tm_south"]
    assert child not in visible_children(outsider)
    assert status(client, outsider, reverse("escalation_detail", args=[escalation.pk])) == 200
    for name in RECORD_PAGES:
        assert status(client, outsider, reverse(name, args=[child.pk])) == 404, name
    refused = client.post(
        reverse("child_notes", args=[child.pk]),
        {"written_on-day": "7", "written_on-month": "4", "written_on-year": "2025", "text": "x"},
    )
    assert refused.status_code == 404 and not child.oversight_notes.exists()


def test_the_escalations_tab_shows_such_a_manager_only_their_items(client, setting) -> None:
    child, senior = setting["child"], setting["senior"]
    informal(setting)
    theirs = open_at(setting, issue="THEIRS: no placement stability plan")
    services.escalate(theirs, stage_number=3, entered_on=MONDAY, by=setting["iro"])
    open_at(setting, issue="OTHER: family time not arranged")
    services.raise_management_alert(
        child, issue="OTHER-ALERT: PEP missing", complete_by=date(2025, 4, 10), by=setting["iro"]
    )
    services.consider_cafcass(
        child,
        reasons="OTHER-REFERRAL reasons",
        senior_officer=setting["manager"],
        by=setting["iro"],
    )
    assert status(client, senior, reverse("child_escalations", args=[child.pk])) == 200
    html = client.get(reverse("child_escalations", args=[child.pk])).content.decode()
    assert "THEIRS: no placement stability plan" in html
    assert "only what is addressed to you" in html
    for other in ("OTHER:", "OTHER-ALERT", "OTHER-REFERRAL"):
        assert other not in html, other
    assert "Summary and reviews" not in html and "Escalations" in html  # the one tab
    # The child's own team manager still sees all of it.
    assert status(client, setting["tm"], reverse("child_escalations", args=[child.pk])) == 200
    full = client.get(reverse("child_escalations", args=[child.pk])).content.decode()
    assert "OTHER-ALERT" in full and "Summary and reviews" in full


def test_a_referral_told_of_is_readable_for_three_months_after_it_is_made(
    client, setting, clock
) -> None:
    child, senior = setting["child"], setting["senior"]
    referral = services.consider_cafcass(child, reasons="No family time", by=setting["iro"])
    page = reverse("cafcass_referral", args=[referral.pk])
    assert status(client, senior, page) == 200
    services.record_referral_made(
        referral,
        referred_on=MONDAY,
        iro_report="Steps taken",
        wishes_and_feelings="",
        cafcass_reference="",
        by=setting["iro"],
    )
    clock.set_to(date(2025, 7, 7))
    assert status(client, senior, page) == 200
    clock.set_to(date(2025, 7, 8))
    assert status(client, senior, page) == 404
    assert status(client, senior, reverse("child_escalations", args=[child.pk])) == 404


def test_nothing_about_a_restricted_child_goes_to_staff_not_named_on_it(setting) -> None:
    child, senior = setting["child"], setting["senior"]
    child.restricted = True
    child.save()
    child.restricted_to.add(setting["iro"], setting["sw"], setting["tm"])
    informal(setting)
    escalation = open_at(setting)  # stage 1, to the team manager, who is named
    with pytest.raises(
        ValidationError, match=r"restricted and One Tester, to whom Stage 3.*is not named on it"
    ):
        services.escalate(escalation, stage_number=3, entered_on=MONDAY, by=setting["iro"])
    with pytest.raises(ValidationError, match="restricted"):
        services.raise_management_alert(
            child, issue="No PEP", complete_by=date(2025, 4, 10), manager=senior, by=setting["iro"]
        )
    with pytest.raises(ValidationError, match="restricted"):
        services.consider_cafcass(child, reasons="x", by=setting["iro"])  # the nominated officer
    # Named, they are sent it; taken off the record, it leaves their lists and reminders.
    child.restricted_to.add(senior)
    services.escalate(escalation, stage_number=3, entered_on=MONDAY, by=setting["iro"])
    services.raise_management_alert(
        child, issue="No PEP", complete_by=date(2025, 4, 10), manager=senior, by=setting["iro"]
    )
    assert steps_waiting_for(senior, MONDAY) and alerts_waiting_for(senior)
    child.restricted_to.remove(senior)
    assert steps_waiting_for(senior, MONDAY) == [] and alerts_waiting_for(senior) == []
    assert senior.pk not in {d.recipient_id for d in dispute_resolution(MONDAY)}


def test_the_waiting_page_and_refusals_are_audited(client, setting) -> None:
    child = setting["child"]
    assert status(client, setting["tm"], reverse("escalations_waiting")) == 200
    assert AuditEvent.objects.filter(username="tm.north", action=Action.VIEW).exists()
    assert status(client, setting["support"], reverse("child_escalations", args=[child.pk])) == 403
    assert AuditEvent.objects.filter(
        username="support.one", action=Action.REFUSED, child_id=child.pk
    ).exists()
    assert status(client, setting["iro"], reverse("escalations_waiting")) == 403
    assert AuditEvent.objects.filter(username="iro.one", action=Action.REFUSED).exists()
    # A social worker sees the tab but may not act on it: refused, and the refusal logged.
    assert client.login(username="sw.north", password=PASSWORD)
    refused = client.post(
        reverse("child_escalations", args=[child.pk]),
        {"form": "alert", "alert-issue": "x", **_day("alert-complete_by", date(2025, 4, 9))},
    )
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(
        username="sw.north", action=Action.REFUSED, child_id=child.pk
    ).exists()


def _day(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def test_only_managers_may_hold_a_post_or_be_the_senior_officer(setting) -> None:
    request = RequestFactory().get("/admin/")
    request.user = setting["manager"]
    ladder_admin = admin.site._registry[DisputeLadder]
    officers = ladder_admin.get_form(request)().fields["senior_officer"].queryset
    inline = LadderStageInline(DisputeLadder, admin.site).get_formset(request)
    holders = inline(instance=setting["ladder"]).empty_form.fields["holder"].queryset
    for choices in (officers, holders):
        assert setting["senior"] in choices and setting["tm"] in choices
        assert setting["manager"] in choices
        for other in ("sw", "iro", "support"):
            assert setting[other] not in choices, other
