"""The Jinja2 environment for the service's pages.

Our templates (carereview/templates) come first; GOV.UK Frontend's macros and page template are
found under the `govuk_frontend_jinja/` prefix, as govuk-frontend-jinja's own templates expect.
"""

from __future__ import annotations

from typing import Any

import jinja2
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse


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
    options["undefined"] = jinja2.ChainableUndefined
    options.setdefault("autoescape", True)
    env = jinja2.Environment(**options)
    env.globals.update(
        static=static,
        url=reverse,
        service_name=settings.CAREREVIEW_SERVICE_NAME,
    )
    return env
