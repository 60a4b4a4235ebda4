"""Documents after a review: per recipient, identifying details left out where needed."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.records.codes import ContactRole
from carereview.records.models import ChildContact
from carereview.reviews import cycle, documents
from carereview.reviews.models import Distribution, Invitee, Review

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS = "14 Example Close, Demotown"


@pytest.fixture
def review(staff, make_child):
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    child.episodes.update(placement_address=ADDRESS)
    ChildContact.objects.create(
        child=child, role=ContactRole.MOTHER, name="Morag Parent", parental_responsibility=True
    )
    ChildContact.objects.create(child=child, role=ContactRole.CARER, name="Fern Carer")
    review = Review.objects.create(
        child=child,
        held_on=date(2024, 1, 30),
        chair="iro",
        participation="PN1",
        views=f"The carers at {ADDRESS} say she is settled.",
    )
    cycle.propose_invitations(review)
    review.invitees.filter(role="carer").update(attendance="attended")
    review.invitees.filter(role="child").update(attendance="attended")
    cycle.add_decision(
        review, "Arrange a dental check", "Carer", date(2024, 3, 1), "", staff["iro"]
    )
    return review


def test_a_parent_never_receives_the_placement_address_by_default(staff, review) -> None:
    lines = {d.invitee.role: d for d in documents.default_distribution(review, staff["iro"])}
    assert lines["mother"].leave_out_placement_address
    assert not lines["carer"].leave_out_placement_address
    lines["mother"].receives = Distribution.FULL_RECORD
    mother = documents.text_of(documents.render(lines["mother"]))
    carer = documents.text_of(documents.render(lines["carer"]))
    assert ADDRESS not in mother and "[address removed]" in mother
    assert "Arrange a dental check" in mother
    assert f"Placement address: {ADDRESS}" in carer


def test_an_absent_parent_gets_an_outcome_letter_with_a_recorded_reason(
    client, staff, review
) -> None:
    lines = {d.invitee.role: d for d in documents.default_distribution(review, staff["iro"])}
    assert lines["mother"].receives == Distribution.OUTCOME_LETTER
    letter = documents.text_of(documents.render(lines["mother"]))
    assert letter.startswith("Dear Morag Parent,") and "Arrange a dental check" in letter
    client.login(username="iro.one", password=PASSWORD)
    form = {f"receives-{d.pk}": d.receives for d in lines.values()}
    form["lines"] = [str(d.pk) for d in lines.values()]
    page = client.post(f"/reviews/{review.pk}/distribution/", form).content.decode()
    assert "did not attend: record why" in page
    form[f"reason-{lines['mother'].pk}"] = "No contact order: decisions by letter only"
    assert client.post(f"/reviews/{review.pk}/distribution/", form).status_code == 302


def test_documents_download_and_are_audited(client, staff, review) -> None:
    lines = documents.default_distribution(review, staff["iro"])
    client.login(username="support.one", password=PASSWORD)
    response = client.get(f"/reviews/{review.pk}/distribution/{lines[0].pk}/document.docx?sent")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    lines[0].refresh_from_db()
    assert lines[0].sent_on is not None
    from carereview.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="export", child_id=review.child_id).exists()


def test_saving_the_distribution_changes_only_the_lines_the_form_showed(
    client, staff, review
) -> None:
    client.login(username="iro.one", password=PASSWORD)
    page = client.get(f"/reviews/{review.pk}/distribution/").content.decode()
    shown = list(review.distribution.select_related("invitee"))
    for line in shown:
        assert f'name="lines" value="{line.pk}"' in page
    # Someone is invited while the page is open: a relative, whose copy leaves the address out.
    ChildContact.objects.create(child=review.child, role=ContactRole.FAMILY, name="Gran Madeup")
    Invitee.objects.create(
        review=review, key="contact:gran", name="Gran Madeup", role="family", reason="Family"
    )
    form = {"lines": [str(line.pk) for line in shown]}
    for line in shown:
        form[f"receives-{line.pk}"] = Distribution.FULL_RECORD
        form[f"reason-{line.pk}"] = "Made-up reason"
    # The mother's box ticked, the carer's not: what the form showed is saved as shown.
    mother = next(line for line in shown if line.invitee.role == "mother")
    form[f"leave_out-{mother.pk}"] = "on"
    assert client.post(f"/reviews/{review.pk}/distribution/", form).status_code == 302
    saved = {d.invitee.role: d for d in review.distribution.select_related("invitee")}
    assert saved["mother"].leave_out_placement_address
    assert not saved["carer"].leave_out_placement_address
    assert saved["mother"].receives == Distribution.FULL_RECORD
    # The relative's line was never on the form: it keeps the address out.
    assert saved["family"].leave_out_placement_address
    gran = documents.text_of(documents.render(saved["family"]))
    assert ADDRESS not in gran
