"""How a web import shows its progress: the stage and count written as the import goes (no more
than once a second), the page giving them in words and as a progress bar, a run whose worker
stopped shown as failed after 30 minutes without progress, a run nobody starts flagged, a task
delivered twice run once, and a fault in the service recorded as a failure."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from carereview.interchange import runs
from carereview.interchange.models import ImportFile, ImportRun
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
T = timezone.make_aware(datetime(2025, 4, 1, 10, 0))


@pytest.fixture
def manager(client, staff, clock):
    clock.set_to(T)
    client.login(username="iro.manager", password=PASSWORD)
    return client


def running(staff, **fields) -> ImportRun:
    run = ImportRun.objects.create(started_by=staff["manager"], status="running", **fields)
    ImportRun.objects.filter(pk=run.pk).update(created=T - timedelta(minutes=5))
    run.refresh_from_db()
    return run


def test_the_page_gives_the_stage_and_count_in_words_and_as_a_progress_bar(manager, staff):
    run = running(staff, stage="Loading episodes", done=3000, total=5051, **runs.heartbeat(T))
    html = manager.get(f"/import/{run.pk}/").content.decode()
    assert "Importing the return" in html
    assert 'Loading episodes</span><span id="import-count">: 3,000 of 5,051' in html
    assert '<progress id="import-bar"' in html and 'max="5051" value="3000"' in html
    assert 'aria-labelledby="import-text"' in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "interchange/progress.js" in html


def test_progress_is_written_at_each_stage_and_at_most_once_a_second_within_one(staff, clock):
    clock.set_to(T)
    run = running(staff)
    recorder = runs.ProgressRecorder(run.pk, every=3600)
    recorder("Reading files", 0, 0)
    for done in range(1, 500):
        recorder("Loading episodes", done, 1000)
    run.refresh_from_db()
    assert (run.stage, run.done, run.total) == ("Loading episodes", 1, 1000)
    recorder("Loading episodes", 1000, 1000)  # the end of a stage is always written
    recorder("Loading reviews", 10, 80)
    run.refresh_from_db()
    assert (run.stage, run.done, run.total) == ("Loading reviews", 10, 80)
    assert recorder.writes == 4
    assert runs.last_progress(run) == T


def test_a_run_with_no_progress_for_30_minutes_is_shown_as_failed(manager, staff, clock):
    run = running(staff, stage="Loading reviews", done=10, total=80, **runs.heartbeat(T))
    clock.set_to(T + timedelta(minutes=29))
    assert "Importing the return" in manager.get(f"/import/{run.pk}/").content.decode()
    clock.set_to(T + timedelta(minutes=31))
    html = manager.get(f"/import/{run.pk}/").content.decode()
    assert "The import did not finish: nothing was imported" in html
    assert "No progress for more than 30 minutes (last: Loading reviews)" in html
    assert 'http-equiv="refresh"' not in html
    assert "Failed" in manager.get("/import/").content.decode()
    run.refresh_from_db()
    assert run.status == "running"  # shown failed, left as it is in case the worker is only slow


def test_a_run_nobody_starts_for_10_minutes_says_the_worker_may_be_stopped(manager, staff, clock):
    run = ImportRun.objects.create(started_by=staff["manager"], status="queued")
    ImportRun.objects.filter(pk=run.pk).update(created=T)
    assert "may be stopped" not in manager.get(f"/import/{run.pk}/").content.decode()
    clock.set_to(T + timedelta(minutes=11))
    html = manager.get(f"/import/{run.pk}/").content.decode()
    assert "Waiting to start the import" in html and "may be stopped" in html


def test_a_task_delivered_twice_imports_once(staff):
    run = ImportRun.objects.create(started_by=staff["manager"], status="succeeded")
    assert runs.run_import(run.pk) == "not queued"
    run.refresh_from_db()
    assert run.status == "succeeded"


def test_a_fault_in_the_service_is_recorded_as_a_failure_and_the_files_kept(
    manager, staff, monkeypatch
):
    from carereview.interchange import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "import_return", broken)
    run = runs.start_import([("header.csv", b"CHILD,SEX\r\n")], by=staff["manager"], source="web")
    assert runs.run_import(run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == "failed" and run.finished is not None
    assert ImportFile.objects.get(run=run).content == b"CHILD,SEX\r\n"
    html = manager.get(f"/import/{run.pk}/").content.decode()
    assert "A fault in carereview stopped the import" in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite allows one writer at a time")
def test_progress_is_seen_while_the_import_transaction_is_still_open(staff):
    """The import loads in one transaction; its progress goes through a second connection, so
    other app servers see it at once, and it stays even when the import is rolled back."""
    run = ImportRun.objects.create(started_by=staff["manager"], status="running")
    recorder = runs.ProgressRecorder(run.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        recorder("Loading episodes", 3000, 5051)
        seen = ImportRun.objects.values_list("stage", "done", "total").get(pk=run.pk)
        raise RuntimeError("refused: roll the import back")
    recorder.close()
    assert seen == ("Loading episodes", 3000, 5051)
    assert ImportRun.objects.values_list("stage", "done").get(pk=run.pk) == (
        "Loading episodes",
        3000,
    )
