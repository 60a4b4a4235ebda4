"""The reminder run with the service's own deadline sources: what its emails may say (no child's
name, nothing anyone typed), each deadline's own link, and one load of the children for both
sources."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carereview.monitoring import services as monitoring
from carereview.monitoring.deadlines import between_reviews
from carereview.notifications import deadlines as registry
from carereview.notifications import reminders
from carereview.notifications.deadlines import Deadline
from carereview.notifications.models import Alert, EmailChoice, Message
from carereview.notifications.services import set_email_preference
from carereview.reviews import cycle, services
from carereview.reviews.deadlines import review_cycle
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
SITE = "https://carereview.example.gov.uk"
START = date(2024, 1, 8)

#: The child's names and everything typed about them below: none may leave in an email.
PRIVATE = [
    "Robin",
    "Ashdown",
    "dental",
    "Blythe",
    "Morag",
    "overnight",
    "Jamie",
    "Fells",
    "Westfield",
    "Missing from",
    "unplanned move",
]


@pytest.fixture(autouse=True)
def site(settings):
    settings.CAREREVIEW_SITE_URL = SITE


@pytest.fixture
def child(staff, make_child):
    for name in ("iro", "sw", "tm", "manager"):
        staff[name].email = f"{name}@council.example"
        staff[name].save(update_fields=["email"])
    return make_child(
        staff["sw"], start=START, iro=staff["iro"], first_name="Robin", last_name="Ashdown"
    )


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=hour)))


def working_days(first: date, last: date):
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def reminder_emails() -> list[Message]:
    return list(Message.objects.filter(key__regex=r"^(remind|missed|digest):"))


def test_no_childs_name_nor_anything_typed_leaves_in_an_email(clock, staff, child):
    set_email_preference(staff["iro"], EmailChoice.IMMEDIATELY)  # the social worker: digests
    clock.set_to(date(2024, 1, 9))
    services.schedule_next_review(
        child, at(date(2024, 2, 1)), "Westfield Family Centre", staff["iro"]
    )
    monitoring.record_event(
        child, "missing", date(2024, 1, 9), "Out overnight with Jamie Fells", staff["sw"]
    )
    monitoring.propose_change(
        child, "education", date(2024, 3, 20), "Move to Westfield Academy", staff["sw"]
    )
    clock.set_to(date(2024, 2, 1))
    review = services.record_review_held(child, date(2024, 2, 1), "iro", "PN1", staff["iro"])
    cycle.add_decision(
        review,
        "Arrange a dental check with Dr Blythe",
        "Aunt Morag",
        date(2024, 2, 20),
        "",
        staff["iro"],
    )
    for day in working_days(date(2024, 1, 9), date(2024, 3, 8)):
        clock.set_to(day)
        reminders.run()

    sent = reminder_emails()
    assert {m.recipient for m in sent} >= {staff["iro"], staff["sw"]}
    assert any(m.key.startswith("digest:") for m in sent)
    assert any(m.key.startswith("missed:") for m in sent)
    for message in sent:
        for text in (message.subject, message.body):
            assert not [p for p in PRIVATE if p.lower() in text.lower()], (message.key, text)
    lines = "\n".join(m.body for m in sent)
    assert f"Child {child.reference} (R.): " in lines
    for kind in (
        "Hold review 1",
        "Decide whether a review is needed after a significant event",
        "Hold a review to consider a proposed change",
        "A decision of the review held on 1 February 2024",
        "Visit the child",
    ):
        assert kind in lines, kind
    assert f"{SITE}/children/{child.pk}/events/#event-" in lines
    # On their own pages, inside the service, the alerts name the child.
    assert Alert.objects.filter(text__contains="Robin Ashdown").exists()


def test_a_source_that_names_the_child_in_its_email_words_is_not_believed(
    clock, staff, child, monkeypatch
):
    set_email_preference(staff["iro"], EmailChoice.IMMEDIATELY)
    found = [
        Deadline(
            key="named",
            recipient_id=staff["iro"].pk,
            due=date(2024, 3, 6),
            what="Ring Robin Ashdown's school",
            link="/children/1/",
            child_id=child.pk,
            email_what="Ring Robin's school",
        ),
        Deadline(
            key="silent",
            recipient_id=staff["iro"].pk,
            due=date(2024, 3, 6),
            what="Complete the IRO management alert for Robin Ashdown: placement breaking down",
            link="/children/1/escalations/#alert-4",
            child_id=child.pk,
        ),
    ]
    monkeypatch.setattr(registry, "SOURCES", [lambda today: list(found)])
    clock.set_to(date(2024, 3, 1))
    reminders.run()
    subjects = sorted(Message.objects.values_list("subject", flat=True))
    assert subjects == [f"Reminder: Child {child.reference} (R.): a deadline by 6 March 2024"] * 2
    body = Message.objects.get(key__contains="silent").body
    assert f"{SITE}/children/1/escalations/#alert-4" in body
    assert not re.search("Robin|Ashdown|placement", body)


def test_each_event_and_change_has_its_own_link_and_deciding_one_leaves_the_others(
    clock, staff, child, client
):
    clock.set_to(date(2024, 2, 15))
    first = monitoring.record_event(child, "missing", date(2024, 2, 14), "", staff["sw"])
    second = monitoring.record_event(child, "health", date(2024, 2, 15), "", staff["sw"])
    change = monitoring.propose_change(child, "education", date(2024, 3, 1), "", staff["sw"])
    reminders.run()
    links = {d.link for d in between_reviews(clock.today()) if d.child_id == child.pk}
    events = f"/children/{child.pk}/events/"
    assert {f"{events}#event-{first.pk}", f"{events}#event-{second.pk}"} <= links
    assert f"{events}#change-{change.pk}" in links and f"{events}#visits" in links
    client.login(username="iro.one", password=PASSWORD)
    page = client.get(events).content.decode()
    for anchor in (f"event-{first.pk}", f"event-{second.pk}", f"change-{change.pk}", "visits"):
        assert f'id="{anchor}"' in page

    monitoring.decide_event(first, False, "Safe; plan unchanged", None, None, None, staff["iro"])
    showing = Alert.objects.filter(recipient=staff["iro"], read_at__isnull=True)
    assert not showing.filter(link__endswith=f"#event-{first.pk}").exists()
    assert showing.filter(link__endswith=f"#event-{second.pk}").count() == 2  # told, reminded
    assert showing.filter(link__endswith=f"#change-{change.pk}").count() == 2
    clock.set_to(date(2024, 2, 16))
    reminders.run()
    assert showing.filter(link__endswith=f"#event-{second.pk}").exists()


def test_one_load_of_the_children_serves_both_sources_in_a_run(clock, staff, child):
    clock.set_to(date(2024, 2, 15))
    monitoring.record_event(child, "missing", date(2024, 2, 14), "", staff["sw"])
    with CaptureQueriesContext(connection) as apart:
        separately = [*review_cycle(clock.today()), *between_reviews(clock.today())]
    with CaptureQueriesContext(connection) as together, registry.one_run():
        in_one_run = [*review_cycle(clock.today()), *between_reviews(clock.today())]
    assert in_one_run == separately
    assert len(together) < len(apart)
    with CaptureQueriesContext(connection) as after:
        list(review_cycle(clock.today()))
    assert len(after) > 0  # nothing kept once the run is over
