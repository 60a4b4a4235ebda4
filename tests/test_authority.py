"""The authority's own settings: closure days and local policy profiles, from the database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from carereview.authority import services
from carereview.authority.models import AuthoritySettings, LocalPolicyProfile

pytestmark = pytest.mark.django_db


def test_a_closure_day_added_today_changes_every_deadline_from_now_on() -> None:
    before = services.working_calendar().add(date(2024, 12, 24), 1)
    services.add_closure_day(date(2024, 12, 27), "Offices closed")
    after = services.working_calendar().add(date(2024, 12, 24), 1)
    assert (before, after) == (date(2024, 12, 27), date(2024, 12, 30))


def test_a_local_profile_that_would_make_the_law_later_cannot_be_saved() -> None:
    profile = LocalPolicyProfile(name="slow", definition={"three_months_as_days": 100})
    with pytest.raises(ValidationError, match="three_months_as_days: 100 is longer"):
        profile.full_clean()
    clash = LocalPolicyProfile(name="statutory", definition={})
    with pytest.raises(ValidationError, match="built-in profile"):
        clash.full_clean()


def test_the_authority_cannot_choose_a_profile_that_does_not_exist() -> None:
    with pytest.raises(ValidationError, match="Unknown profile 'generous'"):
        AuthoritySettings(name="Demo", policy_profile="generous").full_clean()


def test_demo_data_loads_twice_without_harm(capsys) -> None:
    call_command("loaddemo", force=True, children=5)
    call_command("loaddemo", force=True, children=5)
    assert AuthoritySettings.objects.count() == 1
    assert "already loaded" in capsys.readouterr().out
    assert services.current_profile().name == "statutory"


def test_the_calculator_uses_the_authoritys_own_profile_by_name(capsys, tmp_path) -> None:
    call_command("loaddemo", force=True, children=5)
    capsys.readouterr()
    case = {
        "profile": "demo-placement-moves",
        "as_of": "2024-03-05",
        "episodes": [
            {
                "decom": "2024-01-08",
                "rne": "S",
                "ls": "C2",
                "place": "U4",
                "dec": "2024-03-01",
                "rec": "X1",
            },
            {"decom": "2024-03-01", "rne": "P", "ls": "C2", "place": "U6"},
        ],
        "reviews": ["2024-01-30"],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    call_command("timescales", str(path))
    result = json.loads(capsys.readouterr().out)
    assert result["next_review_due"] == "2024-04-02"
    assert result["next_review_statutory_due"] == "2024-04-30"
    invitations = [
        t for t in result["next_review"]["before_review"] if t["task"] == "invitations_sent"
    ]
    assert invitations[0]["working_days"] == -15
