"""The documents of a review in the browser: reached from the review, downloaded as PDF or Word
by those who may see the review (and audited), refused to everyone else."""

from __future__ import annotations

import pytest

from carereview.audit.models import AuditEvent
from carereview.documents.models import DocumentTemplate
from carereview.reviews.documents import default_distribution

from .conftest import PASSWORD
from .document_setup import make_review, pdf_text

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def review(staff, make_child, clock):
    return make_review(staff, make_child, clock)


def _sign_in(client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)


def _exports(review) -> int:
    return AuditEvent.objects.filter(action="export", child_id=review.child_id).count()


def test_the_review_leads_to_its_documents_with_each_persons_invitation_and_form(
    client, review
) -> None:
    _sign_in(client, "iro.one")
    overview = client.get(f"/reviews/{review.pk}/").content.decode()
    assert f'href="/documents/reviews/{review.pk}/"' in overview
    page = client.get(f"/documents/reviews/{review.pk}/").content.decode()
    mother = review.invitees.get(role="mother")
    child = review.invitees.get(role="child")
    for link in (
        f"/documents/reviews/{review.pk}/review_record.pdf",
        f"/documents/reviews/{review.pk}/decisions.docx",
        f"/documents/reviews/{review.pk}/letter_child.pdf",
        f"/documents/reviews/{review.pk}/invitees/{mother.pk}/invitation.pdf",
        f"/documents/reviews/{review.pk}/invitees/{child.pk}/consultation.docx",
    ):
        assert f'href="{link}"' in page, link
    assert "Consultation form for a child under 11" in page
    assert "Letter to a child under 11 about their review" in page


def test_a_download_is_the_document_and_is_audited_as_an_export(client, review) -> None:
    _sign_in(client, "iro.one")
    before = _exports(review)
    response = client.get(f"/documents/reviews/{review.pk}/review_record.pdf")
    assert response.status_code == 200 and response["Content-Type"] == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="review-record-T')
    assert "Record of the review of Jordan Madeup's care plan" in pdf_text(response.content)
    word = client.get(f"/documents/reviews/{review.pk}/decisions.docx")
    assert word.status_code == 200 and word["Content-Type"] == WORD
    assert _exports(review) == before + 2
    event = AuditEvent.objects.filter(action="export").first()
    assert event.username == "iro.one" and "Decisions of the review (docx)" in event.summary


@pytest.mark.parametrize("who", ["sw.south", "tm.south"])
def test_someone_in_another_team_can_neither_see_nor_download_the_documents(
    client, review, who
) -> None:
    _sign_in(client, who)
    mother = review.invitees.get(role="mother")
    for url in (
        f"/documents/reviews/{review.pk}/",
        f"/documents/reviews/{review.pk}/review_record.pdf",
        f"/documents/reviews/{review.pk}/letter_child.docx",
        f"/documents/reviews/{review.pk}/invitees/{mother.pk}/invitation.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert _exports(review) == 0
    assert AuditEvent.objects.filter(action="refused", child_id=review.child_id).exists()


def test_the_childs_own_social_worker_downloads_the_invitations_but_not_the_recipients_copies(
    client, review, staff
) -> None:
    line = default_distribution(review, staff["iro"])[0]
    mother = review.invitees.get(role="mother")
    _sign_in(client, "sw.north")
    ok = client.get(f"/documents/reviews/{review.pk}/invitees/{mother.pk}/consultation.pdf")
    assert ok.status_code == 200
    assert "Your views before the review" in pdf_text(ok.content)
    refused = client.get(f"/documents/reviews/{review.pk}/recipients/{line.pk}.pdf")
    assert refused.status_code == 403


def test_business_support_downloads_a_parents_copy_and_marks_it_sent(client, review, staff) -> None:
    lines = {d.invitee.role: d for d in default_distribution(review, staff["iro"])}
    mother = lines["mother"]
    _sign_in(client, "support.one")
    page = client.get(f"/documents/reviews/{review.pk}/").content.decode()
    assert f'href="/documents/reviews/{review.pk}/recipients/{mother.pk}.pdf"' in page
    assert "Letter telling someone what was decided" in page
    response = client.get(f"/documents/reviews/{review.pk}/recipients/{mother.pk}.pdf?sent")
    assert response.status_code == 200 and response["Content-Type"] == PDF
    text = pdf_text(response.content)
    assert "Dear Morag Parent" in text and "Example Close" not in text
    mother.refresh_from_db()
    assert mother.sent_on is not None
    event = AuditEvent.objects.filter(action="export").first()
    assert event.changes["placement_address_left_out"] == ["True"]
    # The old address of the Word copy still works, and makes it from the same templates.
    word = client.get(f"/reviews/{review.pk}/distribution/{mother.pk}/document.docx")
    assert word.status_code == 200 and word["Content-Type"] == WORD


def test_documents_after_the_review_wait_until_it_is_held(client, review) -> None:
    review.held_on = None
    review.save()
    _sign_in(client, "iro.one")
    assert client.get(f"/documents/reviews/{review.pk}/review_record.pdf").status_code == 404
    page = client.get(f"/documents/reviews/{review.pk}/").content.decode()
    assert "After the review" not in page and "Invitations and consultation forms" in page


def test_an_authority_template_that_fails_on_a_real_review_is_explained_not_a_traceback(
    client, review
) -> None:
    from django.utils import timezone

    DocumentTemplate.objects.create(
        kind="decisions",
        format="html",
        content=b"<p>{{ child.nmae }}</p>",
        uploaded_at=timezone.now(),
        active=True,
    )  # fmt: skip  (saved before checks existed, say)
    _sign_in(client, "iro.one")
    response = client.get(f"/documents/reviews/{review.pk}/decisions.pdf")
    assert response.status_code == 500
    page = response.content.decode()
    assert "The authority\u2019s own template" in page or "The authority&#39;s own template" in page
    assert "unknown name \u201cnmae\u201d" in page and "Traceback" not in page


def test_the_authoritys_administrators_see_every_template_and_what_it_can_use(
    client, make_user, staff
) -> None:
    make_user("admin.one", "iro_manager", is_staff=True)
    _sign_in(client, "admin.one")
    page = client.get("/documents/templates/").content.decode()
    assert "Consultation form for a child under 11" in page and "child.called" in page
    shipped = client.get("/documents/templates/review_record.docx")
    assert shipped.status_code == 200 and shipped.content.startswith(b"PK")
    for wrong in ["abc", "²", "99999999999999999999999", "-1"]:
        answer = client.get("/documents/templates/review_record.docx", {"id": wrong})
        assert answer.status_code == 404
    _sign_in(client, "iro.one")
    assert client.get("/documents/templates/").status_code == 302  # to the admin sign-in
