"""Every documented GOV.UK Frontend example renders through our Jinja environment exactly as
GOV.UK Frontend's own Nunjucks templates do (govuk-frontend-jinja is pinned to the version that
matches; upgrade the two together, and this test says when they drift apart)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.template import engines

COMPONENTS = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "govuk-frontend"
    / "dist"
    / "govuk"
    / "components"
)


def _fixtures() -> list[tuple[str, dict]]:
    if not COMPONENTS.exists():
        return []
    found = []
    for path in sorted(COMPONENTS.glob("*/fixtures.json")):
        data = json.loads(path.read_text())
        found += [(data["component"], fixture) for fixture in data["fixtures"]]
    return found


FIXTURES = _fixtures()
pytestmark = pytest.mark.skipif(not FIXTURES, reason="node_modules not installed (make install)")


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
    assert _normalise(template.render(params=fixture["options"])) == _normalise(fixture["html"])


def test_there_are_as_many_examples_as_govuk_frontend_documents() -> None:
    assert len(FIXTURES) > 600
