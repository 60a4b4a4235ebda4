"""Background tasks (django-tasks, on the database queue; run by `carereview db_worker`)."""

from __future__ import annotations

from django_tasks import task

from carereview.notifications.delivery import deliver


@task()
def send_message(message_id: int) -> str:
    """Send one email from the outbox (see delivery.py for the exactly-once argument)."""
    return deliver(message_id)
