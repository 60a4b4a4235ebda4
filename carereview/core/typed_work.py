"""Nothing typed is lost.

- A session that has expired when a form is sent: what was typed is kept in the (new, anonymous)
  session, the user signs in again, and the same page opens with their words in it.
- Two people editing the same record: each form carries the record's version; a save against an
  older version is refused with a message, and the typed words stay on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict

_KEY = "typed-work:"


class EditConflict(Exception):
    """The record changed since the form was opened."""


def keeps_typed_work(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Put this outside `login_required` on views with forms."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
            request.session[_KEY + request.path] = data
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)

    return wrapper


def restored(request: HttpRequest) -> QueryDict | None:
    """What the user typed before signing in again, for this page (once)."""
    data = request.session.pop(_KEY + request.path, None)
    if not data:
        return None
    restored_data = QueryDict(mutable=True)
    for key, values in data.items():
        restored_data.setlist(key, values)
    return restored_data


def check_version(record: Any, sent: Any) -> None:
    try:
        sent_version = int(sent)
    except (TypeError, ValueError):
        raise EditConflict("The form was incomplete: open the page again.") from None
    if sent_version != record.version:
        raise EditConflict(
            "Someone else saved changes to this review since you opened it. Your changes are "
            "below and have not been saved: open the page again in a new tab to see theirs, "
            "then save yours."
        )
