"""Opening a child's record: only for those allowed, and every opening audited."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.records.models import Child
from carereview.staff.access import visible_children


def child_for(request: HttpRequest, pk: int, what: str = "record") -> Child:
    """The child, if this user may see them; 404 otherwise (a record's existence is not
    disclosed) with the refusal in the audit log.  The viewing itself is audited."""
    child = visible_children(request.user).filter(pk=pk).select_related("social_worker").first()
    if child is None:
        record(Action.REFUSED, f"Refused: child {pk} {what}", request=request, child_id=pk)
        raise Http404("No such child, or no access")
    record(Action.VIEW, f"Viewed {child} ({what})", request=request, obj=child)
    return child
