"""The referral page and its bundle: for the child's IRO, the IRO managers and the senior officer
told of it; downloads audited; reports written before the referral is made and kept after."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from carereview.audit.models import Action, AuditEvent
from carereview.escalation import services
from carereview.escalation.ladders import ensure_shipped_ladders
from carereview.escalation.models import DisputeLadder
from carereview.staff.models import Role

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(staff, make_child, make_user, clock):
    ensure_shipped_ladders()
    clock.set_to(date(2025, 6, 3))
    officer = make_user("dd.page", Role.SENIOR_MANAGER)
    DisputeLadder.objects.filter(active=True).update(senior_officer=officer)
    child = make_child(staff["sw"], iro=staff["iro"], start=date(2024, 3, 4))
    return services.consider_cafcass(child, reasons="No family time for months", by=staff["iro"])


def get(client, user, url):
    client.login(username=user.username, password=PASSWORD)
    return client.get(url)


def test_the_iro_writes_the_reports_and_downloads_the_bundle(client, staff, referral) -> None:
    client.login(username="iro.one", password=PASSWORD)
    page = client.post(
        f"/cafcass/{referral.pk}/",
        {
            "form": "reports",
            "reports-iro_report": "Escalated to stage 3 without change",
            "reports-wishes_and_feelings": "Wants weekly family time",
        },
    )
    assert page.status_code == 302
    referral.refresh_from_db()
    assert referral.iro_report == "Escalated to stage 3 without change"

    pdf = client.get(f"/cafcass/{referral.pk}/bundle.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "no-store"
    assert "attachment" in pdf["Content-Disposition"]
    word = client.get(f"/cafcass/{referral.pk}/bundle.docx")
    assert word.content.startswith(b"PK")
    exports = AuditEvent.objects.filter(action=Action.EXPORT, child_id=referral.child_id)
    assert exports.count() == 2
    html = client.get(f"/cafcass/{referral.pk}/bundle/")
    assert "Escalated to stage 3 without change" in html.content.decode()
    assert client.get(f"/cafcass/{referral.pk}/bundle.txt").status_code == 404


@pytest.mark.parametrize("who", ["sw", "tm", "support", "iro2", "sw_south"])
def test_others_cannot_open_the_referral_or_its_bundle(client, staff, referral, who) -> None:
    for url in (f"/cafcass/{referral.pk}/", f"/cafcass/{referral.pk}/bundle.pdf"):
        assert get(client, staff[who], url).status_code in (403, 404)
    assert AuditEvent.objects.filter(action=Action.REFUSED, child_id=referral.child_id).exists()


def test_the_senior_officer_reads_it_but_cannot_change_it(client, referral) -> None:
    officer = referral.senior_officer
    assert get(client, officer, f"/cafcass/{referral.pk}/").status_code == 200
    refused = client.post(
        f"/cafcass/{referral.pk}/", {"form": "reports", "reports-iro_report": "Changed"}
    )
    assert refused.status_code == 403
    referral.refresh_from_db()
    assert referral.iro_report == ""


def test_once_made_the_reports_are_part_of_the_record(staff, referral) -> None:
    services.record_referral_made(
        referral,
        referred_on=date(2025, 6, 3),
        iro_report="Why now, and the steps taken",
        wishes_and_feelings="",
        cafcass_reference="",
        by=staff["iro"],
    )
    with pytest.raises(ValidationError, match="already made"):
        services.prepare_referral(
            referral, iro_report="Rewritten", wishes_and_feelings="", by=staff["iro"]
        )


def test_a_referral_that_does_not_exist_is_not_found(client, staff) -> None:
    assert get(client, staff["iro"], "/cafcass/999999/").status_code == 404


def test_the_bundle_read_in_the_browser_can_run_no_script(client, staff, referral) -> None:
    from django.utils import timezone

    from carereview.documents.models import DocumentTemplate

    # An authority's own template (or what people wrote) with a script in it.
    DocumentTemplate.objects.create(
        kind="cafcass_bundle",
        format="html",
        content=b"<h1>{{ bundle.cover.child_name }}</h1><script>alert(document.cookie)</script>",
        uploaded_at=timezone.now(),
        active=True,
    )
    response = get(client, staff["iro"], f"/cafcass/{referral.pk}/bundle/")
    assert response.status_code == 200 and b"<script>" in response.content
    policy = [p.strip() for p in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_a_bundle_template_that_fails_is_explained_not_a_server_error_page(
    client, staff, referral, fmt
) -> None:
    from django.utils import timezone

    from carereview.documents.models import DocumentTemplate

    DocumentTemplate.objects.create(
        kind="cafcass_bundle",
        format="docx" if fmt == "docx" else "html",
        content=(
            _docx_with("{{ bundle.cover.nmae }}")
            if fmt == "docx"
            else b"<p>{{ bundle.cover.nmae }}</p>"
        ),
        uploaded_at=timezone.now(),
        active=True,
    )  # saved before the checks existed, say
    url = (
        f"/cafcass/{referral.pk}/bundle/"
        if fmt == "html"
        else f"/cafcass/{referral.pk}/bundle.{fmt}"
    )
    response = get(client, staff["iro"], url)
    assert response.status_code == 500  # a failure monitoring sees, explained on the page
    page = response.content.decode()
    assert "The referral bundle could not be made" in page
    assert "unknown name \u201cnmae\u201d" in page and "Traceback" not in page
    assert f'href="/cafcass/{referral.pk}/"' in page  # the way back to the referral
    assert not AuditEvent.objects.filter(action=Action.EXPORT, child_id=referral.child_id).exists()


def _docx_with(*paragraphs: str) -> bytes:
    import io

    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
