"""The ways an email leaves the service: an SMTP server, or GOV.UK Notify.

`CAREREVIEW_EMAIL_CHANNEL` chooses (`smtp`, the default, or `notify`). A channel either returns
(the message is accepted; it may give a reference) or raises `TemporaryFailure` (try again
later: the server is down, busy, or says "try later"), `ConfigurationProblem` (the service's own
settings are refused: the mail server's sign-in or sender address, the Notify key; the message
waits until they are put right) or `PermanentFailure` (trying again will not help: an address the
server refuses, a Notify template or placeholder that is wrong, TLS and SSL both set).

Every message carries a Message-ID made from its key, the same on every attempt, so that in the
one window where a message can go twice (the server accepted it, and the worker died before it
could record that) the copies are recognisable as one; GOV.UK Notify gets it as the reference.
"""

from __future__ import annotations

import hashlib
import io
import smtplib
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from carereview.notifications.models import Channel, Message


class TemporaryFailure(Exception):
    """Worth trying again later."""


class ConfigurationProblem(TemporaryFailure):
    """The service's settings are refused: nothing is wrong with the message, which waits for
    them to be put right (tried every hour, without using up its tries)."""


class PermanentFailure(Exception):
    """Trying again will not help until something is put right."""


TLS_AND_SSL = (
    "The email settings are wrong: EMAIL_USE_TLS and EMAIL_USE_SSL are both on. Turn one off "
    "(TLS for a mail server on port 587, SSL for one on port 465)"
)


class EmailChannel(Protocol):
    name: str

    def send(self, message: Message) -> str:
        """Send it; return the provider's reference ('' if none)."""
        ...


def message_id(message: Message) -> str:
    """A Message-ID that is the same for every attempt at this message."""
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
    return f"<{digest}@{_domain()}>"


def reference(message: Message) -> str:
    """The same identity, for services that take a plain reference (GOV.UK Notify)."""
    return "carereview-" + hashlib.sha256(message.key.encode()).hexdigest()[:32]


def _domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL.rstrip(">")
    return sender.rsplit("@", 1)[-1].strip() or "carereview.invalid"


class SmtpChannel:
    """Django's email backend (the SMTP backend unless EMAIL_BACKEND says otherwise)."""

    name = Channel.SMTP

    def send(self, message: Message) -> str:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_address],
            headers={"Message-ID": message_id(message)},
        )
        for attachment in message.attachments.all():
            email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
        try:
            connection = get_connection(fail_silently=False)
        except ValueError as error:  # Django: TLS and SSL are mutually exclusive
            raise PermanentFailure(TLS_AND_SSL) from error
        try:
            sent = connection.send_messages([email])
        except smtplib.SMTPAuthenticationError as error:
            failure = ConfigurationProblem if 500 <= error.smtp_code < 600 else TemporaryFailure
            raise failure(
                f"The mail server refused carereview's sign-in ({error.smtp_code} "
                f"{_reply(error)}): check EMAIL_HOST_USER and EMAIL_HOST_PASSWORD"
            ) from error
        except smtplib.SMTPSenderRefused as error:
            failure = ConfigurationProblem if 500 <= error.smtp_code < 600 else TemporaryFailure
            raise failure(
                f"The mail server refused the sender address {settings.DEFAULT_FROM_EMAIL} "
                f"({error.smtp_code} {_reply(error)}): check DEFAULT_FROM_EMAIL, and "
                "EMAIL_HOST_USER and EMAIL_HOST_PASSWORD if the server wants a sign-in"
            ) from error
        except smtplib.SMTPNotSupportedError as error:
            raise ConfigurationProblem(
                f"The mail server does not offer what the settings ask for ({error}): check "
                "EMAIL_USE_TLS and EMAIL_HOST_USER"
            ) from error
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            text = "; ".join(
                f"{address}: {code} {reply.decode(errors='replace')}"
                for address, (code, reply) in error.recipients.items()
            )
            if all(500 <= code < 600 for code in codes):
                raise PermanentFailure(f"The mail server refused the address ({text})") from error
            raise TemporaryFailure(f"The mail server said to try later ({text})") from error
        except smtplib.SMTPResponseException as error:
            # 4xx: "try later"; 5xx: refused for good, until someone puts it right.
            failure = PermanentFailure if 500 <= error.smtp_code < 600 else TemporaryFailure
            raise failure(
                f"The mail server did not take the message: {error.smtp_code} {_reply(error)}"
            ) from error
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(
                f"Could not reach the mail server ({settings.EMAIL_HOST}:{settings.EMAIL_PORT}): "
                f"{error or type(error).__name__}"
            ) from error
        if not sent:
            raise TemporaryFailure("The mail server did not accept the message")
        return ""


def _reply(error: smtplib.SMTPResponseException) -> str:
    reply = error.smtp_error
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply or "")


# File types GOV.UK Notify's "send a file by email" accepts, by extension.
NOTIFY_FILE_TYPES = {
    "pdf",
    "csv",
    "txt",
    "doc",
    "docx",
    "odt",
    "rtf",
    "xlsx",
    "json",
    "jpeg",
    "jpg",
}
NOTIFY_FILE_LIMIT = 2 * 1024 * 1024


class NotifyChannel:
    """GOV.UK Notify, through its official client.

    The template (CAREREVIEW_NOTIFY_TEMPLATE_ID) has two placeholders, ((subject)) and ((body)).
    Notify sends no attachments as such: one file of a type it accepts goes as a download link
    when a second template with ((subject)), ((body)) and ((link_to_file)) is set
    (CAREREVIEW_NOTIFY_FILE_TEMPLATE_ID); anything else (a calendar invitation, several files) is
    named at the end of the body and not sent.
    """

    name = Channel.NOTIFY

    def __init__(self) -> None:
        if not settings.CAREREVIEW_NOTIFY_API_KEY or not settings.CAREREVIEW_NOTIFY_TEMPLATE_ID:
            raise PermanentFailure(
                "GOV.UK Notify is chosen (CAREREVIEW_EMAIL_CHANNEL=notify) but "
                "CAREREVIEW_NOTIFY_API_KEY or CAREREVIEW_NOTIFY_TEMPLATE_ID is not set"
            )

    def send(self, message: Message) -> str:
        from notifications_python_client.errors import APIError
        from notifications_python_client.notifications import NotificationsAPIClient
        from notifications_python_client.utils import prepare_upload

        try:
            client = NotificationsAPIClient(
                settings.CAREREVIEW_NOTIFY_API_KEY,
                base_url=settings.CAREREVIEW_NOTIFY_BASE_URL,
                timeout=settings.EMAIL_TIMEOUT,
            )
        except (AssertionError, ValueError, IndexError) as error:
            raise PermanentFailure("The GOV.UK Notify API key is not a valid key") from error
        template_id = settings.CAREREVIEW_NOTIFY_TEMPLATE_ID
        body = message.body
        personalisation: dict[str, object] = {"subject": message.subject}
        attachments = list(message.attachments.all())
        sendable = [
            a
            for a in attachments
            if a.filename.rsplit(".", 1)[-1].lower() in NOTIFY_FILE_TYPES
            and len(a.content) <= NOTIFY_FILE_LIMIT
        ]
        if len(attachments) == 1 and sendable and settings.CAREREVIEW_NOTIFY_FILE_TEMPLATE_ID:
            file = sendable[0]
            template_id = settings.CAREREVIEW_NOTIFY_FILE_TEMPLATE_ID
            personalisation["link_to_file"] = prepare_upload(
                io.BytesIO(bytes(file.content)),
                filename=file.filename,
                confirm_email_before_download=True,
            )
        elif attachments:
            names = ", ".join(a.filename for a in attachments)
            body += (
                f"\n\nNot attached (GOV.UK Notify cannot send it as an attachment): {names}. "
                "Open carereview to see it."
            )
        personalisation["body"] = body
        try:
            response = client.send_email_notification(
                email_address=message.to_address,
                template_id=template_id,
                personalisation=personalisation,
                reference=reference(message),
            )
        except APIError as error:
            status = error.status_code
            text = f"GOV.UK Notify answered {status}: {error.message}"
            # 400: a bad address, template or placeholder: this message will never go.
            # 403: the key is wrong or revoked: every message waits for it to be put right.
            if status == 403:
                raise ConfigurationProblem(
                    f"{text} (check CAREREVIEW_NOTIFY_API_KEY: a live key, for this service)"
                ) from error
            if status == 400:
                raise PermanentFailure(text) from error
            raise TemporaryFailure(text) from error
        except OSError as error:
            raise TemporaryFailure(f"Could not reach GOV.UK Notify: {error}") from error
        return str((response or {}).get("id", ""))


def configured_channel() -> EmailChannel:
    choice = settings.CAREREVIEW_EMAIL_CHANNEL
    if choice == Channel.NOTIFY:
        return NotifyChannel()
    if choice == Channel.SMTP:
        return SmtpChannel()
    raise PermanentFailure(f"CAREREVIEW_EMAIL_CHANNEL is {choice!r}: it must be 'smtp' or 'notify'")
