"""Identifying details left out per recipient, as the distribution list records (IRO Handbook
3.69): read back from the Word file and from the PDF, not from the data handed to the template."""

from __future__ import annotations

import pytest

from carereview.documents import redaction, services
from carereview.documents.engine import docx_text
from carereview.reviews.documents import default_distribution
from carereview.reviews.models import Distribution

from .document_setup import MOTHER_ADDRESS, NEVER_FOR_PARENTS, make_review, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(staff, make_child, clock):
    return make_review(staff, make_child, clock)


def _copies(line: Distribution) -> dict[str, str]:
    pdf = services.recipient_document(line, "pdf").content
    word = services.recipient_document(line, "docx").content
    return {"pdf": pdf_text(pdf), "docx": " ".join(docx_text(word).split())}


def _lines(review, staff) -> dict[str, Distribution]:
    return {d.invitee.role: d for d in default_distribution(review, staff["iro"])}


def test_a_parents_full_record_never_holds_the_placement_address_or_postcode(review, staff) -> None:
    lines = _lines(review, staff)
    mother = lines["mother"]
    assert mother.leave_out_placement_address  # the default for family (IRO Handbook 3.69)
    mother.receives = Distribution.FULL_RECORD
    mother.save()
    for fmt, text in _copies(mother).items():
        for secret in NEVER_FOR_PARENTS:
            assert secret.lower() not in text.lower(), (fmt, secret)
        assert "[address removed]" in text, fmt
        assert "Placement address: Left out of this copy" in text or (
            "Placement address Left out of this copy" in text
        ), fmt
        assert "Arrange a dental check" in text and "Fern Carer" in text, fmt
        assert "Copy for Morag Parent" in text, fmt


def test_the_carers_copy_keeps_the_placement_address_but_not_the_fathers_confidential_one(
    review, staff
) -> None:
    carer = _lines(review, staff)["carer"]
    assert not carer.leave_out_placement_address
    for fmt, text in _copies(carer).items():
        assert "14 Example Close" in text and "DT1 4EX" in text, fmt
        assert "9 Hidden Row" in text, fmt  # confidential from family members, not from the carer


def test_a_parent_given_the_placement_address_by_decision_still_never_gets_a_confidential_one(
    review, staff
) -> None:
    mother = _lines(review, staff)["mother"]
    mother.receives = Distribution.FULL_RECORD
    mother.leave_out_placement_address = False
    mother.save()
    for fmt, text in _copies(mother).items():
        assert "14 Example Close" in text, fmt
        assert "9 Hidden Row" not in text and "Othertown" not in text, fmt


def test_the_letter_to_an_absent_parent_leaves_out_the_address_but_keeps_her_own(
    review, staff
) -> None:
    mother = _lines(review, staff)["mother"]
    assert mother.receives == Distribution.OUTCOME_LETTER  # she did not attend
    for fmt, text in _copies(mother).items():
        assert "Dear Morag Parent," in text, fmt
        assert MOTHER_ADDRESS in text, fmt  # her own address, at the top of her own letter
        assert "You were not at the meeting" in text, fmt
        for secret in NEVER_FOR_PARENTS:
            assert secret.lower() not in text.lower(), (fmt, secret)


def test_a_parents_invitation_to_a_review_at_the_placement_does_not_give_its_address(
    review,
) -> None:
    mother = review.invitees.get(role="mother")
    carer = review.invitees.get(role="carer")
    for fmt in ("pdf", "docx"):
        to_mother = services.invitee_document(review, mother, "invitation", fmt).content
        to_carer = services.invitee_document(review, carer, "invitation", fmt).content
        text = pdf_text(to_mother) if fmt == "pdf" else docx_text(to_mother)
        assert "Example Close" not in text and "DT1" not in text, fmt
        assert "[address removed]" in text, fmt
        carer_text = pdf_text(to_carer) if fmt == "pdf" else docx_text(to_carer)
        assert "14 Example Close, Demotown DT1 4EX" in carer_text, fmt


def test_the_childs_letter_never_carries_a_confidential_family_address(review) -> None:
    text = docx_text(services.review_document(review, "letter_child", "docx").content)
    assert "9 Hidden Row" not in text


def test_addresses_are_found_whatever_their_case_spacing_or_line_breaks() -> None:
    secrets = redaction.secrets_for(
        leave_out_placement=True,
        family_member=True,
        placement_addresses=["Flat 2, Rose Cottage\n14 Example Close\nDemotown"],
        placement_postcodes=["DT1 4EX"],
        confidential_addresses=[],
    )
    compiled = redaction.patterns(secrets)
    text = (
        "Seen at ROSE COTTAGE, flat 2, 14 example close; post to dt14ex or DT1  4EX. "
        "She goes to school in Demotown."
    )
    cleaned = redaction.scrub(text, compiled)
    for gone in ("ROSE", "flat 2", "example close", "dt14ex", "DT1  4EX"):
        assert gone not in cleaned, gone
    assert "school in Demotown" in cleaned  # a town on its own identifies no one
