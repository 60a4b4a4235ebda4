"""The site's start page and health check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from carereview.authority.services import add_closure_day

pytestmark = pytest.mark.django_db

DIST = Path(__file__).resolve().parent.parent / "carereview" / "static" / "dist"


def test_the_start_page_names_the_council_and_the_service(client) -> None:
    call_command("loaddemo")
    page = client.get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en-GB"' in html
    assert "Demo Borough Council" in html  # the generic header: the council's name, no crown
    assert "carereview" in html
    assert "GOV.UK" not in html and "Crown copyright" not in html
    assert "/static/dist/application.css" in html
    assert 'href="#main-content"' in html  # skip link


def test_the_start_page_shows_the_profile_and_coming_closure_days(client) -> None:
    add_closure_day(date(2999, 12, 29), "Offices closed")
    html = client.get("/").content.decode()
    assert "statutory" in html and "29 December 2999: Offices closed" in html


def test_the_health_check_answers_when_the_database_does(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.skipif(not (DIST / "application.css").exists(), reason="assets not built")
def test_the_stylesheet_uses_arial_and_never_gds_transport() -> None:
    css = (DIST / "application.css").read_text()
    assert "GDS Transport" not in css and "arial" in css
    assert "@font-face" not in css
