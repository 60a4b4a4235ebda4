"""Identifying details left out per recipient, as the distribution list records (IRO Handbook
3.69): read back from the Word file and from the PDF, not from the data handed to the template."""

from __future__ import annotations

from datetime import date

import pytest

from carereview.documents import redaction, services
from carereview.documents.context import review_context
from carereview.documents.engine import docx_text
from carereview.records.codes import ContactRole
from carereview.records.models import ChildContact
from carereview.reviews import cycle
from carereview.reviews.documents import default_distribution
from carereview.reviews.models import Distribution, Invitee

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
        # A carer's copy can reach the family: a confidential address never goes in it.
        assert "9 Hidden Row" not in text and "Othertown" not in text, fmt
        assert "[address removed]" in text, fmt


def _adopter(review) -> Invitee:
    """Made-up prospective adopters, invited, whose line keeps every address in."""
    contact = ChildContact.objects.create(
        child=review.child,
        role=ContactRole.PROSPECTIVE_ADOPTER,
        name="Pat Adopter",
        address="5 Adopter Way, Elsewhere",
    )
    return Invitee.objects.create(
        review=review,
        key=f"contact:{contact.pk}",
        name=contact.name,
        role="prospective_adopter",
        reason="Prospective adopter",
        attendance="attended",
    )


def test_a_confidential_placement_address_never_goes_to_prospective_adopters_or_other_carers(
    review, staff
) -> None:
    # The foster carer's address, where the child lives, is recorded as confidential.
    ChildContact.objects.filter(name="Fern Carer").update(address_confidential=True)
    adopters = _adopter(review)
    lines = _lines(review, staff)
    line = lines["prospective_adopter"]
    line.receives = Distribution.FULL_RECORD
    line.leave_out_placement_address = False  # whatever the line says
    line.save()
    for fmt, text in _copies(line).items():
        assert "Copy for Pat Adopter" in text, fmt
        assert "14 Example Close" not in text and "Example Close" not in text, fmt
        assert "9 Hidden Row" not in text, fmt
    assert adopters.name == "Pat Adopter"
    # The foster carer's own copy keeps her own address: it is hers.
    for fmt, text in _copies(lines["carer"]).items():
        assert "14 Example Close" in text, fmt
        assert "9 Hidden Row" not in text, fmt


def test_carers_key_workers_and_adopters_addresses_are_left_out_with_the_placement_address(
    review, staff
) -> None:
    ChildContact.objects.create(
        child=review.child,
        role=ContactRole.RESIDENTIAL_KEY_WORKER,
        name="Kim Keyworker",
        address="Oakfield House\n7 Birch Lane\nDemotown DT2 7KW",
    )
    _adopter(review)
    cycle.add_decision(
        review,
        "Kim to take Jojo to 7 Birch Lane, DT2 7KW, for respite, then to Oakfield House",
        "Kim Keyworker",
        date(2025, 4, 2),
        "",
        staff["iro"],
    )
    cycle.add_decision(
        review, "Introductions at 5 Adopter Way", "Pat Adopter", date(2025, 4, 3), "", staff["iro"]
    )
    mother = _lines(review, staff)["mother"]
    mother.receives = Distribution.FULL_RECORD
    mother.save()
    for fmt, text in _copies(mother).items():
        assert "Kim to take Jojo to" in text and "Introductions at" in text, fmt
        for secret in ("Birch Lane", "DT2 7KW", "Oakfield House", "Adopter Way"):
            assert secret not in text, (fmt, secret)
    # Professionals whose line keeps the placement address in see where the child goes.
    teacher = _lines(review, staff)["designated_teacher"]
    for fmt, text in _copies(teacher).items():
        assert "7 Birch Lane" in text and "5 Adopter Way" in text, fmt


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


def _decision_at_the_fathers(review, staff) -> None:
    cycle.add_decision(
        review,
        "Family time with Frank at 9 Hidden Row, Othertown",
        "North Tester (social worker)",
        date(2025, 4, 20),
        "",
        staff["iro"],
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_childs_letter_never_carries_a_confidential_family_address(review, staff, fmt) -> None:
    _decision_at_the_fathers(review, staff)  # the letter lists every decision
    content = services.review_document(review, "letter_child", fmt).content
    text = pdf_text(content) if fmt == "pdf" else " ".join(docx_text(content).split())
    assert "Family time with Frank at [address removed]" in text
    assert "9 Hidden Row" not in text and "Othertown" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_childs_letter_is_the_childs_copy_even_when_the_child_was_not_invited(
    review, staff, fmt
) -> None:
    _decision_at_the_fathers(review, staff)
    review.invitees.filter(role="child").delete()
    review.manager_response, review.manager_comments = "agreed", "Made-up manager's note"
    review.save()
    content = services.review_document(review, "letter_child", fmt).content
    text = pdf_text(content) if fmt == "pdf" else " ".join(docx_text(content).split())
    assert "Dear Jojo" in text and "Family time with Frank at [address removed]" in text
    assert "9 Hidden Row" not in text and "Made-up manager's note" not in text
    context = review_context(review, child_copy=True)
    assert not context["office_copy"] and context["recipient"]["is_child"]


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


def _scrubbed(text: str, *addresses: str, postcodes: tuple[str, ...] = ()) -> str:
    secrets = redaction.secrets_for(
        leave_out_placement=True,
        family_member=True,
        placement_addresses=list(addresses),
        placement_postcodes=list(postcodes),
        confidential_addresses=[],
    )
    return redaction.scrub(text, redaction.patterns(secrets))


def test_an_address_is_found_however_it_is_written_in_the_notes() -> None:
    cleaned = _scrubbed(
        "Jojo lives at ROSEBANK. The house on example close, at 12 Example\n   Close, has a "
        "garden; its postcode is dt14ex (or DT1 4EX). Her school is in Demotown.",
        "Rosebank\n12  Example Close\nDemotown",
        postcodes=("dt1 4ex",),
    )
    for gone in ("ROSEBANK", "example close", "12 Example", "Close,", "dt14ex", "DT1 4EX"):
        assert gone not in cleaned, (gone, cleaned)
    assert "Her school is in Demotown." in cleaned  # a town on its own identifies no one
    # A postcode inside the address is found without being recorded apart.
    assert "DT2" not in _scrubbed("Post to dt2 7kw.", "7 Birch Lane, Demotown DT2 7KW")


def test_a_house_number_never_blanks_the_dates_and_counts_of_a_copy() -> None:
    text = (
        "On 12 March 2025 the 12 children's homes were visited; Flat 21 is empty. "
        "Jojo stays at 12, Example Close."
    )
    cleaned = _scrubbed(text, "12, Example Close, Demotown", "Flat 2, Rose Cottage")
    assert cleaned.startswith("On 12 March 2025 the 12 children's homes were visited; Flat 21")
    assert cleaned.endswith("Jojo stays at [address removed].")
    assert "Example Close" not in cleaned


def test_who_was_not_invited_and_the_managers_comments_are_in_the_office_copy_only(
    review, staff
) -> None:
    review.invitees.filter(role="father").update(
        invited=False, left_out_because="Made-up reason: a risk to the mother at meetings"
    )
    review.manager_response, review.manager_comments = "agreed", "Made-up manager's note to IRO"
    review.save()
    mother = _lines(review, staff)["mother"]
    mother.receives = Distribution.FULL_RECORD
    mother.save()
    for fmt, text in _copies(mother).items():
        assert "Frank Parent" in text and "Not invited" in text, fmt
        assert "a risk to the mother" not in text, fmt
        assert "Made-up manager's note" not in text, fmt
        assert "Not invited, and why" not in text, fmt
    office_pdf = pdf_text(services.review_document(review, "review_record", "pdf").content)
    office_word = " ".join(
        docx_text(services.review_document(review, "review_record", "docx").content).split()
    )
    for fmt, text in (("pdf", office_pdf), ("docx", office_word)):
        assert "Not invited, and why" in text and "IRO Handbook 3.17" in text, fmt
        assert "Frank Parent (Father): Made-up reason: a risk to the mother at meetings" in text, (
            fmt
        )
        assert "Made-up manager's note to IRO" in text, fmt
