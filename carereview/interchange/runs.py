"""Imports started from the web: the files kept in the database, the import run in the background,
its progress written where every app server can read it, and its outcome kept.

Why the database: the service may run on several app servers and workers sharing one PostgreSQL
database, so the uploaded files (ImportFile) and the run's progress (ImportRun) live there, not
on one machine's disk or memory.  The worker (`carereview db_worker`) picks the task up from the
database queue (django-tasks) and calls the same `import_return` the `carereview ssda903`
command uses.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, transaction
from django.db.utils import load_backend

from carereview.core import clock
from carereview.interchange.models import ImportFile, ImportRun, ImportStatus

logger = logging.getLogger(__name__)

#: A run "running" with no progress written for this long has stopped: its worker was killed or
#: ran out of memory. It is shown as failed (nothing was loaded: the import saves only when the
#: whole return has loaded).  A large authority's ten-year history loads in well under a minute
#: (README, benchmark), and progress is written at least at every stage, so 30 minutes of
#: silence cannot be a slow import.
STUCK_AFTER = timedelta(minutes=30)
#: Waiting this long for a worker to start the import means no worker is running.
WAITING_TOO_LONG = timedelta(minutes=10)
#: Progress is written at most this often (seconds), and at every change of stage.
PROGRESS_EVERY = 1.0

QUEUED, RUNNING = ImportStatus.QUEUED.value, ImportStatus.RUNNING.value
SUCCEEDED, REFUSED, FAILED = (
    ImportStatus.SUCCEEDED.value,
    ImportStatus.REFUSED.value,
    ImportStatus.FAILED.value,
)
FINISHED = (SUCCEEDED, REFUSED, FAILED)


def heartbeat(now: datetime | None = None) -> dict[str, datetime]:
    """The fields that record a run's progress just now (`ImportRun.progress_at`)."""
    return {"progress_at": now or clock.now()}


def last_progress(run: ImportRun) -> datetime:
    """When the run last reported progress (its upload time if it never has)."""
    return run.progress_at or run.created


def start_import(files: Iterable[tuple[str, bytes]], *, by: Any, source: str) -> ImportRun:
    """Keep the files and queue the import (the queue entry is written only once the files are)."""
    from carereview.interchange.tasks import run_import_task

    with transaction.atomic():
        run = ImportRun.objects.create(started_by=by, source=source, status=QUEUED)
        ImportFile.objects.bulk_create(
            ImportFile(run=run, name=name, content=content) for name, content in files
        )
        transaction.on_commit(partial(run_import_task.enqueue, run.pk), robust=True)
    return run


def run_import(run_id: int) -> str:
    """The background task's work: run the import on the kept files and keep the outcome."""
    from carereview.interchange.services import import_return

    claimed = ImportRun.objects.filter(pk=run_id, status=QUEUED).update(
        status=RUNNING, stage="Starting", **heartbeat()
    )
    if not claimed:  # run already (a queue entry delivered twice), or no longer there
        return "not queued"
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    files = {f.name: bytes(f.content) for f in ImportFile.objects.filter(run=run).order_by("pk")}
    recorder = ProgressRecorder(run_id)
    try:
        result = import_return(files, by=run.started_by, source=run.source, progress=recorder)
    except Exception:
        # A fault in the service, not in the return: the import's own transaction has rolled
        # back, so nothing was loaded; the files are kept for whoever looks into it.
        logger.exception("SSDA903 import %s stopped with a fault", run_id)
        ImportRun.objects.filter(pk=run_id).update(
            status=FAILED, stage="Stopped by a fault in the service", finished=clock.now()
        )
        return FAILED
    finally:
        recorder.close()
    status = SUCCEEDED if result.ok else REFUSED
    ImportRun.objects.filter(pk=run_id).update(
        status=status,
        stage="Finished",
        counts=result.counts,
        errors=problems_as_dicts(result.errors),
        warnings=problems_as_dicts(result.warnings),
        finished=clock.now(),
    )
    # The children's details in the files are now in their records, or refused: the copies are
    # not kept (UK GDPR art. 5(1)(c), data minimisation); the names stay, to show what was sent.
    ImportFile.objects.filter(run_id=run_id).update(content=b"")
    return status


def problems_as_dicts(problems: Iterable[Any]) -> list[dict[str, Any]]:
    """Problems (file, row, column, value, rule, message) as JSON-ready dicts."""
    out = []
    for problem in problems:
        item = asdict(problem) if is_dataclass(problem) else dict(problem)
        out.append({key: "" if value is None else value for key, value in item.items()})
    return out


class ProgressRecorder:
    """The progress callback handed to import_return: writes the stage and the count to the run.

    The import loads inside one transaction (nothing half-loaded), so a write through the import's
    own connection would only be seen when it commits.  While that transaction is open, progress
    goes through a second connection of its own, committed at once, so the page any app server
    shows moves on.  PostgreSQL allows that; SQLite lets one writer at a time, so there the second
    connection gives up at once and the page shows the loading stage only when it has ended.
    Writes are throttled to one a second, plus one at every change of stage.
    """

    def __init__(self, run_id: int, every: float = PROGRESS_EVERY) -> None:
        self.run_id = run_id
        self.every = every
        self.writes = 0
        self._stage: str | None = None
        self._last = float("-inf")
        self._side: Any = None
        self._side_failed = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self._stage and done < total and now - self._last < self.every:
            return
        self._stage, self._last = stage, now
        self.write({"stage": stage[:100], "done": done, "total": total, **heartbeat()})

    def write(self, fields: Mapping[str, Any]) -> None:
        self.writes += 1
        if connection.in_atomic_block and not self._side_failed:
            try:
                self._write_aside(fields)
                return
            except DatabaseError:
                self._side_failed = True
                self.close()
        ImportRun.objects.filter(pk=self.run_id).update(**fields)

    def _write_aside(self, fields: Mapping[str, Any]) -> None:
        if self._side is None:
            settings = copy.deepcopy(connection.settings_dict)
            if connection.vendor == "sqlite":  # never keep the import waiting for the lock
                settings.setdefault("OPTIONS", {})["timeout"] = 0.05
            settings["CONN_MAX_AGE"] = 0
            backend = load_backend(settings["ENGINE"])
            self._side = backend.DatabaseWrapper(settings, alias=f"{DEFAULT_DB_ALIAS}-progress")
        meta = ImportRun._meta
        quote = self._side.ops.quote_name
        sets, params = [], []
        for name, value in fields.items():
            column = meta.get_field(name)
            sets.append(f"{quote(column.column)} = %s")
            params.append(column.get_db_prep_value(value, connection=self._side))
        params.append(self.run_id)
        # Names from the model, values as parameters.
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        sql = f"UPDATE {table} SET {', '.join(sets)} WHERE {pk} = %s"
        with self._side.cursor() as cursor:
            cursor.execute(sql, params)
            if cursor.rowcount == 0:  # the run is not committed yet: only ours can see it
                raise DatabaseError("the import run is not visible to a second connection")

    def close(self) -> None:
        if self._side is not None:
            try:
                self._side.close()
            finally:
                self._side = None


def shown_status(run: ImportRun, now: datetime | None = None) -> str:
    """The run's status as the pages give it: "running" with no progress for STUCK_AFTER is
    "failed" (its worker stopped); the row is left as it is, in case the worker is only slow
    and writes the true outcome after all."""
    now = now or clock.now()
    if run.status == RUNNING and now - last_progress(run) > STUCK_AFTER:
        return FAILED
    return run.status


def waiting_too_long(run: ImportRun, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return run.status == QUEUED and now - run.created > WAITING_TOO_LONG
