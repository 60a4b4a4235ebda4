"""Checks of the email settings (`carereview check`, `carereview check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from carereview.notifications.channels import TLS_AND_SSL


@register("carereview")
def email_security(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Refused at start: with both set, no email could ever be sent."""
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        return [Error(TLS_AND_SSL, id="carereview.E101")]
    return []


@register("carereview", deploy=True)
def site_url(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every email links to the service: without its address they would lead nowhere (or to
    localhost), so the reminder run sends none until it is set."""
    url = settings.CAREREVIEW_SITE_URL
    if not url:
        return [
            Error(
                "CAREREVIEW_SITE_URL is not set: carereview sends no reminder emails without it",
                hint="Set it to the service's address as people reach it, e.g. "
                "https://carereview.example.gov.uk (docs/configuration.md)",
                id="carereview.E102",
            )
        ]
    if not url.startswith(("https://", "http://")):
        return [
            Error(
                f"CAREREVIEW_SITE_URL is {url!r}: it must start with https://",
                id="carereview.E103",
            )
        ]
    return []
