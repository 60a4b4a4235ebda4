"""The work around each review and its deadlines, in working days (all from the seeds).

Before the meeting the deadlines count back from the meeting date; after it they count on from
the completion of the review (its last meeting, when it was adjourned or held in parts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from carereview.domain.calendar import WorkingDayCalendar
from carereview.domain.timescales.profiles import PolicyProfile


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    summary: str
    citation: str
    owner: str  # the role that usually does it


class DerivedDeadline(NamedTuple):
    task: Task
    date: date
    working_days: int  # negative before the review, positive after
    anchor: date

    def as_dict(self) -> dict[str, object]:
        return {
            "task": self.task.id,
            "summary": self.task.summary,
            "owner": self.task.owner,
            "date": self.date.isoformat(),
            "working_days": self.working_days,
            "counted_from": self.anchor.isoformat(),
            "citation": self.task.citation,
        }


CHILD_CONSULTED = Task(
    "child_consulted",
    "Social worker discusses attendance and venue with the child",
    "Seed 000 section 4; seed 001 sections 5-6",
    "social worker",
)
IRO_SPEAKS_TO_SOCIAL_WORKER = Task(
    "iro_speaks_to_social_worker", "IRO speaks to the social worker", "IRO Handbook 3.9", "IRO"
)
INVITATIONS_SENT = Task(
    "invitations_sent",
    "Invitations and consultation documents sent",
    "IRO Handbook 3.9; seed 000 section 4; seed 003",
    "business support",
)
REPORTS_TO_IRO = Task(
    "reports_to_iro",
    "Social worker's report and care (or pathway) plan to the IRO",
    "IRO Handbook 3.9; seed 000 section 6; seed 001 section 6",
    "social worker",
)
HEALTH_PLAN_AND_PEP = Task(
    "health_plan_and_pep",
    "Health plan and personal education plan (PEP) to the IRO",
    "IRO Handbook 3.47-3.48",
    "social worker",
)
IRO_SPEAKS_TO_CHILD = Task(
    "iro_speaks_to_child",
    "IRO speaks with the child in private, before the review",
    "CPPCR 2010 reg 36; IRO Handbook 3.9",
    "IRO",
)
DECISIONS_CIRCULATED = Task(
    "decisions_circulated",
    "Written record of the decisions circulated",
    "IRO Handbook 3.69; seed 000 section 12",
    "IRO",
)
MANAGER_RESPONSE = Task(
    "manager_response",
    "Team manager agrees or disagrees with the decisions (silence means agreed)",
    "IRO Handbook 3.71; seed 000 section 13",
    "team manager",
)
CARE_PLAN_UPDATED = Task(
    "care_plan_updated",
    "Care plan updated with the changes agreed at the review",
    "IRO Handbook 3.69; seed 000 section 6",
    "social worker",
)
FULL_RECORD = Task(
    "full_record",
    "Full written record of the review completed",
    "IRO Handbook 3.69; seed 000 section 12",
    "IRO",
)
RECORD_DISTRIBUTED = Task(
    "record_distributed",
    "Full record, with decisions, distributed",
    "IRO Handbook 3.69; seed 000 section 12",
    "business support",
)
REVIEW_COMPLETED = Task(
    "review_completed",
    "Review completed (an adjourned review resumes by then)",
    "IRO Handbook 3.24-3.25; CPPCR 2010 reg 36(2)",
    "IRO",
)


def before_review(
    meeting: date, first_review: bool, profile: PolicyProfile, cal: WorkingDayCalendar
) -> list[DerivedDeadline]:
    """Deadlines for the work before a review meeting on `meeting`."""
    reports = (
        profile.reports_before_first_review
        if first_review
        else (profile.reports_before_later_reviews)
    )
    plan = [
        (CHILD_CONSULTED, profile.child_consulted_before),
        (IRO_SPEAKS_TO_SOCIAL_WORKER, profile.iro_speaks_to_social_worker_before),
        (INVITATIONS_SENT, profile.invitations_before),
        (REPORTS_TO_IRO, reports),
        (HEALTH_PLAN_AND_PEP, 3),
    ]
    found = [DerivedDeadline(task, cal.add(meeting, -n), -n, meeting) for task, n in plan]
    # CPPCR 2010 reg 36: before the review; at the latest, before the meeting begins.
    found.append(DerivedDeadline(IRO_SPEAKS_TO_CHILD, meeting, 0, meeting))
    return found


def after_review(
    held: date, completed: date | None, profile: PolicyProfile, cal: WorkingDayCalendar
) -> list[DerivedDeadline]:
    """Deadlines for the work after a review first met on `held` and completed on `completed`."""
    end = completed or held
    circulated = cal.add(end, profile.decisions_circulated_within)
    found = [
        DerivedDeadline(REVIEW_COMPLETED, cal.add(held, 20), 20, held),
        DerivedDeadline(DECISIONS_CIRCULATED, circulated, profile.decisions_circulated_within, end),
        # IRO Handbook 3.71: five working days from receipt of the decisions; counted here from
        # the latest date they should have been circulated.
        DerivedDeadline(
            MANAGER_RESPONSE,
            cal.add(circulated, profile.manager_response_within),
            profile.manager_response_within,
            circulated,
        ),
        DerivedDeadline(
            CARE_PLAN_UPDATED,
            cal.add(end, profile.care_plan_updated_within),
            profile.care_plan_updated_within,
            end,
        ),
        DerivedDeadline(
            FULL_RECORD, cal.add(end, profile.full_record_within), profile.full_record_within, end
        ),
        DerivedDeadline(
            RECORD_DISTRIBUTED,
            cal.add(end, profile.record_distributed_within),
            profile.record_distributed_within,
            end,
        ),
    ]
    return found
