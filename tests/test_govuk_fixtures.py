"""Every documented GOV.UK Frontend example renders through our Jinja environment exactly as
GOV.UK Frontend's own Nunjucks templates do.

govuk-frontend-jinja (PyPI) is pinned to the release that matches npm govuk-frontend: 4.1.0
reproduces all 657 examples of 6.3.0.  Upgrade the two together; these tests say when they drift
apart.  The comparison ignores only layout whitespace (stricter than govuk-frontend-jinja's own
suite, which drops every space and lower-cases) and the two ways of escaping a double quote.
"""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import pytest
from django.template import engines

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "node_modules" / "govuk-frontend"
COMPONENTS = FRONTEND / "dist" / "govuk" / "components"

if not COMPONENTS.is_dir():
    pytest.skip("node_modules not installed (make assets)", allow_module_level=True)

PINNED_FRONTEND = json.loads((ROOT / "package.json").read_text())["dependencies"]["govuk-frontend"]
# The govuk-frontend-jinja release that reproduces each GOV.UK Frontend release's examples.
MATCHING_JINJA = {"6.3.0": "4.1.0"}


def _fixtures() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(COMPONENTS.glob("*/fixtures.json")):
        data = json.loads(path.read_text())
        found += [(data["component"], fixture) for fixture in data["fixtures"]]
    return found


FIXTURES = _fixtures()


def _macro(component: str) -> str:
    return "govuk" + "".join(part.capitalize() for part in component.split("-"))


def _normalise(html: str) -> str:
    html = re.sub(r">\s+", ">", html.strip())
    html = re.sub(r"\s+<", "<", html)
    html = re.sub(r"\s+(/?>)", r"\1", html)  # space before the end of a tag
    html = html.replace("&#34;", "&quot;")  # Jinja and Nunjucks escape quotes differently
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize(
    ("component", "fixture"), FIXTURES, ids=[f"{c}:{f['name']}" for c, f in FIXTURES]
)
def test_component_renders_like_govuk_frontend(component: str, fixture: dict) -> None:
    env = engines["jinja2"].env
    macro = _macro(component)
    template = env.from_string(
        f'{{% from "govuk_frontend_jinja/components/{component}/macro.html" import {macro} %}}'
        f"{{{{ {macro}(params) }}}}"
    )
    assert _normalise(template.render(params=fixture.get("options", {}))) == _normalise(
        fixture.get("html", "")
    )


def test_the_installed_versions_are_the_matching_pair() -> None:
    installed = json.loads((FRONTEND / "package.json").read_text())["version"]
    assert installed == PINNED_FRONTEND, "run `make assets` (npm ci) to install the pinned version"
    assert version("govuk-frontend-jinja") == MATCHING_JINJA[installed]


def test_every_documented_example_is_checked() -> None:
    assert len(FIXTURES) == 657  # GOV.UK Frontend 6.3.0's count: update with the pair above
    nunjucks = {path.parent.name for path in COMPONENTS.glob("*/macro.njk")}
    jinja = files("govuk_frontend_jinja") / "templates" / "components"
    assert {entry.name for entry in jinja.iterdir() if (entry / "macro.html").is_file()} == nunjucks
