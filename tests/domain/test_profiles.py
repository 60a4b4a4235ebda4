"""Authority policy profiles: local targets earlier than the law, never later."""

from __future__ import annotations

import pytest

from carereview.domain.calendar import england_calendar
from carereview.domain.timescales import FIXED_DAYS, schedule
from carereview.domain.timescales.explain import schedule_dict
from carereview.domain.timescales.profiles import ProfileError, profile_from_dict, resolve_profile

from .cases import d, ep, history

cal = england_calendar()


def test_a_91_day_target_earlier_than_3_months_becomes_the_working_date() -> None:
    result = schedule(
        history(ep("2024-07-01"), reviews=("2024-07-31",)), d("2024-08-01"), FIXED_DAYS
    )
    upcoming = result.next_review
    assert upcoming.statutory_due == d("2024-10-31")
    assert upcoming.due == d("2024-10-30")  # 91 days
    assert upcoming.local_target.rule.id == "local_second_review"


def test_a_91_day_target_later_than_the_law_is_set_aside_and_the_output_says_so() -> None:
    result = schedule(
        history(ep("2024-01-02"), reviews=("2024-01-31",)), d("2024-02-01"), FIXED_DAYS
    )
    upcoming = result.next_review
    assert upcoming.due == upcoming.statutory_due == d("2024-04-30")  # 91 days: 1 May
    (later,) = upcoming.disregarded_local_targets
    assert later.date == d("2024-05-01")
    data = schedule_dict(result, cal, FIXED_DAYS)["next_review"]
    note = data["local_targets_later_than_the_law"][0]["note"]
    assert "statutory date stands" in note


def test_a_183_day_target_later_than_6_months_is_set_aside() -> None:
    result = schedule(
        history(ep("2023-09-01"), reviews=("2023-09-28", "2024-01-31")), d("2024-02-01"), FIXED_DAYS
    )
    assert result.next_review.due == d("2024-07-31")
    assert result.next_review.disregarded_local_targets[0].date == d("2024-08-01")


def test_on_time_is_judged_against_the_statutory_date_not_the_local_target() -> None:
    result = schedule(
        history(ep("2024-07-01"), reviews=("2024-07-31", "2024-10-31")), d("2024-11-01"), FIXED_DAYS
    )
    second = result.reviews[1]
    assert second.on_time is True and second.due == d("2024-10-30")
    data = schedule_dict(result, cal, FIXED_DAYS)["reviews"][1]
    assert data["met_local_target"] is False


def test_an_authority_can_add_a_review_after_every_placement_change() -> None:
    profile = profile_from_dict({"name": "moves", "after_each_placement_working_days": 20})
    result = schedule(
        history(
            ep("2024-01-08", dec="2024-03-01", rec="X1"),
            ep("2024-03-01", rne="P", place="U6"),
            reviews=("2024-01-30",),
        ),
        d("2024-03-05"),
        profile,
    )
    upcoming = result.next_review
    assert upcoming.statutory_due == d("2024-04-30")
    assert upcoming.due == d("2024-04-02")  # 20 working days, across Easter
    assert upcoming.local_target.rule.id == "local_after_placement"


def test_an_authority_can_ask_for_more_notice_before_a_review() -> None:
    profile = profile_from_dict(
        {"name": "notice", "invitations_before": 15, "reports_before_later_reviews": 5}
    )
    result = schedule(history(ep("2024-01-08"), reviews=("2024-01-30",)), d("2024-02-01"), profile)
    tasks = {
        t["task"]: t for t in schedule_dict(result, cal, profile)["next_review"]["before_review"]
    }
    assert tasks["invitations_sent"]["working_days"] == -15
    assert tasks["invitations_sent"]["date"] == "2024-04-09"
    assert tasks["reports_to_iro"]["date"] == "2024-04-23"


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ({"invitations_before": 5}, "invitations_before: 5 is shorter"),
        ({"three_months_as_days": 95}, "three_months_as_days: 95 is longer"),
        ({"first_review_working_days": 25}, "first_review_working_days: 25 is longer"),
        ({"six_months_as_days": "183"}, "six_months_as_days: expected a whole number"),
        ({"invitation_before": 15}, "invitation_before: unknown setting"),
        ({"extends": "generous"}, "extends: unknown profile 'generous'"),
    ],
)
def test_a_profile_that_would_make_the_law_later_is_refused(definition: dict, message: str) -> None:
    with pytest.raises(ProfileError, match=message.replace("(", r"\(")):
        profile_from_dict(definition)


def test_profiles_by_name() -> None:
    assert resolve_profile(None).name == "statutory"
    assert resolve_profile("fixed-days") is FIXED_DAYS
    with pytest.raises(ProfileError, match="unknown profile 'lenient'"):
        resolve_profile("lenient")


def test_a_review_within_28_days_of_each_placement_the_first_included() -> None:
    profile = profile_from_dict({"name": "placements", "after_each_placement_days": 28})
    result = schedule(history(ep("2023-12-15")), d("2023-12-18"), profile)
    # 20 working days across Christmas is 17 January; 28 days is 12 January.
    assert result.next_review.statutory_due == d("2024-01-17")
    assert result.next_review.due == d("2024-01-12")
