"""The review cycle's open deadlines, for reminders ahead of time and alerts when missed.

One pass over the children (`records.queries.with_schedules`), so the cost in queries does not
grow with the service: the next review and its arrangement (CPPCR 2010 reg 33), the work before
an arranged review and after a held one (IRO Handbook 3.9, 3.69-3.71, seeds 000 and 003), review
decisions not done (CPPCR 2010 reg 36, IRO Handbook 3.72-3.73) and a new child's IRO
(IRO Handbook 7.2).  Work done means no deadline.  Each deadline goes to the one person
responsible; a key ends with that person, so someone newly responsible is reminded afresh.

Each deadline's `email_what` names the kind of work only: never the child's name, nor anything
typed (a decision's text, who is named responsible), since email leaves the service.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from carereview.authority.services import current_profile, working_calendar
from carereview.domain.allocation import allocation_deadlines
from carereview.notifications.deadlines import Deadline, shared, source
from carereview.records.models import Child, Episode
from carereview.records.queries import ChildRow, with_schedules
from carereview.reviews import cycle
from carereview.reviews.models import Review
from carereview.staff.models import Role, User

#: How many working days ahead each kind of reminder goes out.
REMIND = {
    "review-due": 10,
    "review-arrange": 5,
    "review-task": 3,
    "decision": 5,
    "allocate": 2,
}

#: Work after a review that its own fields record as done (besides "Mark done").
DONE_FIELDS = {
    "decisions_circulated": "decisions_circulated_on",
    "manager_response": "manager_response",
    "full_record": "record_completed_on",
    "record_distributed": "record_distributed_on",
}


def short(text: str, limit: int = 120) -> str:
    """A long free-text entry cut to fit a reminder's line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Responsible:
    """Who answers for a child's work: the child's IRO (the current allocation), social worker
    and their team manager; the IRO managers when a child has no IRO or nobody else is there.
    A restricted record's deadlines go only to the staff named on it."""

    managers: tuple[int, ...]

    @classmethod
    def load(cls) -> Responsible:
        return cls(
            tuple(
                User.objects.filter(role=Role.IRO_MANAGER, is_active=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        )

    @staticmethod
    def children(children: QuerySet[Child]) -> QuerySet[Child]:
        """What `Responsible` reads, loaded with the children (a fixed number of queries)."""
        return children.select_related("social_worker__team__manager").prefetch_related(
            "restricted_to"
        )

    def _pick(self, child: Child, *people: User | None) -> list[int]:
        allowed = {u.pk for u in child.restricted_to.all()} if child.restricted else None
        for person in people:
            if person and person.is_active and (allowed is None or person.pk in allowed):
                return [person.pk]
        return [pk for pk in self.managers if allowed is None or pk in allowed]

    def iro(self, row: ChildRow) -> list[int]:
        return self._pick(row.child, row.iro)

    def iro_managers(self, row: ChildRow) -> list[int]:
        return self._pick(row.child)

    def social_worker(self, row: ChildRow) -> list[int]:
        return self._pick(row.child, row.child.social_worker, row.iro)

    def team_manager(self, row: ChildRow) -> list[int]:
        worker = row.child.social_worker
        manager = worker.team.manager if worker and worker.team else None
        return self._pick(row.child, manager, row.iro)

    def owner(self, row: ChildRow, role: str) -> list[int]:
        """The person for a task's usual owner (`domain.timescales.derived.Task.owner`).
        Business support's tasks (invitations, distribution) go to the IRO, who answers for
        the review's arrangements: business support are not named for a child."""
        if role == "social worker":
            return self.social_worker(row)
        if role == "team manager":
            return self.team_manager(row)
        return self.iro(row)


def deadlines(
    key: str,
    recipients: list[int],
    due: date,
    what: str,
    link: str,
    child: Child,
    remind_days: int,
    email_what: str = "",
) -> Iterator[Deadline]:
    for recipient in dict.fromkeys(recipients):
        yield Deadline(
            f"{key}:to:{recipient}",
            recipient,
            due,
            short(what, 300),
            link,
            child.pk,
            remind_days,
            email_what,
        )


def _children_with_open_work() -> QuerySet[Child]:
    """Children in care now, and those who left with a review record still to write."""
    in_care = Exists(Episode.objects.filter(child=OuterRef("pk"), dec__isnull=True))
    record_due = Exists(
        Review.objects.filter(
            child=OuterRef("pk"),
            held_on__isnull=False,
            record_completed_on__isnull=True,
            imported_from="",  # an imported review's record was written, or not, elsewhere
        )
    )
    return Child.objects.filter(Q(in_care) | Q(record_due)).order_by("pk")


def open_work_rows(today: date) -> list[ChildRow]:
    """Every child with open work, with all that this source and the one between reviews
    (`monitoring.deadlines`) read: within one reminder run, loaded once for both."""

    def load() -> list[ChildRow]:
        children = Responsible.children(_children_with_open_work()).prefetch_related(
            "reviews__decisions", "visits", "oversight_notes"
        )
        return with_schedules(children, today)

    return shared(("open-work-rows", today), load)


def responsible_people() -> Responsible:
    return shared("responsible", Responsible.load)


@source
def review_cycle(today: date) -> Iterator[Deadline]:
    cal, profile = working_calendar(), current_profile()
    people = responsible_people()
    for row in open_work_rows(today):
        if row.looked_after:
            yield from next_review(row, people, cal, profile)
            yield from before_review(row, people, cal, profile)
            yield from decisions(row, people)
            yield from allocation(row, people, cal)
        yield from after_review(row, today, people, cal, profile)


def next_review(row: ChildRow, people: Responsible, cal: Any, profile: Any) -> Iterator[Deadline]:
    """The next review (the IRO), and setting its date while there is none (the IRO)."""
    due = row.next_review
    if due is None:
        return
    child = row.child
    which = f"{child.pk}:{due.period}.{due.number}"
    law = (
        f" (the law's deadline is {due.statutory_due:%-d %B %Y})"
        if due.due != due.statutory_due
        else ""
    )
    yield from deadlines(
        f"review-due:{which}",
        people.iro(row),
        due.due,
        f"Hold review {due.number} for {child}{law}",
        reverse("child_detail", args=[child.pk]),
        child,
        REMIND["review-due"],
        f"Hold review {due.number}{law}",
    )
    if row.planned is None or row.planned.scheduled_for is None:
        # Invitations go out 10 working days before the meeting (IRO Handbook 3.9): the date,
        # time and venue must be set by then.
        yield from deadlines(
            f"review-arrange:{which}",
            people.iro(row),
            cal.add(due.due, -profile.invitations_before),
            f"Set the date, time and venue of review {due.number} for {child}, due by "
            f"{due.due:%-d %B %Y}, so the invitations can go out in time",
            reverse("review_schedule", args=[child.pk]),
            child,
            REMIND["review-arrange"],
            f"Set the date, time and venue of review {due.number}, due by {due.due:%-d %B %Y}",
        )


def before_review(row: ChildRow, people: Responsible, cal: Any, profile: Any) -> Iterator[Deadline]:
    """The work before an arranged review, each task to its owner (the same dates as the
    review's page: `cycle.task_lines`)."""
    review = row.planned
    if review is None or review.scheduled_for is None:
        return
    first = not any(r.held_on for r in row.child.reviews.all())
    lines, _ = cycle.task_lines(review, first, cal, profile)
    meeting = cycle.meeting_date(review)
    for line in lines:
        if line.done is None:
            yield from _task(row, review, line.deadline, people, f"review on {meeting:%-d %B %Y}")


def after_review(
    row: ChildRow, today: date, people: Responsible, cal: Any, profile: Any
) -> Iterator[Deadline]:
    """The work after a held review: the full record for every review still without one
    (as the IRO's page lists them); the rest for the latest review only, since what came before
    it is overtaken.  None for a review imported from the SSDA903 return: held before carereview
    held it, its after-work was done, or not, outside carereview (it still counts as held)."""
    held = sorted((r for r in row.child.reviews.all() if r.held_on), key=lambda r: r.held_on)
    for review in held:
        latest = review is held[-1]
        if review.imported_from:
            continue
        _, lines = cycle.task_lines(review, False, cal, profile)
        label = f"review held on {review.held_on:%-d %B %Y}"
        for line in lines:
            task = line.deadline.task.id
            if line.done is not None or getattr(review, DONE_FIELDS.get(task, ""), None):
                continue
            if task != "full_record" and not latest:
                continue
            deadline = line.deadline
            if task == "review_completed" and not (
                review.adjourned_because.strip() and review.completed_on is None
            ):
                continue  # only an adjourned review has a later meeting to hold
            if task == "manager_response":
                # Five working days from receipt; after that, silence means agreed (H 3.71).
                deemed = cycle.deemed_agreed_on(review, cal, profile)
                if deemed is None or today > deemed:
                    continue
                deadline = deadline._replace(date=deemed)
            yield from _task(row, review, deadline, people, label)


def _task(
    row: ChildRow, review: Review, deadline: Any, people: Responsible, label: str
) -> Iterator[Deadline]:
    task = deadline.task
    helper = " (business support usually does this)" if task.owner == "business support" else ""
    yield from deadlines(
        f"review-task:{review.pk}:{task.id}",
        people.owner(row, task.owner),
        deadline.date,
        f"{task.summary}: {row.child}'s {label}{helper}",
        reverse("review_overview", args=[review.pk]),
        row.child,
        REMIND["review-task"],
        f"{task.summary} ({label}){helper}",
    )


def decisions(row: ChildRow, people: Responsible) -> Iterator[Deadline]:
    """Review decisions not done by their deadline.  The person responsible is free text, so
    the child's social worker and IRO are both reminded, and told who was named."""
    for review in row.child.reviews.all():
        held = f" held on {review.held_on:%-d %B %Y}" if review.held_on else ""
        for decision in review.decisions.all():
            if decision.done_on is not None:
                continue
            worker, iro = people.social_worker(row), people.iro(row)
            for recipients, as_whom in ((worker, "social worker"), (iro, "IRO")):
                if as_whom == "IRO":
                    recipients = [pk for pk in recipients if pk not in worker]
                yield from deadlines(
                    f"decision:{decision.pk}",
                    recipients,
                    decision.deadline,
                    f"Review decision for {row.child}: {short(decision.text)} - "
                    f"{short(decision.responsible, 60)} is responsible. You are reminded as the "
                    f"child's {as_whom}.",
                    reverse("review_overview", args=[review.pk]),
                    row.child,
                    REMIND["decision"],
                    f"A decision of the review{held} to be carried out (you are reminded as "
                    f"the child's {as_whom})",
                )


def allocation(row: ChildRow, people: Responsible, cal: Any) -> Iterator[Deadline]:
    """A child in care without a named IRO: the IRO managers allocate one, good practice within
    5 working days of the child becoming looked after (IRO Handbook 7.2)."""
    if row.iro is not None:
        return
    start = row.schedule.periods[-1].start
    yield from deadlines(
        f"allocate:{row.child.pk}:{start:%Y%m%d}",
        people.iro_managers(row),
        allocation_deadlines(start, cal).allocate_by,
        f"Allocate an IRO for {row.child}, looked after since {start:%-d %B %Y}",
        reverse("child_allocation", args=[row.child.pk]),
        row.child,
        REMIND["allocate"],
        f"Allocate an IRO (looked after since {start:%-d %B %Y})",
    )
