"""Every open deadline in the review cycle and between reviews reaches the person responsible,
with the right date, and goes away when the work is done."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carereview.monitoring import services as monitoring
from carereview.monitoring.deadlines import between_reviews
from carereview.monitoring.models import SignificantEvent, Visit
from carereview.notifications.deadlines import SOURCES, Deadline
from carereview.records.models import Child, Episode, OversightNote
from carereview.reviews import cycle, services
from carereview.reviews.deadlines import review_cycle
from carereview.reviews.models import Decision, Review
from carereview.staff.models import Allocation

pytestmark = pytest.mark.django_db

START = date(2024, 1, 8)  # a Monday: the first review is due 20 working days on, 5 February


def open_now(today: date) -> list[Deadline]:
    return [*review_cycle(today), *between_reviews(today)]


def by_kind(today: date, kind: str) -> dict[str, Deadline]:
    """Deadlines of one kind ("review-due", "review-task", ...), by key."""
    return {d.key: d for d in open_now(today) if d.key.split(":")[0] == kind}


def one(found: dict[str, Deadline], part: str) -> Deadline:
    (match,) = [d for key, d in found.items() if part in key]
    return match


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=hour)))


def test_both_apps_register_their_sources() -> None:
    assert review_cycle in SOURCES and between_reviews in SOURCES


def test_the_next_review_and_arranging_it_go_to_the_iro(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 1, 10))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    due = one(by_kind(clock.today(), "review-due"), f":{child.pk}:")
    assert (due.recipient_id, due.due, due.child_id) == (
        staff["iro"].pk,
        date(2024, 2, 5),
        child.pk,
    )
    assert "review 1" in due.what and f"/children/{child.pk}/" == due.link
    arrange = one(by_kind(clock.today(), "review-arrange"), f":{child.pk}:")
    # The date must be set in time for the invitations, 10 working days before.
    assert (arrange.recipient_id, arrange.due) == (staff["iro"].pk, date(2024, 1, 22))

    services.schedule_next_review(child, at(date(2024, 2, 1)), "The foster home", staff["iro"])
    assert not by_kind(clock.today(), "review-arrange")
    assert one(by_kind(clock.today(), "review-due"), f":{child.pk}:").due == date(2024, 2, 5)

    clock.set_to(date(2024, 2, 1))
    services.record_review_held(child, date(2024, 2, 1), "iro", "PN1", staff["iro"])
    (second,) = by_kind(clock.today(), "review-due").values()
    assert second.key != due.key  # the second review is a new deadline, reminded afresh
    assert second.due == date(2024, 5, 1) and "review 2" in second.what


def test_an_unallocated_child_goes_to_the_iro_managers(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 1, 9))
    child = make_child(staff["sw"], start=START)
    allocate = one(by_kind(clock.today(), "allocate"), f":{child.pk}:")
    assert (allocate.recipient_id, allocate.due) == (staff["manager"].pk, date(2024, 1, 15))
    assert one(by_kind(clock.today(), "review-due"), "").recipient_id == staff["manager"].pk
    Allocation.objects.create(
        child=child, iro=staff["iro2"], started_on=date(2024, 1, 9), allocated_by=staff["manager"]
    )
    assert not by_kind(clock.today(), "allocate")
    assert one(by_kind(clock.today(), "review-due"), "").recipient_id == staff["iro2"].pk


def test_the_work_before_an_arranged_review_goes_to_its_owners(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 1, 10))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    review = services.schedule_next_review(child, at(date(2024, 2, 1)), "School", staff["iro"])
    tasks = by_kind(clock.today(), "review-task")
    owners = {key.split(":")[2]: (d.recipient_id, d.due) for key, d in tasks.items()}
    sw, iro = staff["sw"].pk, staff["iro"].pk
    assert owners == {
        "child_consulted": (sw, date(2024, 1, 4)),  # 20 working days before
        "iro_speaks_to_social_worker": (iro, date(2024, 1, 11)),  # 15
        "invitations_sent": (iro, date(2024, 1, 18)),  # 10; business support usually
        "reports_to_iro": (sw, date(2024, 1, 29)),  # 3 before the first review
        "health_plan_and_pep": (sw, date(2024, 1, 29)),
        "iro_speaks_to_child": (iro, date(2024, 2, 1)),  # before the meeting (CPPCR reg 36)
    }
    assert all(d.link == f"/reviews/{review.pk}/" for d in tasks.values())
    cycle.mark_task_done(review, "reports_to_iro", staff["sw"])
    assert not [k for k in by_kind(clock.today(), "review-task") if "reports_to_iro" in k]
    # Moving the meeting moves the dates, under the same keys.
    services.schedule_next_review(
        child, at(date(2024, 2, 2)), "School", staff["iro"], postponed_because="iro_unavailable"
    )
    moved = by_kind(clock.today(), "review-task")
    assert one(moved, "iro_speaks_to_child").due == date(2024, 2, 2)
    assert set(moved) == set(tasks) - {k for k in tasks if "reports_to_iro" in k}


def test_the_work_after_a_held_review(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 1, 30))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    review = services.record_review_held(child, date(2024, 1, 30), "iro", "PN1", staff["iro"])
    after = {k.split(":")[2]: d for k, d in by_kind(clock.today(), "review-task").items()}
    assert {task: (d.recipient_id, d.due) for task, d in after.items()} == {
        "decisions_circulated": (staff["iro"].pk, date(2024, 2, 6)),  # 5 working days
        "care_plan_updated": (staff["sw"].pk, date(2024, 2, 13)),  # 10
        "full_record": (staff["iro"].pk, date(2024, 2, 20)),  # 15
        "record_distributed": (staff["iro"].pk, date(2024, 2, 27)),  # 20
    }  # no manager's response before the decisions are circulated; not adjourned
    cycle.add_decision(review, "Book the dentist", "Carer", date(2024, 3, 1), "", staff["iro"])
    clock.set_to(date(2024, 2, 2))
    cycle.circulate_decisions(review, staff["iro"])
    after = {k.split(":")[2]: d for k, d in by_kind(clock.today(), "review-task").items()}
    assert "decisions_circulated" not in after
    response = after["manager_response"]
    assert (response.recipient_id, response.due) == (staff["tm"].pk, date(2024, 2, 9))
    cycle.respond_to_decisions(Review.objects.get(pk=review.pk), True, "", staff["tm"])
    review.refresh_from_db()
    cycle.complete_record(review, staff["iro"])
    after = {k.split(":")[2] for k in by_kind(clock.today(), "review-task")}
    assert after == {"care_plan_updated", "record_distributed"}


def test_silence_means_agreed_and_adjourned_reviews_must_resume(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 2, 2))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    review = Review.objects.create(
        child=child,
        held_on=date(2024, 1, 30),
        decisions_circulated_on=date(2024, 2, 1),
        adjourned_because="The parents could not come",
    )
    tasks = {k.split(":")[2]: d for k, d in by_kind(clock.today(), "review-task").items()}
    assert tasks["review_completed"].due == date(2024, 2, 27)  # 20 working days
    assert tasks["manager_response"].due == date(2024, 2, 8)
    clock.set_to(date(2024, 2, 9))  # no response in 5 working days: the decisions stand
    assert not [k for k in by_kind(clock.today(), "review-task") if "manager_response" in k]
    review.completed_on = date(2024, 2, 9)
    review.save()
    assert not [k for k in by_kind(clock.today(), "review-task") if "review_completed" in k]


def test_only_the_latest_review_keeps_its_paperwork_but_every_record_is_chased(
    staff, make_child, clock
) -> None:
    clock.set_to(date(2024, 6, 3))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    old = Review.objects.create(child=child, held_on=date(2024, 1, 30))
    new = Review.objects.create(child=child, held_on=date(2024, 4, 25))
    keys = by_kind(clock.today(), "review-task")
    assert [k.split(":")[2] for k in keys if k.startswith(f"review-task:{old.pk}:")] == [
        "full_record"
    ]
    assert len([k for k in keys if k.startswith(f"review-task:{new.pk}:")]) == 4


def test_decisions_remind_the_social_worker_and_the_iro(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 2, 1))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    review = Review.objects.create(child=child, held_on=date(2024, 1, 30))
    decision = Decision.objects.create(
        review=review,
        text="Arrange a dental check",
        responsible="Foster carer",
        deadline=date(2024, 3, 1),
    )
    found = by_kind(clock.today(), "decision")
    assert {(d.recipient_id, d.due) for d in found.values()} == {
        (staff["sw"].pk, date(2024, 3, 1)),
        (staff["iro"].pk, date(2024, 3, 1)),
    }
    for d in found.values():
        assert "Arrange a dental check" in d.what and "Foster carer is responsible" in d.what
    assert "as the child's social worker" in one(found, f":to:{staff['sw'].pk}").what
    decision.done_on = date(2024, 2, 20)
    decision.save()
    assert not by_kind(clock.today(), "decision")


def test_a_restricted_record_reminds_only_the_staff_named_on_it(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 1, 10))
    child = make_child(staff["sw"], start=START, iro=staff["iro"], restricted=True)
    child.restricted_to.add(staff["iro"], staff["manager"])
    services.schedule_next_review(child, at(date(2024, 2, 1)), "School", staff["iro"])
    recipients = {d.recipient_id for d in open_now(clock.today()) if d.child_id == child.pk}
    assert recipients and staff["sw"].pk not in recipients
    assert recipients <= {staff["iro"].pk, staff["manager"].pk}


def test_a_significant_event_waits_for_the_iros_decision(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 2, 16))  # a Friday: 1 working day on is Monday
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    event = monitoring.record_event(
        child, "missing", date(2024, 2, 15), "Out overnight", staff["sw"]
    )
    waiting = one(by_kind(clock.today(), "event"), f":{event.pk}:")
    assert (waiting.recipient_id, waiting.due) == (staff["iro"].pk, date(2024, 2, 19))
    monitoring.decide_event(event, False, "Safe; plan unchanged", None, None, None, staff["iro"])
    assert not by_kind(clock.today(), "event")
    assert SignificantEvent.objects.get(pk=event.pk).decided


def test_a_proposed_change_needs_a_review_before_it_happens(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 2, 1))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    change = monitoring.propose_change(child, "education", date(2024, 3, 4), "", staff["sw"])
    waiting = one(by_kind(clock.today(), "change"), f":{change.pk}:")
    assert (waiting.recipient_id, waiting.due) == (staff["iro"].pk, date(2024, 3, 3))
    clock.set_to(date(2024, 2, 20))
    review = services.record_review_held(
        child, date(2024, 2, 20), "iro", "PN1", staff["iro"], late_reason="report_not_ready"
    )
    monitoring.mark_considered(change, review, staff["iro"])
    assert not by_kind(clock.today(), "change")


def test_statutory_visits_follow_the_placement_rules(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 1, 10))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    first = one(by_kind(clock.today(), "visit"), f":{child.pk}:")
    # Foster care (U4): at least every 6 weeks.
    assert (first.recipient_id, first.due) == (staff["sw"].pk, START + timedelta(days=42))
    monitoring.record_visit(child, date(2024, 1, 10), True, True, "", staff["sw"])
    (after,) = by_kind(clock.today(), "visit").values()
    assert after.key != first.key and after.due == date(2024, 1, 10) + timedelta(days=42)
    with_parents = make_child(staff["sw"], start=START, iro=staff["iro"])
    Episode.objects.filter(child=with_parents).update(place="P1")
    weekly = one(by_kind(clock.today(), "visit"), f":{with_parents.pk}:")
    assert weekly.due == START + timedelta(days=7) and "weekly" in weekly.what
    assert Visit.objects.count() == 1


def test_the_midway_check_between_reviews(staff, make_child, clock) -> None:
    clock.set_to(date(2024, 2, 1))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    review = Review.objects.create(child=child, held_on=date(2024, 1, 30))
    check = one(by_kind(clock.today(), "midway"), f":{review.pk}:")
    # Next due 30 April (3 months): halfway is 15 March.
    assert (check.recipient_id, check.due) == (staff["iro"].pk, date(2024, 3, 15))
    OversightNote.objects.create(
        child=child, written_on=date(2024, 3, 15), author=staff["iro"], text="ok"
    )
    assert not by_kind(clock.today(), "midway")


def test_a_child_who_has_left_care_has_no_deadlines_but_an_unwritten_record(
    staff, make_child, clock
) -> None:
    clock.set_to(date(2024, 6, 3))
    child = make_child(staff["sw"], start=START, iro=staff["iro"])
    Review.objects.create(child=child, held_on=date(2024, 4, 25))
    Episode.objects.filter(child=child).update(dec=date(2024, 5, 1), rec="E11")
    kinds = {d.key.split(":")[0] for d in open_now(clock.today())}
    keys = [d.key for d in open_now(clock.today())]
    assert kinds == {"review-task"} and any(":full_record:" in k for k in keys)


def add_children(count: int, staff: dict, offset: int, today: date) -> None:
    """Children with every kind of deadline: allocated or not, a review held with a decision,
    the next one arranged, an event waiting, a change proposed, a visit recorded."""
    children = Child.objects.bulk_create(
        Child(
            reference=f"D{offset + i:06d}",
            first_name="Sam",
            last_name=f"Deadline{offset + i}",
            date_of_birth=date(2012, 1, 1),
            gender="other",
            social_worker=staff["sw"] if i % 2 else staff["sw_south"],
            restricted=i % 7 == 0,
        )
        for i in range(count)
    )
    start = today - timedelta(days=150)
    Episode.objects.bulk_create(
        Episode(child=c, decom=start, rne="S", ls="C2", place="U4") for c in children
    )
    Allocation.objects.bulk_create(
        Allocation(child=c, iro=staff["iro"], started_on=start, allocated_by=staff["manager"])
        for i, c in enumerate(children)
        if i % 10
    )
    held = Review.objects.bulk_create(
        Review(child=c, held_on=today - timedelta(days=20), decisions_circulated_on=today)
        for c in children
    )
    Review.objects.bulk_create(
        Review(child=c, scheduled_for=at(today + timedelta(days=60))) for c in children
    )
    Decision.objects.bulk_create(
        Decision(review=r, text="Do it", responsible="Someone", deadline=today) for r in held
    )
    SignificantEvent.objects.bulk_create(
        SignificantEvent(
            child=c,
            kind="missing",
            occurred_on=today,
            details="",
            recorded_by=staff["sw"],
            recorded_on=today,
        )
        for c in children
    )
    Visit.objects.bulk_create(
        Visit(child=c, visited_on=today - timedelta(days=3), by=staff["sw"]) for c in children
    )
    for c in children[:: max(1, count // 5)]:
        c.restricted_to.add(staff["iro"])


def test_the_queries_do_not_grow_with_the_number_of_children(staff, clock) -> None:
    clock.set_to(date(2024, 6, 3))
    today = clock.today()
    add_children(20, staff, 0, today)
    with CaptureQueriesContext(connection) as small:
        found_small = open_now(today)
    add_children(200, staff, 20, today)
    with CaptureQueriesContext(connection) as large:
        found_large = open_now(today)
    assert len(small) == len(large), f"{len(small)} queries for 20 children, {len(large)} for 220"
    kinds = {d.key.split(":")[0] for d in found_large}
    assert kinds >= {"review-due", "review-task", "decision", "allocate", "event", "visit"}
    assert len(found_large) > 10 * len(found_small) // 2
    keys = [d.key for d in found_large]
    assert len(keys) == len(set(keys))
