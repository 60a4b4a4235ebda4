"""The command line that scripts and other systems rely on: exact forms, JSON, exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carereview.cli import main

# The real entry point closes database connections when a command ends, as it should; inside a
# test transaction that would break the next command on PostgreSQL, so these tests run outside one.
pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLE = {
    "profile": "statutory",
    "as_of": "2024-06-01",
    "dob": "2012-05-01",
    "episodes": [
        {"decom": "2024-01-08", "rne": "S", "ls": "C2", "place": "U4", "dec": None, "rec": None}
    ],
    "reviews": ["2024-01-30"],
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, case: object) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case) if not isinstance(case, str) else case)
    return str(path)


def test_workdays_add(capsys) -> None:
    assert run(capsys, "workdays", "add", "2024-01-08", "20")[:2] == (0, "2024-02-05\n")
    assert run(capsys, "workdays", "add", "2024-02-05", "-20")[:2] == (0, "2024-01-08\n")
    assert run(capsys, "workdays", "add", "2023-05-05", "1")[:2] == (0, "2023-05-09\n")


def test_workdays_check_names_the_holiday(capsys) -> None:
    code, out, _ = run(capsys, "workdays", "check", "2022-09-19")
    assert code == 0 and "State Funeral" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("workdays", "add", "2024-02-30", "3"), "DATE: '2024-02-30' is not a date"),
        (("workdays", "add", "2024-02-01", "three"), "N: 'three' is not a whole number"),
    ],
)
def test_workdays_refuses_bad_input_with_status_2(capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_an_authority_closure_day_changes_the_answer(capsys) -> None:
    assert run(capsys, "closuredays", "add", "2024-12-27", "Offices closed")[0] == 0
    assert run(capsys, "workdays", "add", "2024-12-24", "1")[1] == "2024-12-30\n"
    assert run(capsys, "workdays", "--ignore-closure-days", "add", "2024-12-24", "1")[1] == (
        "2024-12-27\n"
    )
    assert "2024-12-27  Offices closed" in run(capsys, "closuredays", "list")[1]
    assert run(capsys, "closuredays", "remove", "2024-12-27")[0] == 0
    assert run(capsys, "workdays", "add", "2024-12-24", "1")[1] == "2024-12-27\n"


def test_timescales_answers_the_example(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "timescales", write(tmp_path, EXAMPLE))
    assert code == 0
    result = json.loads(out)
    first = result["reviews"][0]
    assert {k: first[k] for k in ("number", "due", "held", "on_time")} == {
        "number": 1,
        "due": "2024-02-05",
        "held": "2024-01-30",
        "on_time": True,
    }
    assert first["rule"]["citation"].startswith("CPPCR 2010 reg 33(1)")
    assert first["explanation"].startswith("5 February 2024: First review within 20 working days")
    assert result["next_review_due"] == "2024-04-30" and result["overdue"] is True
    assert {t["task"] for t in first["after_review"]} >= {
        "decisions_circulated",
        "manager_response",
        "care_plan_updated",
        "full_record",
        "record_distributed",
    }


def test_timescales_reads_standard_input(capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(EXAMPLE)))
    code, out, _ = run(capsys, "timescales", "-", "--compact")
    assert code == 0 and json.loads(out)["next_review_due"] == "2024-04-30"


def _with(**changes):
    case = json.loads(json.dumps(EXAMPLE))
    for key, value in changes.items():
        if key.startswith("episode_"):
            case["episodes"][0][key.removeprefix("episode_")] = value
        else:
            case[key] = value
    return case


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (_with(episode_ls="Z9"), "episodes[0].ls: 'Z9' is not a known LS (legal status) code"),
        (_with(episode_place="Q1"), "episodes[0].place: 'Q1' is not a known PLACE"),
        (_with(episode_rne="X"), "episodes[0].rne: 'X' is not a known RNE"),
        (_with(episode_decom="2024-13-01"), "episodes[0].decom: '2024-13-01' is not a date"),
        (_with(as_of="1 June"), "as_of: '1 June' is not a date"),
        (
            _with(reviews=["2023-12-01"]),
            "reviews[0]: 2023-12-01 is before the first episode starts (2024-01-08)",
        ),
        (
            _with(episode_dec="2024-01-01", episode_rec="E4A"),
            "episodes[0].dec: 2024-01-01 is before the episode starts",
        ),
        (_with(episode_dec="2024-02-01"), "episodes[0].rec: the episode ended on 2024-02-01"),
        (_with(reviews=["2024-07-01"]), "reviews[0]: 2024-07-01 is after as_of (2024-06-01)"),
        (_with(reviews=["2024-01-30", "2024-01-30"]), "reviews[1]: 2024-01-30 is listed twice"),
        (_with(profile="lenient"), "profile: unknown profile 'lenient'"),
        (_with(profile={"invitations_before": 2}), "profile.invitations_before: 2 is shorter"),
        (_with(episodes=[]), "episodes: at least one episode is required"),
        (_with(events=[{"kind": "party", "date": "2024-02-01"}]), "events[0].kind: 'party'"),
        (_with(colour="blue"), "case.colour: unknown field"),
        ("{not json", "CASE.json: not valid JSON"),
        ([1, 2], "case: expected a JSON object"),
    ],
)
def test_timescales_refuses_bad_input_naming_the_field(capsys, tmp_path, case, message) -> None:
    code, out, err = run(capsys, "timescales", write(tmp_path, case))
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err and out == ""


def test_timescales_reports_a_missing_file(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "timescales", str(tmp_path / "nowhere.json"))
    assert code == 2 and "cannot read" in err


def test_a_proposed_date_outside_the_timescale_is_refused_with_the_reason(capsys, tmp_path) -> None:
    case = _with(as_of="2024-03-01")
    code, out, err = run(capsys, "timescales", write(tmp_path, case), "--propose", "2024-05-02")
    assert code == 1
    proposal = json.loads(out)["proposal"]
    assert proposal["accepted"] is False
    assert "after the statutory deadline 2024-04-30" in proposal["reason"]
    assert "CPPCR 2010 reg 33(2)" in proposal["reason"] and "refused" in err
    code, out, _ = run(capsys, "timescales", write(tmp_path, case), "--propose", "2024-04-29")
    assert code == 0 and json.loads(out)["proposal"]["accepted"] is True


def test_the_installed_command_runs_as_a_program(tmp_path) -> None:
    """`carereview` on the PATH of the virtual environment, exit statuses and all."""
    exe = Path(sys.executable).with_name("carereview")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([exe, "migrate", "-v0"], check=True, env=env, timeout=120)
    ok = subprocess.run(
        [exe, "timescales", write(tmp_path, EXAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["next_review_due"] == "2024-04-30"
    bad = subprocess.run(
        [exe, "timescales", write(tmp_path, _with(episode_ls="Z9"))],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "episodes[0].ls" in bad.stderr and "Traceback" not in bad.stderr


def test_a_proposed_date_that_is_not_a_date_is_refused(capsys, tmp_path) -> None:
    code, out, err = run(capsys, "timescales", write(tmp_path, EXAMPLE), "--propose", "soon")
    assert code == 2 and "--propose: 'soon' is not a date" in err and out == ""
