"""The local dispute resolution process: ladders as data, and its clock.

IRO Handbook 6.1: the IRO first tries to resolve a problem informally, with the social worker or
their managers, and records that attempt on the child's file.  6.2: each authority has a formal
process escalating the dispute through levels of seniority, "with identified timescales for a
response at each stage"; the IRO "may bypass any stage"; the whole formal process takes "no more
than 20 working days".  6.3 and 8.9-8.16: the IRO may refer the case to Cafcass at any point.

Two ladders ship, each from a council's procedure; an authority picks one and edits its stages
and time limits (never beyond the 20 working days of H 6.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

#: IRO Handbook 6.2: "timescales in total of no more than 20 working days".
TOTAL_WORKING_DAYS = 20


class Calendar(Protocol):
    """What the clock needs of a working-day calendar (carereview.domain.calendar)."""

    def add(self, day: date, n: int) -> date: ...

    def working_days_between(self, start: date, end: date) -> int: ...


class LadderError(ValueError):
    """A move the ladder does not allow, in plain words."""


@dataclass(frozen=True, slots=True)
class Stage:
    number: int
    title: str
    #: Who the dispute goes to at this stage (a post, not a person).
    escalate_to: str
    #: Working days the manager has to respond (never beyond the overall deadline).
    response_working_days: int
    #: A post told at the same time, who is not asked to respond.
    also_alert: str = ""
    notes: str = ""
    #: With no member of staff named as the post's holder, the stage goes to the child's social
    #: worker's team manager (seed 001 stage 1; seed 000's "relevant Children's Social Care
    #: manager"), and the social worker is told.
    to_team_manager: bool = False


@dataclass(frozen=True, slots=True)
class Ladder:
    key: str
    name: str
    stages: tuple[Stage, ...]
    total_working_days: int = TOTAL_WORKING_DAYS
    source: str = ""
    #: A ladder whose first step is informal names it here: that step is the IRO's informal
    #: attempt recorded on the child's file (H 6.1), not a stage of the formal process, so the
    #: formal stages start at 2 and the 20 working days (H 6.2) start with the formal process.
    informal_stage: str = ""

    def stage(self, number: int) -> Stage:
        for stage in self.stages:
            if stage.number == number:
                return stage
        raise LadderError(f"The ladder has no stage {number}")


#: Seed 001 section 15, "Resolution and Escalation": five stages, 5 working days for each
#: manager's response ("Maximum timeframe for ASCM response is 5 working days"), the whole
#: within the statutory 20 working days.
FIVE_STAGE = Ladder(
    key="five-stage",
    name="Resolution and escalation in five stages",
    source="Seed 001 section 15; IRO Handbook 6.2",
    stages=(
        Stage(
            1,
            "Resolution and escalation alert",
            "The social worker, copying in the team manager, by email",
            5,
            to_team_manager=True,
            notes=(
                "The IRO confirms the conversation in an email headed 'Resolution and Escalation "
                "Alert', with the agreed actions and timescales (seed 001 section 15, stage 1)."
            ),
        ),
        Stage(
            2,
            "Area service manager",
            "The area service manager",
            5,
            also_alert="The service manager, safeguarding",
            notes=(
                "If the issue is not resolved, or there is a serious safeguarding issue. The "
                "expected outcome and timeframe are made clear (seed 001 section 15, stage 2)."
            ),
        ),
        Stage(
            3,
            "Deputy director",
            "The deputy director",
            5,
            also_alert="The safeguarding manager",
            notes=(
                "If still not resolved, or a failure to respond to a serious safeguarding issue "
                "or a potential breach of human rights (seed 001 section 15, stage 3)."
            ),
        ),
        Stage(
            4,
            "Director",
            "The director",
            5,
            also_alert="The deputy director, safeguarding",
            notes="Rarely used (seed 001 section 15, stage 4).",
        ),
        Stage(
            5,
            "Head of paid service",
            "The head of paid service",
            5,
            also_alert="The Director of Children's Services",
            notes="Rarely used (seed 001 section 15, stage 5).",
        ),
    ),
)

#: Seed 000 section 15, "Outcome Resolution and Management Alert": (1) informal resolution with
#: the relevant manager, (2) a formal problem resolution to the Children's Social Care manager
#: escalated through the management structure, (3) the Director of Children's Services.  Step 1
#: is the IRO's informal attempt (H 6.1: recorded on the child's file, and required before the
#: formal process), so the formal ladder holds stages 2 and 3 and its 20 working days start at
#: stage 2.  The seed sets "an appropriate timescale" rather than a number of days: 5 working
#: days each here, which the authority may change.
THREE_STAGE = Ladder(
    key="three-stage",
    name="Outcome resolution in three stages",
    source="Seed 000 section 15; IRO Handbook 6.1, 6.2",
    informal_stage="Informal resolution with the relevant manager",
    stages=(
        Stage(
            2,
            "Formal problem resolution",
            "The relevant Children's Social Care manager",
            5,
            to_team_manager=True,
            notes=(
                "If the informal resolution (stage 1, the informal attempt on the child's file) "
                "did not resolve it, or the IRO deems the matter more serious; escalated "
                "through the management structure (seed 000 section 15, step 2)."
            ),
        ),
        Stage(
            3,
            "Director of Children's Services",
            "The Director of Children's Services",
            5,
            notes="If there is still no resolution (seed 000 section 15, step 3).",
        ),
    ),
)

LADDERS: dict[str, Ladder] = {ladder.key: ladder for ladder in (FIVE_STAGE, THREE_STAGE)}


def overall_deadline(opened_on: date, calendar: Calendar, total: int = TOTAL_WORKING_DAYS) -> date:
    """The date the whole formal process must be finished by (IRO Handbook 6.2): `total` working
    days after the day it was opened (that day not counted)."""
    if not 1 <= total <= TOTAL_WORKING_DAYS:
        raise LadderError(
            f"The formal process must take between 1 and {TOTAL_WORKING_DAYS} working days "
            "in total (IRO Handbook 6.2)"
        )
    return calendar.add(opened_on, total)


def respond_by(entered_on: date, working_days: int, deadline: date, calendar: Calendar) -> date:
    """When the manager at a stage must respond: `working_days` after the stage was entered,
    and never later than the overall deadline (IRO Handbook 6.2).  A stage entered on or after
    the overall deadline (the process is already late) still gets its own working days: a
    response cannot be due before it was asked for, and the overall clock shows the delay."""
    if working_days < 1:
        raise LadderError("A stage needs at least 1 working day for the response")
    own = calendar.add(entered_on, working_days)
    return own if entered_on >= deadline else min(own, deadline)


#: How recent the informal attempt must be for the formal process to follow from it.  IRO
#: Handbook 6.1 has formal action follow when the matter "is not resolved in a timescale that is
#: appropriate to the child's needs": an attempt older than this is on an old issue, and the IRO
#: records a fresh attempt first.  A local choice, not a statutory figure.
INFORMAL_ATTEMPT_VALID_DAYS = 182


def informal_attempt_problem(
    discussed_on: date, resolved: bool | None, opened_on: date
) -> str | None:
    """Why an informal attempt cannot be the one the formal process follows (H 6.1), or None."""
    if resolved is True:
        return "That informal attempt resolved the issue: choose one that did not"
    if discussed_on > opened_on:
        return "The formal process cannot open before the informal attempt"
    if (opened_on - discussed_on).days > INFORMAL_ATTEMPT_VALID_DAYS:
        return (
            "That informal attempt is more than 6 months old: record a new informal attempt "
            "on the issue first (IRO Handbook 6.1)"
        )
    return None


def check_move(ladder: Ladder, current: int | None, target: int) -> Stage:
    """The stage the IRO moves the dispute to, if the ladder allows it: up only, any stage may be
    skipped (IRO Handbook 6.2: "The IRO may bypass any stage")."""
    stage = ladder.stage(target)
    if current is not None and target <= current:
        if target == current:
            raise LadderError(f"The dispute is already at stage {current}")
        raise LadderError(
            f"A dispute only goes up the ladder: it is at stage {current}, so choose a stage "
            f"above {current}"
        )
    return stage


@dataclass(frozen=True, slots=True)
class StepRecord:
    stage: int
    entered_on: date
    respond_by: date
    responded_on: date | None = None


@dataclass(frozen=True, slots=True)
class EscalationRecord:
    opened_on: date
    deadline: date
    steps: tuple[StepRecord, ...] = ()
    closed_on: date | None = None


@dataclass(frozen=True, slots=True)
class ClockStatus:
    """Where an escalation stands against its clock on a given day."""

    stage: int | None
    deadline: date
    closed: bool
    #: The response awaited at the current stage, if any.
    respond_by: date | None
    #: Working days until the overall deadline (0 when due today); 0 once it has passed.
    working_days_left: int
    #: Working days past the overall deadline (0 if not past; at least 1 once past).
    overdue_working_days: int
    #: Working days past the current stage's respond-by date (0 if not past or answered).
    response_overdue_working_days: int
    #: For a closed escalation: closed after the deadline.
    closed_late: bool = False

    @property
    def overdue(self) -> bool:
        return self.overdue_working_days > 0

    @property
    def response_overdue(self) -> bool:
        return self.response_overdue_working_days > 0

    @property
    def waiting_for_response(self) -> bool:
        return self.respond_by is not None

    def summary(self) -> str:
        """One line in plain words, for tags and lists."""
        if self.closed:
            return "Closed after the 20 working days" if self.closed_late else "Closed in time"
        if self.overdue:
            return f"{_days(self.overdue_working_days)} overdue"
        if self.response_overdue:
            return f"Response {_days(self.response_overdue_working_days)} overdue"
        if self.working_days_left == 0:
            return "Due today"
        return f"{_days(self.working_days_left)} left"


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def _past(due: date, today: date, calendar: Calendar) -> int:
    """Working days past `due` on `today`: 0 if not past, at least 1 once it is (a weekend after
    a Friday deadline is already late)."""
    if today <= due:
        return 0
    return max(1, calendar.working_days_between(due, today))


def clock_status(record: EscalationRecord, today: date, calendar: Calendar) -> ClockStatus:
    steps = sorted(record.steps, key=lambda s: (s.entered_on, s.stage))
    current = steps[-1] if steps else None
    closed = record.closed_on is not None
    awaiting = current is not None and current.responded_on is None and not closed
    respond = current.respond_by if awaiting and current else None
    if closed:
        end = record.closed_on
        assert end is not None
        return ClockStatus(
            stage=current.stage if current else None,
            deadline=record.deadline,
            closed=True,
            respond_by=None,
            working_days_left=0,
            overdue_working_days=0,
            response_overdue_working_days=0,
            closed_late=end > record.deadline,
        )
    left = calendar.working_days_between(today, record.deadline) if today <= record.deadline else 0
    return ClockStatus(
        stage=current.stage if current else None,
        deadline=record.deadline,
        closed=False,
        respond_by=respond,
        working_days_left=left,
        overdue_working_days=_past(record.deadline, today, calendar),
        response_overdue_working_days=_past(respond, today, calendar) if respond else 0,
    )
