"""Sign-in, sign-out and failed sign-in go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from carereview.audit.log import record
from carereview.audit.models import Action


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(Action.SIGN_IN, "Signed in", request=request, user=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Action.SIGN_OUT, "Signed out", request=request, user=user)


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    record(
        Action.SIGN_IN_FAILED,
        "Sign-in failed",
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )
