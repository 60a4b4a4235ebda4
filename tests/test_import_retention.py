"""An import's errors and warnings quote children's details from the files: kept 90 days after
the import, then emptied by the daily `carereview prunemessages`; the run itself stays."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from carereview.interchange.models import ImportRun
from carereview.interchange.retention import clear_old_problems
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2025, 7, 1, 9, 0))
PROBLEM = {
    "file": "header.csv",
    "row": 2,
    "column": "DOB",
    "value": "31/02/2012",
    "rule": "date",
    "message": "Header row 2, column DOB: '31/02/2012' is not a date (dd/mm/yyyy)",
}


def finished_run(staff, days_ago: int) -> ImportRun:
    return ImportRun.objects.create(
        started_by=staff["manager"],
        status="refused",
        errors=[PROBLEM],
        warnings=[{**PROBLEM, "rule": "440"}],
        finished=NOW - timedelta(days=days_ago),
    )


def test_errors_and_warnings_are_emptied_90_days_after_the_import_and_the_run_kept(staff):
    old, recent = finished_run(staff, 91), finished_run(staff, 89)
    unfinished = ImportRun.objects.create(started_by=staff["manager"], errors=[PROBLEM])
    assert clear_old_problems(now=NOW) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.errors, old.warnings, old.problems_cleared) == ([], [], NOW)
    assert old.status == "refused" and old.started_by == staff["manager"]
    assert recent.errors == [PROBLEM] and recent.problems_cleared is None
    assert ImportRun.objects.get(pk=unfinished.pk).errors == [PROBLEM]
    assert clear_old_problems(now=NOW) == 0  # already emptied: not counted again


def test_the_daily_prune_empties_them_and_the_page_says_why_the_list_is_gone(
    staff, client, clock, capsys
):
    clock.set_to(NOW)
    old = finished_run(staff, 120)
    call_command("prunemessages")
    assert "Emptied the errors and warnings of 1 SSDA903 import(s)" in capsys.readouterr().out
    client.login(username="iro.manager", password=PASSWORD)
    html = client.get(f"/import/{old.pk}/").content.decode()
    assert "The list of errors and warnings was emptied on" in html
    assert "31/02/2012" not in html and "What to put right" not in html
