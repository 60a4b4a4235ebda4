"""Background tasks (django-tasks, on the database queue; run by `carereview db_worker`)."""

from __future__ import annotations

from django_tasks import task

from carereview.interchange.runs import run_import


@task()
def run_import_task(run_id: int) -> str:
    """Import an SSDA903 return uploaded on the web (see runs.py: files and progress are kept in
    the database, so any worker can run it and any app server can show how it is going)."""
    return run_import(run_id)
