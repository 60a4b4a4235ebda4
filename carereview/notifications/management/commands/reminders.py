"""`carereview reminders`: the daily reminder run (once a day from cron or a systemd timer;
`--loop SECONDS` repeats it, for development)."""

from __future__ import annotations

from django.core.management.base import CommandError

from carereview.notifications import reminders
from carereview.notifications.management.looping import LoopingCommand


class Command(LoopingCommand):
    help = (
        "Remind people of deadlines coming up and alert them to deadlines missed (in the app and "
        "by email, each once), then queue again any email that lost its place in the queue."
    )
    what = "The reminder run"
    loop_help = "run again every SECONDS until stopped (development; production uses cron)"

    def run_once(self, looping: bool) -> None:
        summary = reminders.run()
        self.stdout.write(f"Reminders for {summary}")
        for problem in summary.problems:
            self.stderr.write(f"Problem: {problem}")
        if summary.problems and not looping:
            raise CommandError(f"{len(summary.problems)} problem(s): see above")
