"""The worker as a separate process (`carereview db_worker`), killed in the middle of sending: every
message still arrives exactly once. And the safety net (`carereview sendpending`) that puts back
what a dead worker or a lost queue entry would otherwise leave unsent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.utils import timezone

from carereview.notifications.models import Message, Status
from carereview.notifications.outbox import queue_email, resend_pending
from tests.smtp_server import SmtpServer

T = timezone.make_aware(datetime(2024, 3, 4, 9, 0))


@pytest.mark.django_db
def test_sendpending_takes_back_a_message_a_dead_worker_left_being_sent(clock, capsys):
    clock.set_to(T)
    message = queue_email(key="stuck", to="a@example.org", subject="s", body="b")
    Message.objects.filter(pk=message.pk).update(status=Status.SENDING, sending_since=T, attempts=1)
    clock.advance(minutes=10)
    call_command("sendpending")
    assert Message.objects.get(pk=message.pk).status == Status.SENDING  # may still be alive
    clock.advance(minutes=10)
    call_command("sendpending")
    assert "1 taken back" in capsys.readouterr().out
    message.refresh_from_db()
    assert message.status == Status.RETRY
    assert "The worker stopped while sending this" in message.last_error


@pytest.mark.django_db(transaction=True)
def test_a_message_whose_queue_entry_was_lost_or_died_is_queued_again(clock):
    from django_tasks_db.models import DBTaskResult

    clock.set_to(T)
    message = queue_email(key="lost", to="a@example.org", subject="s", body="b")
    DBTaskResult.objects.all().delete()  # the queue entry is lost
    clock.advance(minutes=2)
    assert resend_pending()["requeued"] == 1
    assert resend_pending()["requeued"] == 0  # it has a live entry now
    # A worker takes the entry and dies before it can claim the message.
    DBTaskResult.objects.update(status="RUNNING")
    assert resend_pending()["requeued"] == 1
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert DBTaskResult.objects.filter(pk=message.task_id, status="READY").exists()


# -- a worker killed in the middle of sending ----------------------------------------------------

PREFIX = "cr_worker_test_"


@pytest.fixture
def shared_database(tmp_path):
    """A database that separate processes can share: a throwaway PostgreSQL database when the
    suite runs on PostgreSQL, otherwise an SQLite file. Any left by an earlier run that was
    stopped before it could tidy up (its process is gone) are dropped first."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    import psycopg

    s = connection.settings_dict
    name = f"{PREFIX}{os.getpid()}"
    admin = psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    leftovers = admin.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX.replace("_", r"\_") + "%"]
    ).fetchall()
    for (old,) in leftovers:
        if old == name or not _running(old.removeprefix(PREFIX)):
            admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    yield f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _running(pid: str) -> bool:
    """Whether the test run that made a database (its process id) is still going."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def carereview(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "carereview.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def outbox_statuses(env: dict[str, str]) -> dict[str, str]:
    script = (
        "import json; from carereview.notifications.models import Message; "
        "print(json.dumps(dict(Message.objects.values_list('key', 'status'))))"
    )
    return json.loads(carereview("shell", "-c", script, env=env).strip().splitlines()[-1])


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "carereview.cli",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def stop(worker: subprocess.Popen[bytes], gently: bool = True) -> None:
    """Stop the worker, by SIGTERM (after the message it is sending) or SIGKILL; never leave it
    running: one that does not stop in time is killed."""
    if gently:
        worker.terminate()
    else:
        worker.kill()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def environment(database: str, server: SmtpServer) -> dict[str, str]:
    """A worker's environment, with five messages queued in its database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carereview.settings",
        "DATABASE_URL": database,
        "DJANGO_DEBUG": "0",
        # The clock below is a training copy's: a live service ignores it.
        "CAREREVIEW_TRAINING": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "EMAIL_TIMEOUT": "10",
        "CAREREVIEW_EMAIL_CHANNEL": "smtp",
        "CAREREVIEW_CLOCK": T.isoformat(),
    }
    carereview("migrate", "--no-input", env=env)
    carereview(
        "shell",
        "-c",
        "from carereview.notifications.outbox import queue_email\n"
        "for n in range(5):\n"
        "    queue_email(key=f'k{n}', to=f'person{n}@example.org', subject=f'Message {n}',"
        " body='b')",
        env=env,
    )
    return env


def send_the_rest_twenty_minutes_later(
    env: dict[str, str], mail: Any, log: Path, arriving: int
) -> None:
    """The safety net takes back the message the dead worker held, and a new worker sends
    everything still due: `arriving` messages in all have then reached the server."""
    later = {**env, "CAREREVIEW_CLOCK": (T + timedelta(minutes=20)).isoformat()}
    assert "1 taken back" in carereview("sendpending", env=later)
    worker = start_worker(later, log)
    try:
        mail.wait_for(arriving, timeout=120)
    finally:
        stop(worker)
    assert outbox_statuses(env) == {f"k{n}": "sent" for n in range(5)}
    assert sorted(set(mail.to())) == [f"person{n}@example.org" for n in range(5)]


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_send_loses_nothing_and_sends_nothing_twice(
    shared_database, tmp_path
):
    with SmtpServer() as server:
        mail = server.handler
        env = environment(shared_database, server)
        # The third message is held at the mail server while the worker is killed.
        mail.hold_address = "person2@example.org"
        worker = start_worker(env, tmp_path / "worker.log")
        try:
            assert mail.holding.wait(timeout=120), (tmp_path / "worker.log").read_text()
        finally:
            stop(worker, gently=False)  # SIGKILL: no chance to tidy up
        mail.release.set()
        assert mail.to() == ["person0@example.org", "person1@example.org"]
        assert outbox_statuses(env) == {
            "k0": "sent",
            "k1": "sent",
            "k2": "sending",
            "k3": "queued",
            "k4": "queued",
        }

        send_the_rest_twenty_minutes_later(env, mail, tmp_path / "worker.log", arriving=5)
        assert len(mail.received) == 5 and sorted(mail.ids().values()) == [1, 1, 1, 1, 1]


@pytest.mark.django_db(transaction=True)
def test_the_one_window_a_message_the_server_took_just_before_the_worker_died_goes_twice(
    shared_database, tmp_path
):
    """docs/notifications.md, "The window that cannot be closed": the server has the message,
    the worker dies before it hears so; the copy sent after 15 minutes has the same Message-ID."""
    with SmtpServer() as server:
        mail = server.handler
        env = environment(shared_database, server)
        mail.hold_accepted = "person2@example.org"
        worker = start_worker(env, tmp_path / "worker.log")
        try:
            assert mail.holding.wait(timeout=120), (tmp_path / "worker.log").read_text()
        finally:
            stop(worker, gently=False)
        mail.release.set()
        assert outbox_statuses(env)["k2"] == "sending"
        send_the_rest_twenty_minutes_later(env, mail, tmp_path / "worker.log", arriving=6)
        copies = mail.ids()
        assert sorted(copies.values()) == [1, 1, 1, 1, 2]
        [(twice, _)] = [(i, n) for i, n in copies.items() if n == 2]
        assert [m["To"] for m in mail.received if m["Message-ID"] == twice] == [
            "person2@example.org",
            "person2@example.org",
        ]
