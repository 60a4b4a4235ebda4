"""Proposing an IRO: the rules of IRO Handbook 7.2 and 7.15, each visible in the reasons."""

from __future__ import annotations

from datetime import date

from carereview.domain.allocation import (
    ChildNeeds,
    IROAvailability,
    allocation_deadlines,
    rank_iros,
)
from carereview.domain.calendar import england_calendar


def iro(iro_id: int, caseload: int = 40, **extra) -> IROAvailability:
    return IROAvailability(
        iro_id=iro_id, name=f"IRO {iro_id}", fte=extra.pop("fte", 1.0), caseload=caseload, **extra
    )


def test_brothers_and_sisters_share_an_iro_even_over_a_lighter_caseload() -> None:
    ranked = rank_iros(
        ChildNeeds(child_id=9, sibling_ids=frozenset({5})),
        [iro(1, caseload=20), iro(2, caseload=60, child_ids=frozenset({5}))],
    )
    assert ranked[0].iro_id == 2
    assert any("brothers and sisters" in r for r in ranked[0].reasons)


def test_a_looked_after_parent_and_child_never_share_an_iro() -> None:
    ranked = rank_iros(
        ChildNeeds(child_id=9, parent_or_child_ids=frozenset({7})),
        [iro(1, child_ids=frozenset({7})), iro(2, caseload=69)],
    )
    assert ranked[0].iro_id == 2
    assert not ranked[1].eligible and "different IROs" in ranked[1].exclusions[0]


def test_the_childs_social_worker_or_their_manager_is_never_their_iro() -> None:
    ranked = rank_iros(
        ChildNeeds(child_id=9, social_worker_id=1, social_worker_manager_id=2),
        [iro(1), iro(2), iro(3, caseload=65)],
    )
    assert [c.iro_id for c in ranked if c.eligible] == [3]


def test_a_specialist_is_preferred_for_communication_needs_and_a_shared_language_helps() -> None:
    ranked = rank_iros(
        ChildNeeds(child_id=9, communication_needs=True, first_language="Polish"),
        [
            iro(1, caseload=30),
            iro(2, caseload=50, specialisms=frozenset({"communication"})),
            iro(3, caseload=50, languages=frozenset({"Polish"})),
        ],
    )
    assert [c.iro_id for c in ranked] == [2, 3, 1]
    assert "specialism matches" in ranked[0].reasons[0]


def test_caseloads_are_balanced_against_50_to_70_per_full_time_post() -> None:
    ranked = rank_iros(
        ChildNeeds(child_id=9),
        [iro(1, caseload=70), iro(2, caseload=30, fte=0.5), iro(3, caseload=45)],
    )
    assert ranked[0].iro_id == 3  # 46 per FTE; IRO 2 would be 62 per FTE, IRO 1 over 70
    assert "above the 50-70 guide" in ranked[-1].reasons[-1]


def test_a_returning_child_keeps_their_earlier_iro() -> None:
    ranked = rank_iros(
        ChildNeeds(child_id=9, previous_iro_ids=frozenset({2})),
        [iro(1, caseload=30), iro(2, caseload=55)],
    )
    assert ranked[0].iro_id == 2


def test_the_manager_is_told_within_2_and_an_iro_named_within_5_working_days() -> None:
    deadlines = allocation_deadlines(date(2024, 3, 27), england_calendar())  # Easter follows
    assert deadlines.manager_told_by == date(2024, 4, 2)
    assert deadlines.allocate_by == date(2024, 4, 5)
