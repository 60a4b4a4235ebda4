"""Telling people: alerts on their own pages, reminders of deadlines, and the email outbox.

- `Alert`: shown on the person's own pages until they mark it done.
- `Notice`: one reminder (or missed-deadline alert) for one person, made once: its key is unique,
  so the daily reminder run can run twice, or on two servers at once, and tell nobody twice.
- `Message` and `Attachment`: the outbox. An email is a row first; a background worker sends it
  (see docs/notifications.md), so nothing is lost while the worker or the mail server is down.
- `NotificationPreference`: how each person wants their email (in-app alerts always come).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carereview.core import clock


class Alert(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    # The service's clock, like everything else that says "when" (a test or a training copy
    # moves it; real time would put alerts out of order with the rest).
    created = models.DateTimeField(default=clock.now)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text


class EmailChoice(models.TextChoices):
    IMMEDIATELY = "immediately", "Each reminder as it happens"
    DIGEST = "digest", "One email a day with everything in it"
    NONE = "none", "No email: only on my pages in carereview"


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    # The default is the daily digest: an IRO with 50-70 children would otherwise get several
    # emails most days (docs/notifications.md).
    email = models.CharField(max_length=20, choices=EmailChoice.choices, default=EmailChoice.DIGEST)
    changed = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"


class Status(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    RETRY = "retry", "Not sent yet: will try again"
    FAILED = "failed", "Not delivered"


class Channel(models.TextChoices):
    SMTP = "smtp", "Email server (SMTP)"
    NOTIFY = "notify", "GOV.UK Notify"


class Message(models.Model):
    """One email in the outbox. `key` says what it is ("remind:<deadline>:<due>", ...): the same
    key is never queued twice."""

    key = models.CharField(max_length=255, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="email_messages",
    )
    to_address = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=clock.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=clock.now)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    #: The sending service's own identifier (GOV.UK Notify's notification id), if it gives one.
    provider_reference = models.CharField(max_length=100, blank=True)
    #: The queue entry that will send it next (a django-tasks result id).
    task_id = models.CharField(max_length=64, blank=True)
    #: The child it is about, if one (a review invitation, a reminder): a restricted child's
    #: messages are listed for the IRO manager by key, not by subject.
    child_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["recipient", "created"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to_address} ({self.get_status_display()})"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class NoticeKind(models.TextChoices):
    REMINDER = "remind", "Reminder"
    MISSED = "missed", "Missed"


class Notice(models.Model):
    """A reminder before a deadline, or an alert that it was missed, for the person responsible:
    made at most once (its key), shown in the app, and emailed as they prefer."""

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    deadline_key = models.CharField(max_length=200)
    due = models.DateField()
    #: For the person's pages (may name the child).
    what = models.CharField(max_length=300)
    #: For email: the kind of work, with no name or free text (`Deadline.email_what`).
    email_what = models.CharField(max_length=200, blank=True)
    link = models.CharField(max_length=200, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True)
    #: The deadline source that gave it: a reminder is judged "no longer open" only against a
    #: source that answered on the day.
    source = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=clock.now)
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.SET_NULL)
    #: How it is to be emailed, decided when it is made (the person's preference then).
    email = models.CharField(max_length=20, choices=EmailChoice.choices)
    #: The email that carried it (its own, or the day's digest); empty until then.
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )

    class Meta:
        ordering = ["due", "pk"]
        indexes = [
            models.Index(fields=["recipient", "message"]),
            # The reminder run looks for what is still to be emailed every day.
            models.Index(
                fields=["recipient"],
                name="notice_not_emailed",
                condition=models.Q(message__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.key
