"""The dispute resolution ladders and their clock (IRO Handbook 6.1-6.3; seeds 000 and 001)."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.domain.calendar import england_calendar
from carereview.domain.escalation import (
    FIVE_STAGE,
    LADDERS,
    THREE_STAGE,
    EscalationRecord,
    LadderError,
    StepRecord,
    check_move,
    clock_status,
    informal_attempt_problem,
    overall_deadline,
    respond_by,
)

cal = england_calendar()
# Monday 7 April 2025; Good Friday 18 April, Easter Monday 21 April, early May holiday 5 May.
OPENED = date(2025, 4, 7)


def test_the_five_stage_ladder_follows_seed_001() -> None:
    assert [s.number for s in FIVE_STAGE.stages] == [1, 2, 3, 4, 5]
    assert "team manager" in FIVE_STAGE.stage(1).escalate_to
    assert "email" in FIVE_STAGE.stage(1).escalate_to
    assert FIVE_STAGE.stage(2).escalate_to == "The area service manager"
    assert FIVE_STAGE.stage(2).also_alert == "The service manager, safeguarding"
    assert FIVE_STAGE.stage(3).also_alert == "The safeguarding manager"
    assert FIVE_STAGE.stage(4).also_alert == "The deputy director, safeguarding"
    assert FIVE_STAGE.stage(5).escalate_to == "The head of paid service"
    assert FIVE_STAGE.stage(5).also_alert == "The Director of Children's Services"
    assert {s.response_working_days for s in FIVE_STAGE.stages} == {5}
    assert FIVE_STAGE.total_working_days == 20


def test_the_three_stage_ladder_follows_seed_000() -> None:
    # Step 1, informal resolution, is the informal attempt on the child's file (H 6.1); the
    # formal ladder and its 20 working days start at step 2.
    assert THREE_STAGE.informal_stage == "Informal resolution with the relevant manager"
    assert [(s.number, s.title) for s in THREE_STAGE.stages] == [
        (2, "Formal problem resolution"),
        (3, "Director of Children's Services"),
    ]
    assert THREE_STAGE.stage(2).to_team_manager and FIVE_STAGE.stage(1).to_team_manager
    assert not FIVE_STAGE.informal_stage
    assert THREE_STAGE.total_working_days == 20
    assert set(LADDERS) == {"five-stage", "three-stage"}


def test_the_whole_process_ends_20_working_days_after_it_opens_across_easter() -> None:
    # 20 working days, skipping Good Friday, Easter Monday and the early May bank holiday.
    assert overall_deadline(OPENED, cal) == date(2025, 5, 8)


def test_no_authority_can_set_more_than_20_working_days() -> None:
    with pytest.raises(LadderError, match="20 working days"):
        overall_deadline(OPENED, cal, total=25)


def test_a_stage_must_be_answered_within_its_own_working_days() -> None:
    deadline = overall_deadline(OPENED, cal)
    assert respond_by(OPENED, 5, deadline, cal) == date(2025, 4, 14)
    # Entered on Thursday 1 May: 5 working days is Friday 9 May, past the overall deadline of
    # Thursday 8 May, so the response is due by the deadline itself.
    assert respond_by(date(2025, 5, 1), 5, deadline, cal) == deadline
    # Entered on or after the deadline (Friday 9 May): its own 5 working days, never earlier.
    assert respond_by(date(2025, 5, 9), 5, deadline, cal) == date(2025, 5, 16)
    assert respond_by(deadline, 5, deadline, cal) == date(2025, 5, 15)
    with pytest.raises(LadderError):
        respond_by(OPENED, 0, deadline, cal)


def test_the_iro_may_skip_stages_but_never_go_down() -> None:
    assert check_move(FIVE_STAGE, None, 1).number == 1
    assert check_move(FIVE_STAGE, None, 3).number == 3  # straight to stage 3 (H 6.2)
    assert check_move(FIVE_STAGE, 1, 4).number == 4
    with pytest.raises(LadderError, match="only goes up the ladder"):
        check_move(FIVE_STAGE, 3, 2)
    with pytest.raises(LadderError, match="already at stage 3"):
        check_move(FIVE_STAGE, 3, 3)
    with pytest.raises(LadderError, match="no stage 6"):
        check_move(FIVE_STAGE, 3, 6)
    with pytest.raises(LadderError, match="no stage 4"):
        check_move(THREE_STAGE, 2, 4)
    with pytest.raises(LadderError, match="no stage 1"):
        check_move(THREE_STAGE, None, 1)


def test_the_formal_process_follows_a_recent_attempt_that_did_not_resolve_it() -> None:
    assert informal_attempt_problem(date(2025, 4, 1), None, OPENED) is None
    assert informal_attempt_problem(date(2025, 4, 1), False, OPENED) is None
    assert "resolved the issue" in (informal_attempt_problem(date(2025, 4, 1), True, OPENED) or "")
    assert "before the informal" in (informal_attempt_problem(date(2025, 4, 8), None, OPENED) or "")
    assert informal_attempt_problem(date(2024, 10, 7), None, OPENED) is None  # 182 days
    assert "6 months old" in (informal_attempt_problem(date(2024, 10, 6), None, OPENED) or "")


def _record(*steps: StepRecord, closed_on: date | None = None) -> EscalationRecord:
    return EscalationRecord(OPENED, overall_deadline(OPENED, cal), tuple(steps), closed_on)


def test_the_clock_counts_working_days_left_and_the_response_awaited() -> None:
    step = StepRecord(1, OPENED, date(2025, 4, 14))
    status = clock_status(_record(step), OPENED, cal)
    assert status.stage == 1
    assert status.respond_by == date(2025, 4, 14)
    assert status.working_days_left == 20
    assert not status.overdue and not status.response_overdue
    assert status.summary() == "20 working days left"
    answered = StepRecord(1, OPENED, date(2025, 4, 14), responded_on=date(2025, 4, 14))
    assert clock_status(_record(answered), date(2025, 5, 8), cal).summary() == "Due today"


def test_a_late_response_shows_working_days_overdue_skipping_the_easter_holidays() -> None:
    step = StepRecord(1, date(2025, 4, 10), date(2025, 4, 17))
    status = clock_status(_record(step), date(2025, 4, 22), cal)
    # Thursday 17 April -> Tuesday 22 April: Good Friday and Easter Monday are not counted.
    assert status.response_overdue_working_days == 1
    assert status.summary() == "Response 1 working day overdue"
    # A Saturday after a Friday deadline is already late.
    friday = StepRecord(1, OPENED, date(2025, 4, 11))
    assert clock_status(_record(friday), date(2025, 4, 12), cal).response_overdue_working_days == 1


def test_once_answered_only_the_overall_deadline_runs() -> None:
    step = StepRecord(1, OPENED, date(2025, 4, 14), responded_on=date(2025, 4, 11))
    status = clock_status(_record(step), date(2025, 4, 16), cal)
    assert status.respond_by is None and not status.response_overdue
    late = clock_status(_record(step), date(2025, 5, 12), cal)
    assert late.overdue_working_days == 2
    assert late.working_days_left == 0
    assert late.summary() == "2 working days overdue"


def test_the_current_stage_is_the_latest_one_entered() -> None:
    first = StepRecord(1, OPENED, date(2025, 4, 14))
    third = StepRecord(3, date(2025, 4, 16), date(2025, 4, 24))
    status = clock_status(_record(first, third), date(2025, 4, 16), cal)
    assert status.stage == 3
    assert status.respond_by == date(2025, 4, 24)


def test_a_closed_escalation_says_whether_it_closed_in_time() -> None:
    step = StepRecord(2, OPENED, date(2025, 4, 14))
    on_time = clock_status(_record(step, closed_on=date(2025, 5, 8)), date(2025, 6, 1), cal)
    assert on_time.closed and not on_time.overdue and on_time.summary() == "Closed in time"
    late = clock_status(_record(step, closed_on=date(2025, 5, 9)), date(2025, 6, 1), cal)
    assert late.closed_late and late.summary() == "Closed after the 20 working days"
