"""A made-up child and a held review that the document tests share: a placement address and
postcode that parents must not see, a father whose address is confidential, a mother, a carer, a
teacher, three decisions, and text that mentions the addresses (as real records do)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pypdfium2
from django.utils import timezone

from carereview.authority.models import AuthoritySettings
from carereview.records.codes import ContactRole
from carereview.records.models import ChildContact
from carereview.reviews import cycle
from carereview.reviews.models import Meeting, Review

PLACEMENT = "14 Example Close\nDemotown"
POSTCODE = "DT1 4EX"
SECRET = "9 Hidden Row, Othertown"
MOTHER_ADDRESS = "3 Open Street, Demotown"
HELD = date(2025, 3, 4)
DECISIONS = [
    ("Arrange a dental check", "Fern Carer", date(2025, 4, 1)),
    ("Book family time with Frank every month", "North Tester (social worker)", date(2025, 4, 15)),
    ("Update the personal education plan", "Tara Teacher", date(2025, 4, 30)),
]
#: What a parent's copy must never hold when the address is left out (IRO Handbook 3.69).
NEVER_FOR_PARENTS = ("14 Example Close", "Example Close", "DT1 4EX", "DT14EX", "9 Hidden Row")


def make_review(staff, make_child, clock, date_of_birth: date = date(2016, 9, 1)) -> Review:
    """Jordan Madeup, known as Jojo: 8 at the review unless another birthday is given."""
    clock.set_to(datetime(2025, 3, 10, 9, 0))
    AuthoritySettings.objects.update_or_create(pk=1, defaults={"name": "Demoshire Council"})
    child = make_child(
        staff["sw"],
        start=date(2024, 9, 2),
        iro=staff["iro"],
        first_name="Jordan",
        last_name="Madeup",
        preferred_name="Jojo",
        date_of_birth=date_of_birth,
    )
    child.episodes.update(placement_address=PLACEMENT, pl_post=POSTCODE, carer="Fern Carer")
    staff["iro"].email, staff["iro"].phone = "iro.one@example.org", "01632 960001"
    staff["iro"].save()
    for role, name, extra in (
        (ContactRole.MOTHER, "Morag Parent", {"address": MOTHER_ADDRESS}),
        (ContactRole.FATHER, "Frank Parent", {"address": SECRET, "address_confidential": True}),
        (ContactRole.CARER, "Fern Carer", {"address": PLACEMENT}),
        (ContactRole.DESIGNATED_TEACHER, "Tara Teacher", {"organisation": "Demo Primary"}),
    ):
        ChildContact.objects.create(
            child=child, role=role, name=name, parental_responsibility=role in ("mother", "father"),
            **extra,
        )  # fmt: skip
    review = Review.objects.create(
        child=child,
        scheduled_for=timezone.make_aware(datetime(2025, 3, 4, 10, 30)),
        venue="14 Example Close, Demotown DT1 4EX",
        held_on=HELD,
        chair="iro",
        participation="PN1",
        participation_how="Jojo came to the start of the meeting and showed us her drawings.",
        rights_advocacy=True,
        rights_complaints=True,
        views=(
            "Fern Carer says Jojo is settled at 14 Example Close, DT1 4EX.\n"
            "Frank Parent, who now lives at 9 Hidden Row, Othertown, wants more family time."
        ),
        agenda={
            "placement": "The placement meets Jojo's needs. " * 12,
            "education": "Jojo is doing well at Demo Primary and enjoys reading. " * 10,
            "health": "Up to date with her health assessment; a dental check is due. " * 10,
            "family_time": "Family time with her mother is going well; Frank asks for more. " * 10,
            "wishes_feelings": "Jojo wants to stay with Fern and see her dad more often. " * 8,
        },
    )
    Meeting.objects.create(review=review, held_on=HELD, with_whom="Jojo, Fern Carer, Tara Teacher")
    cycle.propose_invitations(review)
    review.invitees.filter(role__in=["child", "carer", "designated_teacher"]).update(
        attendance="attended"
    )
    review.invitees.filter(role__in=["mother", "father"]).update(attendance="absent")
    for text, who, by in DECISIONS:
        cycle.add_decision(review, text, who, by, "", staff["iro"])
    return Review.objects.select_related("child").get(pk=review.pk)


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, as pdfium reads it."""
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(pdf_pages(pdf)).split())
