"""How long an import's errors and warnings are kept.

They quote the uploaded files' values - children's reference numbers, dates of birth, review
dates - so they are kept long enough to put a return right and import it again, then emptied
(UK GDPR art. 5(1)(e), storage limitation): 90 days after the import finished.  The run itself
(who, when, the files' names, the counts and the outcome) stays, as the audit log's entry does.
`carereview prunemessages`, run once a day, calls `clear_old_problems`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from carereview.core import clock
from carereview.interchange.models import ImportRun

PROBLEMS_DAYS = 90


def clear_old_problems(days: int = PROBLEMS_DAYS, now: datetime | None = None) -> int:
    """Empty the errors and warnings of imports finished more than `days` ago; how many."""
    now = now or clock.now()
    old = ImportRun.objects.filter(
        finished__lt=now - timedelta(days=days), problems_cleared__isnull=True
    )
    return old.update(errors=[], warnings=[], problems_cleared=now)
