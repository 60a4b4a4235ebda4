"""Keeping the outbox in order: old sent email pruned (never what was not delivered), the safety
net in a loop, the checks that refuse settings under which no email could go or links would lead
nowhere, and a clock that a live service cannot have set by mistake."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from carereview.core import clock as service_clock
from carereview.notifications.management import looping
from carereview.notifications.models import (
    Attachment,
    EmailChoice,
    Message,
    Notice,
    NoticeKind,
    Status,
)
from carereview.notifications.outbox import queue_email

pytestmark = pytest.mark.django_db
T = timezone.make_aware(datetime(2024, 6, 3, 9, 0))


def message(key: str, status: str, days_ago: int, **extra) -> Message:
    made = queue_email(key=key, to="a@example.org", subject=key, body="b", **extra)
    when = T - timedelta(days=days_ago)
    Message.objects.filter(pk=made.pk).update(
        status=status, created=when, sent_at=when if status == Status.SENT else None
    )
    return made


def notice(user, key: str, days_ago: int, carried_by: Message | None = None) -> Notice:
    return Notice.objects.create(
        key=key,
        kind=NoticeKind.REMINDER,
        recipient=user,
        deadline_key=key,
        due=date(2024, 1, 1),
        what=key,
        email=EmailChoice.DIGEST,
        message=carried_by,
        created=T - timedelta(days=days_ago),
    )


def test_old_sent_email_is_pruned_and_nothing_undelivered_ever_is(clock, staff, capsys):
    clock.set_to(T)
    old = message("old-sent", Status.SENT, 100, attachments=[("a.ics", b"x", "text/calendar")])
    recent = message("recent-sent", Status.SENT, 10)
    for status in (Status.FAILED, Status.RETRY, Status.QUEUED, Status.SENDING):
        message(f"old-{status}", status, 200)
    carried = notice(staff["iro"], "carried", 100, carried_by=old)
    notice(staff["iro"], "ancient", 400)
    notice(staff["iro"], "this-year", 100)

    call_command("prunemessages")
    assert "Deleted 1 email(s) sent more than 90 days ago (1 attachment(s)) and 1 reminder" in (
        capsys.readouterr().out
    )
    assert not Message.objects.filter(pk=old.pk).exists()
    assert not Attachment.objects.exists()
    assert set(Message.objects.values_list("key", flat=True)) == {
        "recent-sent",
        "old-failed",
        "old-retry",
        "old-queued",
        "old-sending",
    }
    assert set(Notice.objects.values_list("key", flat=True)) == {"carried", "this-year"}
    # The reminder its email carried is not taken for one still to send.
    carried.refresh_from_db()
    assert carried.message is None and carried.email == EmailChoice.NONE
    waiting = Notice.objects.filter(message__isnull=True).exclude(email=EmailChoice.NONE)
    assert list(waiting.values_list("key", flat=True)) == ["this-year"]  # as before

    call_command("prunemessages", "--older-than", "5")
    assert not Message.objects.filter(pk=recent.pk).exists()
    with pytest.raises(CommandError, match="number of days"):
        call_command("prunemessages", "--older-than", "soon")


@pytest.mark.django_db(transaction=True)  # each pass starts by dropping a stale connection
def test_the_safety_net_runs_in_a_loop_beside_the_worker(clock, monkeypatch, capsys):
    clock.set_to(T)
    from django_tasks_db.models import DBTaskResult

    queue_email(key="lost", to="a@example.org", subject="s", body="b")
    DBTaskResult.objects.all().delete()  # its queue entry is lost
    clock.advance(minutes=5)
    passes = []

    def sleep(seconds: float) -> None:
        passes.append(seconds)
        if len(passes) == 2:
            raise KeyboardInterrupt  # Ctrl-C

    monkeypatch.setattr(looping.time, "sleep", sleep)
    call_command("sendpending", "--loop", "300")
    out = capsys.readouterr().out
    assert passes == [300, 300]
    assert out.count("email(s) queued again") == 2 and "1 email(s) queued again" in out
    with pytest.raises(CommandError, match="number of seconds"):
        call_command("sendpending", "--loop", "0")


def test_the_deploy_check_refuses_a_service_without_its_address(settings):
    settings.CAREREVIEW_SITE_URL = ""
    deploy = [e.id for e in run_checks(include_deployment_checks=True)]
    assert "carereview.E102" in deploy
    assert "carereview.E102" not in [e.id for e in run_checks()]  # development goes on
    settings.CAREREVIEW_SITE_URL = "carereview.example.gov.uk"
    assert "carereview.E103" in [e.id for e in run_checks(include_deployment_checks=True)]
    settings.CAREREVIEW_SITE_URL = "https://carereview.example.gov.uk"
    deploy = [e.id for e in run_checks(include_deployment_checks=True)]
    assert not {"carereview.E102", "carereview.E103"} & set(deploy)


def test_a_live_service_ignores_a_set_clock_and_says_so(monkeypatch, settings, caplog):
    monkeypatch.setattr(service_clock, "_warned", set())
    monkeypatch.setenv("CAREREVIEW_CLOCK", "2024-03-04T09:00")
    settings.DEBUG = False
    settings.CAREREVIEW_TRAINING = False
    with caplog.at_level(logging.WARNING, logger="carereview.core.clock"):
        assert service_clock.today() != date(2024, 3, 4)
    assert "CAREREVIEW_CLOCK is set but ignored" in caplog.text

    settings.CAREREVIEW_TRAINING = True  # a training copy
    with caplog.at_level(logging.WARNING, logger="carereview.core.clock"):
        assert service_clock.today() == date(2024, 3, 4)
    assert "the service's clock stands at 2024-03-04T09:00" in caplog.text
    settings.CAREREVIEW_TRAINING = False
    settings.DEBUG = True  # development
    assert service_clock.today() == date(2024, 3, 4)
    monkeypatch.setenv("CAREREVIEW_CLOCK", "next Tuesday")
    with pytest.raises(ValueError, match="give an ISO date-time"):
        service_clock.now()
