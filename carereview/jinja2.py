"""The Jinja2 environment for the service's pages.

Our templates (carereview/templates) come first; GOV.UK Frontend's macros and page template are
found under the `govuk_frontend_jinja/` prefix, as govuk-frontend-jinja's own templates expect.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

import jinja2
from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import meta
from markupsafe import escape

from carereview.core.forms import date_parts
from carereview.core.navigation import navigation_for, organisation_name


class _ServiceName:
    """The service's name as settings have it at the time of rendering."""

    def __str__(self) -> str:
        return settings.CAREREVIEW_SERVICE_NAME

    def __html__(self) -> str:
        return str(escape(str(self)))


def localtime_text(value: datetime | None) -> str:
    """A moment as people in the office say it: 3 March 2025 at 16:00 (UK time)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


@lru_cache(maxsize=1)
def _govuk_optional_names() -> frozenset[str]:
    """Every name GOV.UK Frontend's own templates read without requiring it."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("govuk_frontend_jinja", "templates"),
        extensions=["jinja2.ext.do"],
    )
    names: set[str] = set()
    for name in env.list_templates():
        source = env.loader.get_source(env, name)[0]
        names |= meta.find_undeclared_variables(env.parse(source))
    return frozenset(names)


class ServiceUndefined(jinja2.ChainableUndefined):
    """Quiet for GOV.UK Frontend's optional parameters, as its templates need; loud, when
    CAREREVIEW_STRICT_TEMPLATES is on (tests, development), for a name one of our templates uses
    that its view never supplied, so that a missing variable cannot hide as an empty section."""

    def _check(self) -> None:
        if (
            getattr(settings, "CAREREVIEW_STRICT_TEMPLATES", False)
            and self._undefined_obj is jinja2.utils.missing
            and self._undefined_name is not None
            and self._undefined_hint is None  # Jinja's own, e.g. "No caller defined"
            and self._undefined_name not in _govuk_optional_names()
        ):
            self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._check()
        return super().__str__()

    def __iter__(self):  # type: ignore[override]
        self._check()
        return super().__iter__()

    def __bool__(self) -> bool:
        self._check()
        return super().__bool__()

    def __getattr__(self, name: str) -> Any:
        if name[:2] != "__":
            self._check()
        return super().__getattr__(name)


def environment(**options: Any) -> jinja2.Environment:
    ours = options.pop("loader", None) or jinja2.FileSystemLoader(
        [str(settings.BASE_DIR / "carereview" / "templates")]
    )
    options["loader"] = jinja2.ChoiceLoader(
        [
            ours,
            jinja2.PrefixLoader(
                {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja", "templates")}
            ),
        ]
    )
    # The GOV.UK page template reads many optional variables (`htmlClasses`, `bodyAttributes`...):
    # undefined ones must chain quietly rather than fail.
    options["undefined"] = ServiceUndefined
    options.setdefault("autoescape", True)
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    env = jinja2.Environment(**options)
    env.filters["localtime_text"] = localtime_text
    env.globals.update(
        get_messages=get_messages,
        navigation_for=navigation_for,
        organisation_name=organisation_name,
        date_parts=date_parts,
        static=static,
        url=reverse,
        service_name=_ServiceName(),
    )
    return env
