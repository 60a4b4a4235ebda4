"""Least privilege: each role sees what its work needs and is refused everything else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carereview.audit.models import Action, AuditEvent
from carereview.staff.access import visible_children

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_signed_out_visitors_are_sent_to_sign_in_and_back_to_their_page(client) -> None:
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/children/"


def test_each_role_sees_only_the_children_its_work_needs(staff, make_child) -> None:
    mine = make_child(staff["sw"], iro=staff["iro"])
    theirs = make_child(staff["sw_south"], iro=staff["iro2"])
    assert list(visible_children(staff["sw"])) == [mine]
    assert list(visible_children(staff["tm"])) == [mine]
    assert list(visible_children(staff["tm_south"])) == [theirs]
    assert list(visible_children(staff["iro"])) == [mine]
    assert set(visible_children(staff["manager"])) == {mine, theirs}
    assert set(visible_children(staff["support"])) == {mine, theirs}


def test_a_restricted_record_opens_only_for_the_staff_named_on_it(staff, make_child) -> None:
    child = make_child(staff["sw"], iro=staff["iro"], restricted=True)
    assert not visible_children(staff["manager"]).exists()
    assert not visible_children(staff["sw"]).exists()
    child.restricted_to.add(staff["sw"])
    assert list(visible_children(staff["sw"])) == [child]
    assert not visible_children(staff["iro"]).exists()


PAGES = {
    "service": lambda c: reverse("service"),
    "my_work": lambda c: reverse("my_work"),
    "child_new": lambda c: reverse("child_new"),
    "child_detail": lambda c: reverse("child_detail", args=[c.pk]),
    "child_allocation": lambda c: reverse("child_allocation", args=[c.pk]),
    "review_schedule": lambda c: reverse("review_schedule", args=[c.pk]),
    "review_held": lambda c: reverse("review_held", args=[c.pk]),
    "care_change": lambda c: reverse("care_change", args=[c.pk]),
    "contact_new": lambda c: reverse("contact_new", args=[c.pk]),
    "child_notes": lambda c: reverse("child_notes", args=[c.pk]),
    "child_details": lambda c: reverse("child_details", args=[c.pk]),
    "child_legal": lambda c: reverse("child_legal", args=[c.pk]),
    "child_events": lambda c: reverse("child_events", args=[c.pk]),
    "child_escalations": lambda c: reverse("child_escalations", args=[c.pk]),
    "escalations_waiting": lambda c: reverse("escalations_waiting"),
    "admin": lambda c: "/admin/",
}

# Pages each role may open, for a child of the north team allocated to iro.one.
ALLOWED = {
    "manager": {
        "child_escalations",
        "child_events",
        "child_details",
        "child_legal",
        "service",
        "child_new",
        "child_detail",
        "child_allocation",
        "review_schedule",
        "review_held",
        "care_change",
        "contact_new",
        "child_notes",
    },
    "iro": {
        "child_escalations",
        "child_events",
        "child_legal",
        "my_work",
        "child_detail",
        "child_allocation",
        "review_schedule",
        "review_held",
        "contact_new",
        "child_notes",
    },
    "iro2": {"my_work"},
    "sw": {
        "child_escalations",
        "child_events",
        "child_details",
        "child_legal",
        "child_new",
        "child_detail",
        "child_allocation",
        "care_change",
        "contact_new",
        "child_notes",
    },
    "sw_south": {"child_new"},
    "tm": {
        "child_escalations",
        "escalations_waiting",
        "child_events",
        "child_details",
        "child_legal",
        "child_new",
        "child_detail",
        "child_allocation",
        "care_change",
        "contact_new",
        "child_notes",
    },
    "tm_south": {"child_new", "escalations_waiting"},
    "support": {"child_legal", "child_detail", "child_allocation", "contact_new"},
    # A post on the dispute resolution ladder: what is addressed to them, never a record.
    "senior": {"escalations_waiting"},
}


def _person(staff, make_user, role: str):
    if role == "senior":
        from carereview.staff.models import Role

        return make_user("dd.one", Role.SENIOR_MANAGER)
    return staff[role]


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_every_role_is_refused_every_page_it_should_not_see(
    client, staff, make_child, make_user, role
):
    child = make_child(staff["sw"], iro=staff["iro"])
    signed_in(client, _person(staff, make_user, role))
    for name, path in PAGES.items():
        status = client.get(path(child)).status_code
        if name in ALLOWED[role]:
            assert status == 200, f"{role} should open {name}"
        else:
            assert status in (302, 403, 404), f"{role} must not open {name} (got {status})"
            if name == "admin":
                assert status == 302  # to the admin's own sign-in, staff status is not given


def test_only_iro_managers_can_allocate(client, staff, make_child) -> None:
    child = make_child(staff["sw"])
    for role in ("sw", "tm", "support"):
        signed_in(client, staff[role])
        response = client.post(
            reverse("child_allocation", args=[child.pk]), {"iro": staff["iro"].pk}
        )
        assert response.status_code == 403
    assert not child.allocations.exists()


def test_business_support_never_sees_case_notes() -> None:
    from carereview.staff.access import can_read_case_notes
    from carereview.staff.models import Role, User

    assert not can_read_case_notes(User(role=Role.BUSINESS_SUPPORT))
    assert can_read_case_notes(User(role=Role.IRO))


def test_opening_a_record_and_being_refused_are_both_audited(client, staff, make_child) -> None:
    child = make_child(staff["sw"], iro=staff["iro"])
    signed_in(client, staff["sw"])
    client.get(reverse("child_detail", args=[child.pk]))
    signed_in(client, staff["sw_south"])
    assert client.get(reverse("child_detail", args=[child.pk])).status_code == 404
    events = list(AuditEvent.objects.filter(child_id=child.pk).order_by("pk"))
    assert [(e.username, e.action) for e in events] == [
        ("sw.north", Action.VIEW),
        ("sw.south", Action.REFUSED),
    ]


REVIEW_PAGES = [
    "",
    "invitations/",
    "record/",
    "decisions/",
    "response/",
    "monitoring/",
    "distribution/",
    "meetings/",
]
REVIEW_ALLOWED = {
    "manager": {
        "",
        "invitations/",
        "record/",
        "decisions/",
        "monitoring/",
        "distribution/",
        "meetings/",
    },
    "iro": {
        "",
        "invitations/",
        "record/",
        "decisions/",
        "monitoring/",
        "distribution/",
        "meetings/",
    },
    "iro2": set(),
    "sw": {"", "invitations/"},
    "sw_south": set(),
    "tm": {"", "response/"},
    "tm_south": set(),
    "support": {"", "invitations/", "distribution/"},
    "senior": set(),
}


@pytest.mark.parametrize("role", sorted(REVIEW_ALLOWED))
def test_every_role_is_refused_the_review_pages_it_should_not_see(
    client, staff, make_child, make_user, role
) -> None:
    from datetime import date

    from carereview.reviews import cycle
    from carereview.reviews.models import Review

    child = make_child(staff["sw"], iro=staff["iro"])
    review = Review.objects.create(child=child, held_on=date(2024, 1, 30))
    cycle.add_decision(review, "A decision", "Carer", date(2024, 3, 1), "", staff["iro"])
    cycle.circulate_decisions(review, staff["iro"])
    signed_in(client, _person(staff, make_user, role))
    for page in REVIEW_PAGES:
        status = client.get(f"/reviews/{review.pk}/{page}").status_code
        if page in REVIEW_ALLOWED[role]:
            assert status == 200, f"{role} should open review page '{page}'"
        else:
            assert status in (403, 404), f"{role} must not open review page '{page}' ({status})"


def test_a_senior_manager_sent_a_management_alert_still_sees_no_record(
    client, staff, make_child, make_user, clock
) -> None:
    from datetime import date

    from carereview.escalation import services
    from carereview.reviews.models import Review
    from carereview.staff.models import Role

    clock.set_to(date(2025, 4, 7))
    senior = make_user("dd.one", Role.SENIOR_MANAGER)
    child = make_child(staff["sw"], iro=staff["iro"])
    review = Review.objects.create(child=child, held_on=date(2025, 1, 30))
    services.raise_management_alert(
        child, issue="No PEP", complete_by=date(2025, 4, 10), manager=senior, by=staff["iro"]
    )
    assert not visible_children(senior).exists()
    signed_in(client, senior)
    allowed = {"child_escalations", "escalations_waiting"}  # the alert, on the escalation pages
    for name, path in PAGES.items():
        status = client.get(path(child)).status_code
        if name in allowed:
            assert status == 200, f"a senior manager should open {name}"
        elif name not in ("service", "my_work", "child_new", "admin"):
            # 404 where the page looks the child up; 403 where the role is refused first.
            assert status in (403, 404), f"a senior manager must not open {name} ({status})"
    for name in ("child_detail", "child_legal", "child_allocation"):
        assert client.get(PAGES[name](child)).status_code == 404, name
    for page in REVIEW_PAGES:
        assert client.get(f"/reviews/{review.pk}/{page}").status_code in (403, 404), page
    for page in ("", "response/"):
        assert client.get(f"/reviews/{review.pk}/{page}").status_code == 404, page
