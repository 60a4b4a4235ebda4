"""Use cases for the work around one review: invitations, the record, decisions, the manager's
response, completing and distributing the record.  Every date comes from the timescale engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.core.typed_work import check_version
from carereview.domain.invitations import (
    ChildCircumstances,
    Person,
    needs_reason_to_leave_out,
    propose_invitees,
    review_age,
)
from carereview.domain.timescales.derived import DerivedDeadline, after_review, before_review
from carereview.records.models import Child
from carereview.reviews.models import Decision, Invitee, Review, TaskDone


def meeting_date(review: Review) -> date | None:
    if review.held_on:
        return review.held_on
    if review.scheduled_for:
        return timezone.localtime(review.scheduled_for).date()
    return None


def placement_on(child: Child, day: date) -> str:
    current = ""
    for episode in child.episodes.all():
        if episode.decom <= day:
            current = episode.place
    return current


def is_first_review(review: Review) -> bool:
    earlier = Review.objects.filter(child=review.child, held_on__isnull=False)
    if review.held_on:
        earlier = earlier.filter(held_on__lt=review.held_on)
    return not earlier.exists()


@dataclass
class TaskLine:
    deadline: DerivedDeadline
    done: TaskDone | None

    @property
    def overdue(self) -> bool:
        return self.done is None and self.deadline.date < clock.today()


def tasks(review: Review) -> tuple[list[TaskLine], list[TaskLine]]:
    """The work before and after the review, with what is done."""
    return task_lines(review, is_first_review(review))


def task_lines(
    review: Review, first_review: bool, cal: Any = None, profile: Any = None
) -> tuple[list[TaskLine], list[TaskLine]]:
    """`tasks` for a review whose `tasks_done` may be prefetched, so that lists of reviews cost
    a fixed number of queries (the reminders use it for the whole service)."""
    day = meeting_date(review)
    if day is None:
        return [], []
    cal, profile = cal or working_calendar(), profile or current_profile()
    done = {t.task: t for t in review.tasks_done.all()}
    before = [
        TaskLine(d, done.get(d.task.id)) for d in before_review(day, first_review, profile, cal)
    ]
    after = []
    if review.held_on:
        after = [
            TaskLine(d, done.get(d.task.id))
            for d in after_review(review.held_on, review.completed_on, profile, cal)
        ]
    return before, after


@transaction.atomic
def mark_task_done(review: Review, task: str, by: Any, request: Any = None) -> None:
    before, after = tasks(review)
    if task not in {line.deadline.task.id for line in before + after}:
        raise ValidationError("Unknown task")
    TaskDone.objects.get_or_create(
        review=review, task=task, defaults={"done_on": clock.today(), "by": by}
    )
    record(
        Action.CHANGE,
        f"Marked '{task}' done for {review}",
        request=request,
        user=by,
        obj=review,
        child_id=review.child_id,
    )


@transaction.atomic
def propose_invitations(review: Review) -> list[Invitee]:
    """The invitation list proposed by rule, made once and then edited by people."""
    if review.invitees.exists():
        return list(review.invitees.all())
    child = review.child
    day = meeting_date(review) or clock.today()
    circumstances = ChildCircumstances(
        child_name=str(child),
        age=review_age(child.date_of_birth, day),
        placement=placement_on(child, day),
        first_language=child.first_language,
        interpreter_needed=child.interpreter_needed,
        in_proceedings=child.proceedings.filter(ended_on__isnull=True).exists(),
        people=tuple(
            Person(f"contact:{c.pk}", c.name, c.role, c.parental_responsibility)
            for c in child.contacts.filter(active=True)
        ),
    )
    return Invitee.objects.bulk_create(
        [
            Invitee(review=review, key=p.key, name=p.name, role=p.role, reason=p.reason)
            for p in propose_invitees(circumstances)
        ]
    )


@transaction.atomic
def save_invitations(
    review: Review, changes: dict[int, dict[str, Any]], version: Any, by: Any, request: Any = None
) -> None:
    """changes: invitee id -> {invited, left_out_because, consultation_sent_on, ...}."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    check_version(review, version)
    problems = {}
    for invitee in review.invitees.all():
        change = changes.get(invitee.pk)
        if change is None:
            continue
        if (
            not change["invited"]
            and needs_reason_to_leave_out(invitee.role)
            and not change["left_out_because"].strip()
        ):
            problems[invitee.pk] = (
                f"Say why {invitee.name} is not invited: leaving out the "
                "child, a parent or a carer needs a recorded reason"
            )
        sent, returned = change["consultation_sent_on"], change["consultation_returned_on"]
        if sent and returned and returned < sent:
            problems[invitee.pk] = f"{invitee.name}: the form came back before it was sent"
    if problems:
        raise ValidationError(problems)
    for invitee in review.invitees.all():
        change = changes.get(invitee.pk)
        if change is None:
            continue
        for field, value in change.items():
            setattr(invitee, field, value)
        invitee.save()
    review.version += 1
    review.save(update_fields=["version", "updated"])
    record(
        Action.CHANGE,
        f"Invitations updated for {review}",
        request=request,
        user=by,
        obj=review,
        child_id=review.child_id,
    )


def legal_adviser_needed(review: Review) -> bool:
    """A family's legal adviser attending means the authority's legal adviser attends too
    (seed 000 section 7)."""
    return any(i.supporter_is_legal_adviser for i in review.invitees.all())


RECORD_FIELDS = (
    "participation_how",
    "views",
    "disagreements",
    "adjourned_because",
    "rights_advocacy",
    "rights_complaints",
    "rights_court",
    "chair",
    "participation",
)


@transaction.atomic
def save_record(
    review: Review,
    data: dict[str, Any],
    agenda: dict[str, str],
    attendance: dict[int, tuple[str, str]],
    version: Any,
    by: Any,
    request: Any = None,
) -> Review:
    """Save the review's record as it stands (a draft until the record is marked complete)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    check_version(review, version)
    if review.record_completed_on:
        raise ValidationError("The record is complete and has been locked.")
    completed = data.pop("completed_on", None)
    if completed is not None:
        if review.held_on is None or completed < review.held_on:
            raise ValidationError(
                {"completed_on": "The last meeting must be on or after the first"}
            )
        limit = working_calendar().add(review.held_on, 20)
        if completed > limit:
            raise ValidationError(
                {
                    "completed_on": (
                        f"An adjourned review must be completed within 20 working days of its first "
                        f"meeting, by {limit:%-d %B %Y} (IRO Handbook 3.25)"
                    )
                }
            )
        if not (data.get("adjourned_because") or "").strip():
            raise ValidationError({"adjourned_because": "Say why the review was adjourned"})
    review.completed_on = completed
    for field in RECORD_FIELDS:
        if field in data:
            setattr(review, field, data[field])
    review.agenda = {k: v for k, v in agenda.items() if v.strip()}
    for invitee in review.invitees.all():
        if invitee.pk in attendance:
            invitee.attendance, invitee.delegate = attendance[invitee.pk]
            if invitee.attendance == "delegate" and not invitee.delegate:
                raise ValidationError(f"Say who came as {invitee.name}'s delegate")
            invitee.save(update_fields=["attendance", "delegate"])
    review.version += 1
    review.save()
    record(
        Action.CHANGE,
        f"Record saved for {review}",
        request=request,
        user=by,
        obj=review,
        child_id=review.child_id,
    )
    return review


@transaction.atomic
def add_decision(
    review: Review,
    text: str,
    responsible: str,
    deadline: date,
    planned_outcome: str,
    by: Any,
    request: Any = None,
) -> Decision:
    if not review.held_on:
        raise ValidationError({"text": "Record the review as held before adding decisions"})
    if deadline < review.held_on:
        raise ValidationError({"deadline": "The deadline must be after the review"})
    decision = Decision.objects.create(
        review=review,
        text=text,
        responsible=responsible,
        deadline=deadline,
        planned_outcome=planned_outcome,
    )
    record(
        Action.CREATE,
        f"Decision added to {review}",
        request=request,
        user=by,
        obj=decision,
        child_id=review.child_id,
    )
    return decision


@transaction.atomic
def circulate_decisions(review: Review, by: Any, request: Any = None) -> None:
    if not review.decisions.exists():
        raise ValidationError("Add the review's decisions before circulating them")
    review.decisions_circulated_on = clock.today()
    review.version += 1
    review.save()
    record(
        Action.CHANGE,
        f"Decisions circulated for {review}",
        request=request,
        user=by,
        obj=review,
        child_id=review.child_id,
    )


def deemed_agreed_on(review: Review, cal: Any = None, profile: Any = None) -> date | None:
    """IRO Handbook 3.71: no response within 5 working days of receipt means agreed."""
    if review.decisions_circulated_on is None:
        return None
    return (cal or working_calendar()).add(
        review.decisions_circulated_on, (profile or current_profile()).manager_response_within
    )


def manager_position(review: Review) -> str:
    if review.manager_response:
        return review.get_manager_response_display()
    deemed = deemed_agreed_on(review)
    if deemed and clock.today() > deemed:
        return "Deemed agreed (no response within 5 working days)"
    return "Awaiting the manager's response"


@transaction.atomic
def respond_to_decisions(
    review: Review, agreed: bool, comments: str, by: Any, request: Any = None
) -> None:
    if review.decisions_circulated_on is None:
        raise ValidationError("The decisions have not been circulated yet")
    if not agreed and not comments.strip():
        raise ValidationError({"comments": "Say which decisions you disagree with, and why"})
    review.manager_response = "agreed" if agreed else "disagreed"
    review.manager_comments = comments
    review.manager_responded_on = clock.today()
    review.manager = by
    review.version += 1
    review.save()
    record(
        Action.CHANGE,
        f"Manager {'agreed' if agreed else 'disagreed'}: {review}",
        request=request,
        user=by,
        obj=review,
        child_id=review.child_id,
    )


def _stamp(review: Review, field: str, what: str, by: Any, request: Any) -> None:
    """Date a step of the review's paperwork today, and audit it."""
    setattr(review, field, clock.today())
    review.version += 1
    review.save()
    record(
        Action.CHANGE,
        f"{what} for {review}",
        request=request,
        user=by,
        obj=review,
        child_id=review.child_id,
    )


@transaction.atomic
def complete_record(review: Review, by: Any, request: Any = None) -> None:
    if not review.held_on:
        raise ValidationError("Record the review as held first")
    if not review.participation:
        raise ValidationError("Record how the child took part before completing the record")
    _stamp(review, "record_completed_on", "Record completed", by, request)


@transaction.atomic
def distribute_record(review: Review, by: Any, request: Any = None) -> None:
    if not review.record_completed_on:
        raise ValidationError("Complete the record before distributing it")
    _stamp(review, "record_distributed_on", "Record distributed", by, request)


@transaction.atomic
def add_meeting(
    review: Review, held_on: date, with_whom: str, notes: str, by: Any, request: Any = None
) -> Any:
    """A further meeting of the same review, within 20 working days of the first
    (IRO Handbook 3.24); the review's recording date stays the first meeting's."""
    from carereview.reviews.models import Meeting

    if review.held_on is None:
        raise ValidationError({"held_on": "Record the review's first meeting first"})
    limit = working_calendar().add(review.held_on, 20)
    if not review.held_on <= held_on <= limit:
        raise ValidationError(
            {
                "held_on": (
                    f"A meeting of this review must be between {review.held_on:%-d %B %Y} and "
                    f"{limit:%-d %B %Y} (within 20 working days of the first meeting)"
                )
            }
        )
    if held_on > clock.today():
        raise ValidationError({"held_on": "The date must be today or in the past"})
    meeting = Meeting.objects.create(
        review=review, held_on=held_on, with_whom=with_whom, notes=notes
    )
    if held_on > (review.completed_on or review.held_on):
        review.completed_on = held_on
        review.version += 1
        review.save(update_fields=["completed_on", "version", "updated"])
    record(
        Action.CREATE,
        f"Meeting on {held_on} added to {review}",
        request=request,
        user=by,
        obj=meeting,
        child_id=review.child_id,
    )
    return meeting
