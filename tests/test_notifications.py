"""The reminder run: reminders of deadlines and missed-deadline alerts, each once, in the app and
by email as each person prefers (the daily digest by default). The pages: test_notification_pages;
what an email may say: test_reminder_run."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carereview.notifications import deadlines as registry
from carereview.notifications import reminder_email, reminders
from carereview.notifications.deadlines import Deadline
from carereview.notifications.models import (
    Alert,
    EmailChoice,
    Message,
    Notice,
    Status,
)
from carereview.notifications.outbox import queue_email
from carereview.notifications.services import set_email_preference

pytestmark = pytest.mark.django_db
SITE = "https://carereview.example.gov.uk"

# Wednesday 6 March 2024; three working days before it is Friday 1 March.
DUE = date(2024, 3, 6)


@pytest.fixture
def deadlines(monkeypatch):
    """The open deadlines the reminder run will find: only these, for the test."""
    found: list[Deadline] = []
    monkeypatch.setattr(registry, "SOURCES", [lambda today: list(found)])
    return found


@pytest.fixture(autouse=True)
def site(settings):
    settings.CAREREVIEW_SITE_URL = SITE


@pytest.fixture
def people(staff):
    for name, user in staff.items():
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return staff


def deadline(user, key="invitations:1", due=DUE, what="Send the review invitations for Robin"):
    """A deadline; its email words are its on-screen words without the child's name."""
    return Deadline(
        key=key,
        recipient_id=user.pk,
        due=due,
        what=what,
        link="/reviews/1/",
        email_what=what.rsplit(" for ", 1)[0],
    )


def run_on(clock, day: date) -> reminders.RunSummary:
    clock.set_to(day)
    return reminders.run()


def test_a_reminder_comes_the_given_working_days_ahead_and_not_before(clock, deadlines, people):
    iro = people["iro"]
    set_email_preference(iro, EmailChoice.IMMEDIATELY)
    deadlines.append(deadline(iro))

    assert run_on(clock, date(2024, 2, 29)).reminders == 0  # four working days ahead
    assert not Alert.objects.filter(recipient=iro).exists()

    summary = run_on(clock, date(2024, 3, 1))  # Friday: three working days ahead
    assert (summary.reminders, summary.emails) == (1, 1)
    alert = Alert.objects.get(recipient=iro)
    assert alert.text == "Reminder: Send the review invitations for Robin (due 6 March 2024)"
    assert alert.respond_by == DUE and alert.link == "/reviews/1/"
    message = Message.objects.get(recipient=iro)
    assert message.key == f"remind:invitations:1:{DUE}"
    assert message.to_address == "iro@example.org"
    assert message.subject == "Reminder: Send the review invitations by 6 March 2024"
    assert f"{SITE}/reviews/1/" in message.body
    assert message.status == Status.QUEUED


def test_nothing_is_told_twice_when_the_run_runs_again(clock, deadlines, people):
    iro = people["iro"]
    set_email_preference(iro, EmailChoice.IMMEDIATELY)
    deadlines.append(deadline(iro))
    run_on(clock, date(2024, 3, 1))
    again = reminders.run()
    later = run_on(clock, date(2024, 3, 5))  # still within the reminder days
    assert (again.reminders, again.emails, later.reminders, later.emails) == (0, 0, 0, 0)
    assert Alert.objects.filter(recipient=iro).count() == 1
    assert Message.objects.filter(recipient=iro).count() == 1


def test_a_missed_deadline_is_alerted_once_after_the_due_date(clock, deadlines, people):
    iro = people["iro"]
    set_email_preference(iro, EmailChoice.IMMEDIATELY)
    deadlines.append(deadline(iro))
    run_on(clock, date(2024, 3, 1))
    assert run_on(clock, DUE).missed == 0  # due today is not yet missed

    summary = run_on(clock, date(2024, 3, 7))
    assert summary.missed == 1
    run_on(clock, date(2024, 3, 8))
    missed = Alert.objects.get(recipient=iro, text__startswith="Missed")
    assert missed.text == "Missed: Send the review invitations for Robin (was due 6 March 2024)"
    assert missed.read_at is None
    # The reminder gives way to the alert that it was missed.
    assert Alert.objects.get(text__startswith="Reminder").read_at is not None
    keys = set(Message.objects.values_list("key", flat=True))
    assert keys == {f"remind:invitations:1:{DUE}", f"missed:invitations:1:{DUE}"}
    assert Message.objects.get(key__startswith="missed").subject == (
        "Missed: Send the review invitations"
    )


def test_a_deadline_that_moves_is_reminded_of_afresh(clock, deadlines, people):
    iro = people["iro"]
    set_email_preference(iro, EmailChoice.IMMEDIATELY)
    deadlines.append(deadline(iro))
    run_on(clock, date(2024, 3, 1))
    deadlines[0] = deadline(iro, due=date(2024, 3, 8))  # the review was rearranged
    summary = run_on(clock, date(2024, 3, 5))
    assert summary.reminders == 1
    assert Message.objects.filter(recipient=iro).count() == 2
    assert Message.objects.filter(key="remind:invitations:1:2024-03-08").exists()


def test_a_long_reminder_period_counts_working_days_across_a_bank_holiday(clock, deadlines, people):
    # Due Wednesday 3 April 2024; five working days before it, over Easter, is Monday 25 March
    # (Good Friday 29 March and Easter Monday 1 April are not working days).
    iro = people["iro"]
    deadlines.append(
        Deadline(key="k", recipient_id=iro.pk, due=date(2024, 4, 3), what="Do it", remind_days=5)
    )
    assert run_on(clock, date(2024, 3, 22)).reminders == 0
    assert run_on(clock, date(2024, 3, 25)).reminders == 1


def test_nothing_is_made_on_a_non_working_day(clock, deadlines, people):
    deadlines.append(deadline(people["iro"], due=date(2024, 3, 1)))
    summary = run_on(clock, date(2024, 3, 2))  # Saturday
    assert not summary.working_day
    assert not Notice.objects.exists()
    assert run_on(clock, date(2024, 3, 4)).missed == 1  # told on the Monday


def test_digest_people_get_one_email_a_day_with_everything_in_it(clock, deadlines, people):
    iro = people["iro"]  # no preference set: the daily digest is the default
    deadlines += [
        deadline(iro, key="a", what="Send the invitations for Robin"),
        deadline(iro, key="b", what="Write the record for Sam", due=date(2024, 2, 28)),
        deadline(iro, key="c", what="Chase the plan for Alex", due=date(2024, 3, 4)),
    ]
    summary = run_on(clock, date(2024, 3, 1))
    assert (summary.reminders, summary.missed, summary.emails, summary.digests) == (2, 1, 0, 1)
    assert Alert.objects.filter(recipient=iro).count() == 3
    digest = Message.objects.get(recipient=iro)
    assert digest.key == f"digest:{iro.pk}:2024-03-01"
    assert digest.subject == "carereview: 3 reminders for 1 March 2024 (1 missed)"
    for what in ("Send the invitations", "Write the record", "Chase the plan"):
        assert what in digest.body
    assert digest.body.index("Missed deadlines") < digest.body.index("Coming up")

    # Later the same day a new deadline appears: no second digest today; it goes tomorrow.
    deadlines.append(deadline(iro, key="d", what="Book a room for Jo"))
    assert reminders.run().digests == 0
    assert Message.objects.filter(recipient=iro).count() == 1
    run_on(clock, date(2024, 3, 4))
    monday = Message.objects.get(key=f"digest:{iro.pk}:2024-03-04")
    assert "Book a room" in monday.body
    assert "Send the invitations" not in monday.body  # already told on Friday
    assert Notice.objects.filter(message__isnull=True).count() == 0
    run_on(clock, date(2024, 3, 5))  # "c" was due on Monday
    tuesday = Message.objects.get(key=f"digest:{iro.pk}:2024-03-05")
    assert tuesday.subject == "carereview: 1 reminder for 5 March 2024 (1 missed)"
    assert "Chase the plan: was due Monday 4 March 2024" in tuesday.body


def test_people_who_want_no_email_still_see_alerts(clock, deadlines, people):
    sw = people["sw"]
    set_email_preference(sw, EmailChoice.NONE)
    deadlines.append(deadline(sw))
    summary = run_on(clock, date(2024, 3, 1))
    assert summary.reminders == 1
    assert Alert.objects.filter(recipient=sw).count() == 1
    assert not Message.objects.exists()


def test_someone_without_an_email_address_gets_the_alert_only(clock, deadlines, staff):
    deadlines.append(deadline(staff["iro"]))
    run_on(clock, date(2024, 3, 1))
    assert Alert.objects.filter(recipient=staff["iro"]).count() == 1
    assert not Message.objects.exists()


def test_a_deadline_dealt_with_before_the_digest_is_not_emailed(clock, deadlines, people):
    iro = people["iro"]
    set_email_preference(iro, EmailChoice.NONE)
    deadlines.append(deadline(iro))
    run_on(clock, date(2024, 3, 1))
    set_email_preference(iro, EmailChoice.DIGEST)
    deadlines.clear()  # done
    run_on(clock, date(2024, 3, 4))
    assert not Message.objects.exists()


def test_each_person_is_told_only_of_their_own_deadlines(clock, deadlines, people):
    deadlines += [deadline(people["iro"], key="x"), deadline(people["iro2"], key="y")]
    run_on(clock, date(2024, 3, 1))
    assert Message.objects.filter(recipient=people["iro"]).count() == 1
    assert Message.objects.filter(recipient=people["iro2"]).count() == 1
    assert "x" not in Message.objects.get(recipient=people["iro2"]).key


def test_a_failing_source_does_not_stop_the_others(clock, monkeypatch, people):
    def broken(today):
        raise RuntimeError("the reviews table is locked")

    good = [deadline(people["iro"])]
    monkeypatch.setattr(registry, "SOURCES", [broken, lambda today: good])
    summary = run_on(clock, date(2024, 3, 1))
    assert summary.reminders == 1
    assert "the reviews table is locked" in summary.problems[0]


def test_the_reminders_command_reports_and_refuses_a_bad_loop(clock, deadlines, people, capsys):
    deadlines.append(deadline(people["iro"]))
    clock.set_to(date(2024, 3, 1))
    call_command("reminders")
    assert "1 March 2024: 1 reminder, 0 missed, 0 emails queued, 1 daily digest" in (
        capsys.readouterr().out
    )
    with pytest.raises(CommandError, match="number of seconds"):
        call_command("reminders", "--loop", "soon")


def test_queue_email_is_idempotent_and_refuses_bad_input(people):
    first = queue_email(key="k1", to="a@example.org", subject="Hello", body="Body")
    second = queue_email(key="k1", to="b@example.org", subject="Other", body="Other")
    assert first.pk == second.pk and Message.objects.count() == 1
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not an email address"):
        queue_email(key="k2", to="nobody", subject="s", body="b")
    with pytest.raises(ValidationError, match="key"):
        queue_email(key="", to="a@example.org", subject="s", body="b")
    with pytest.raises(ValidationError, match="bytes"):
        queue_email(
            key="k3",
            to="a@example.org",
            subject="s",
            body="b",
            attachments=[("a", "x", "text/plain")],
        )
    injected = queue_email(key="k4", to="a@example.org", subject="Hi\r\nBcc: x@y", body="b")
    assert injected.subject == "Hi Bcc: x@y"


def test_a_long_digest_lists_the_first_and_counts_the_rest(clock, deadlines, people):
    iro = people["iro"]
    deadlines += [
        deadline(iro, key=f"old{n}", due=date(2024, 2, 1), what=f"Old task {n}") for n in range(30)
    ]
    run_on(clock, date(2024, 3, 1))
    digest = Message.objects.get(recipient=iro)
    assert digest.subject == "carereview: 30 reminders for 1 March 2024 (30 missed)"
    assert digest.body.count("- Old task") == reminder_email.DIGEST_LIMIT
    assert "- and 5 more: see your pages in carereview" in digest.body
    assert Alert.objects.filter(recipient=iro).count() == 30


# -- what the run must not lose, nor send twice ---------------------------------------------------


def test_a_reminder_waiting_for_a_digest_outlives_a_day_its_source_fails(
    clock, monkeypatch, people
):
    iro = people["iro"]
    found = [deadline(iro, key="a", what="Send the invitations")]
    other = [deadline(iro, key="o", what="Check the plan")]
    broken: set[str] = set()

    def reviews(today):
        if "reviews" in broken:
            raise RuntimeError("the reviews table is locked")
        return list(found)

    def visits(today):
        return list(other)

    monkeypatch.setattr(registry, "SOURCES", [reviews, visits])
    run_on(clock, date(2024, 3, 1))  # Friday's digest goes
    found.append(deadline(iro, key="late", what="Book a room"))
    other.append(deadline(iro, key="o2", what="Ring the school"))
    reminders.run()  # made after the digest: for Monday's
    other.pop()  # done over the weekend

    broken.add("reviews")
    monday = run_on(clock, date(2024, 3, 4))
    assert "the reviews table is locked" in monday.problems[0]
    # Its source said nothing today: still waiting, not written off. The other source's is.
    assert Notice.objects.get(deadline_key="late").email == EmailChoice.DIGEST
    assert Notice.objects.get(deadline_key="o2").email == EmailChoice.NONE
    assert not Alert.objects.get(text__contains="Book a room").read_at

    broken.clear()
    run_on(clock, date(2024, 3, 5))
    tuesday = Message.objects.get(key=f"digest:{iro.pk}:2024-03-05")
    assert "Book a room" in tuesday.body and "Ring the school" not in tuesday.body


def test_an_address_the_outbox_refuses_is_reported_and_the_others_still_get_theirs(
    clock, deadlines, people, capsys
):
    User = type(people["iro"])
    User.objects.filter(pk=people["iro"].pk).update(email="iro.at.council")  # not an address
    deadlines += [deadline(people["iro"], key="x"), deadline(people["iro2"], key="y")]
    clock.set_to(date(2024, 3, 1))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("reminders")
    assert "iro.one could not be queued: iro.at.council is not an email address" in (
        capsys.readouterr().err
    )
    assert Message.objects.filter(recipient=people["iro2"]).count() == 1
    assert Alert.objects.filter(recipient=people["iro"]).count() == 1  # on their pages
    User.objects.filter(pk=people["iro"].pk).update(email="iro@example.org")  # put right
    assert not run_on(clock, date(2024, 3, 4)).problems
    assert "Send the review invitations" in Message.objects.get(recipient=people["iro"]).body


def test_a_missed_deadline_is_not_also_in_the_digest_as_coming_up(clock, deadlines, people):
    iro = people["iro"]
    deadlines.append(deadline(iro, key="a", what="Send the invitations"))
    run_on(clock, date(2024, 3, 1))  # Friday's digest goes
    deadlines.append(deadline(iro, key="x", what="Book a room", due=date(2024, 3, 1)))
    reminders.run()  # due today, made after the digest: waits for Monday's
    run_on(clock, date(2024, 3, 4))  # and by Monday it is missed
    monday = Message.objects.get(key=f"digest:{iro.pk}:2024-03-04")
    assert monday.subject == "carereview: 1 reminder for 4 March 2024 (1 missed)"
    assert monday.body.count("Book a room") == 1 and "Coming up" not in monday.body


def test_alerts_of_deadlines_no_longer_open_are_marked_done(clock, monkeypatch, people):
    iro = people["iro"]
    mine = [deadline(iro, key="a", what="Send the invitations")]
    theirs = [deadline(iro, key="b", what="Check the plan", due=date(2024, 2, 28))]
    broken: set[str] = set()

    def reviews(today):
        return list(mine)

    def visits(today):
        if "visits" in broken:
            raise RuntimeError("the visits table is locked")
        return list(theirs)

    monkeypatch.setattr(registry, "SOURCES", [reviews, visits])
    run_on(clock, date(2024, 3, 1))
    assert Alert.objects.filter(read_at__isnull=True).count() == 2
    mine.clear()
    theirs.clear()  # both done; but the second source fails today
    broken.add("visits")
    run_on(clock, date(2024, 3, 4))
    assert [a.text for a in Alert.objects.filter(read_at__isnull=True)] == [
        "Missed: Check the plan (was due 28 February 2024)"
    ]
    broken.clear()
    run_on(clock, date(2024, 3, 5))
    assert not Alert.objects.filter(read_at__isnull=True).exists()


def test_without_the_sites_address_no_email_goes_and_the_run_says_why(
    clock, deadlines, people, settings
):
    settings.CAREREVIEW_SITE_URL = ""
    deadlines.append(deadline(people["iro"]))
    summary = run_on(clock, date(2024, 3, 1))
    assert summary.reminders == 1 and Alert.objects.count() == 1
    assert not Message.objects.exists()
    assert "CAREREVIEW_SITE_URL is not set" in summary.problems[0]
    settings.CAREREVIEW_SITE_URL = SITE
    run_on(clock, date(2024, 3, 4))
    assert f"{SITE}/reviews/1/" in Message.objects.get().body
