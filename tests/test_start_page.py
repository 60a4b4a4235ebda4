"""The site's start page, its layout (a council's service, not GOV.UK) and the health check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

DIST = Path(__file__).resolve().parent.parent / "carereview" / "static" / "dist"


def _start_page(client) -> str:
    page = client.get("/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_start_page_is_in_british_english_with_the_service_name(client, settings) -> None:
    settings.CAREREVIEW_SERVICE_NAME = "Northshire children's reviews"
    html = _start_page(client)
    assert '<html lang="en-GB"' in html
    assert "<title>Start – Northshire children&#39;s reviews</title>" in html
    # The generic header (no crown, no GOV.UK logotype) and the page's heading name the service.
    header = re.search(r'<div class="govuk-generic-header">.*?</div>\s*</div>\s*</div>', html, re.S)
    assert header and "Northshire children&#39;s reviews" in header.group()
    assert '<h1 class="govuk-heading-xl">Northshire children&#39;s reviews</h1>' in html


def test_the_start_page_is_not_dressed_as_gov_uk(client) -> None:
    html = _start_page(client)
    assert "GOV.UK" not in html and "gov.uk" not in html.lower()
    assert "Crown copyright" not in html and "Open Government Licence" not in html
    assert "govuk-header" not in html  # GOV.UK's own header carries the crown and logotype
    assert "govuk-logo" not in html and "govuk-footer__crown" not in html
    assert "/assets/images/" not in html  # GOV.UK's favicons are the crown
    assert "carereview · Open-source software" in html


def test_the_start_page_links_the_compiled_assets_and_a_skip_link(client) -> None:
    html = _start_page(client)
    assert '<link rel="stylesheet" href="/static/dist/application.css">' in html
    assert '<script type="module" src="/static/init.js"></script>' in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html


def test_the_health_check_answers_when_the_database_does(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_the_javascript_initialises_govuk_frontend_from_the_built_file() -> None:
    init = (DIST.parent / "init.js").read_text()
    assert 'import { initAll } from "./dist/govuk-frontend.min.js";' in init
    assert "initAll()" in init


@pytest.mark.skipif(not (DIST / "application.css").exists(), reason="assets not built")
def test_the_stylesheet_uses_arial_and_never_gds_transport() -> None:
    css = (DIST / "application.css").read_text()
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "font-family:arial,sans-serif" in css
    assert "/static/dist/assets/" in css and "url(/assets/" not in css
    assert (DIST / "govuk-frontend.min.js").exists()
