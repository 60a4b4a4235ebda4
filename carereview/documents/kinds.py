"""The documents the service produces, each from a template an authority can replace.

Every kind has a shipped default in carereview/documents/defaults/: `<kind>.html` (turned into a
PDF by WeasyPrint) and `<kind>.docx` (a Word file with Jinja tags, filled in by docxtpl).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULTS = Path(__file__).resolve().parent / "defaults"

DOCX = "docx"
HTML = "html"
FORMATS = {DOCX: "Word (.docx)", HTML: "PDF (from an HTML template)"}
#: What each format is downloaded as.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TEMPLATE_FORMAT = {"pdf": HTML, "docx": DOCX}

#: Children younger than this on the day of their review get the plainer forms and letters.
PLAINER_UNDER = 11


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    #: "review" (one per review), "invitee" (one per person invited) or "referral" (Cafcass).
    per: str
    description: str

    def default_path(self, fmt: str) -> Path:
        return DEFAULTS / f"{self.key}.{fmt}"


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            "invitation",
            "Invitation to the review",
            "invitee",
            "Sent with the consultation form at least 10 working days before (IRO Handbook 3.9).",
        ),
        Kind(
            "consultation_child_younger",
            "Consultation form for a child under 11",
            "invitee",
            "Plain words and pictures for a younger child; completed with them by the social "
            "worker (seed 000 section 6).",
        ),
        Kind(
            "consultation_child_older",
            "Consultation form for a young person of 11 or over",
            "invitee",
            "For a child of 11 or over to say what they think before their review.",
        ),
        Kind(
            "consultation_parent",
            "Consultation form for a parent or family member",
            "invitee",
            "For parents, people with parental responsibility and family.",
        ),
        Kind("consultation_carer", "Consultation form for a carer", "invitee", "For carers."),
        Kind(
            "consultation_professional",
            "Consultation form for a professional",
            "invitee",
            "For teachers, health professionals and others working with the child.",
        ),
        Kind(
            "decisions",
            "Decisions of the review",
            "review",
            "Circulated within 5 working days (IRO Handbook 3.69); each decision names who is "
            "responsible and by when (CPPCR 2010 reg 36).",
        ),
        Kind(
            "review_record",
            "Record of the review",
            "review",
            "The full record, within 15 working days (IRO Handbook 3.67-3.69).",
        ),
        Kind(
            "outcome_letter",
            "Letter telling someone what was decided",
            "review",
            "For a parent or other adult who did not attend (IRO Handbook 3.69).",
        ),
        Kind(
            "letter_child_younger",
            "Letter to a child under 11 about their review",
            "review",
            "Short sentences and everyday words.",
        ),
        Kind(
            "letter_child_older",
            "Letter to a young person of 11 or over about their review",
            "review",
            "What was decided, what happens next, and their rights (CPPCR 2010 reg 45).",
        ),
        Kind(
            "cafcass_bundle",
            "Cafcass referral bundle",
            "referral",
            "What accompanies a referral to Cafcass (IRO Handbook 8.15).",
        ),
    )
}

INVITEE_KINDS = ("invitation", "consultation")
REVIEW_KINDS = ("decisions", "review_record", "letter_child")

#: Which consultation form each person invited receives.
CONSULTATION_FORM = {
    "mother": "consultation_parent",
    "father": "consultation_parent",
    "parental_responsibility": "consultation_parent",
    "family": "consultation_parent",
    "other": "consultation_parent",
    "carer": "consultation_carer",
    "key_worker": "consultation_carer",
    "prospective_adopter": "consultation_carer",
}
#: Nobody fills in a form for these (the interpreter comes to help, not to give a view).
NO_CONSULTATION = frozenset({"interpreter"})


def consultation_kind(role: str, younger: bool) -> str | None:
    if role in NO_CONSULTATION:
        return None
    if role == "child":
        return "consultation_child_younger" if younger else "consultation_child_older"
    return CONSULTATION_FORM.get(role, "consultation_professional")


def child_letter_kind(younger: bool) -> str:
    return "letter_child_younger" if younger else "letter_child_older"
