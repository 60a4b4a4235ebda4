"""Background tasks (django-tasks, on the database queue; run by `carereview db_worker`)."""

from __future__ import annotations

from django_tasks import TaskContext, task

from carereview.notifications.delivery import deliver


@task(takes_context=True)
def send_message(context: TaskContext, message_id: int) -> str:
    """Send one email from the outbox (see delivery.py for the exactly-once argument)."""
    entry = context.task_result
    return deliver(message_id, queued_for=entry.task.run_after, task_id=str(entry.id))
