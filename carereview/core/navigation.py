"""The service navigation for each role, and the organisation's name for the header."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from carereview.staff.models import Role

_ITEMS = {
    "work": ("My work", "my_work", {Role.IRO}),
    "service": ("Service overview", "service", {Role.IRO_MANAGER}),
    "waiting": (
        "Waiting for your response",
        "escalations_waiting",
        {Role.TEAM_MANAGER, Role.SENIOR_MANAGER},
    ),
    "children": ("Children", "child_list", set(Role)),
    "reports": ("Reports", "reports:index", {Role.IRO_MANAGER}),
    "import": ("SSDA903 import and export", "interchange:start", {Role.IRO_MANAGER}),
    "new_child": (
        "Child becoming looked after",
        "child_new",
        {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO_MANAGER},
    ),
}


def navigation_for(request: Any) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name, roles in _ITEMS.values():
        if user.role in roles:
            href = reverse(name)
            items.append(
                {
                    "text": label,
                    "href": href,
                    "active": request.path == href
                    or (href != "/" and request.path.startswith(href)),
                }
            )
    return items


def organisation_name() -> str:
    from carereview.authority.models import AuthoritySettings

    settings = AuthoritySettings.objects.order_by("pk").only("name").first()
    return settings.name if settings else ""
