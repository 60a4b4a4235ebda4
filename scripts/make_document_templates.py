"""Write the shipped Word templates (carereview/documents/defaults/*.docx) with python-docx.

    .venv/bin/python scripts/make_document_templates.py

Each .docx holds docxtpl's Jinja tags ({{ child.name }}, {%p for d in decisions %}, {%tr ... %})
and says the same as the HTML template of its kind.  An authority changes one by opening it in
Word and uploading its version in the admin site (docs/documents.md).  Run again after changing
this script; the files are committed with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx_builder import (
    COPY_NOTE,
    addressee,
    box,
    child_facts,
    decision_table,
    fact,
    heading,
    new_document,
    para,
    save,
    tag,
)

DEFAULTS = Path(__file__).resolve().parent.parent / "carereview" / "documents" / "defaults"
CHILD_MARKING = None  # letters and forms for children carry no security marking


def invitation() -> object:
    doc = new_document("{% if not recipient.is_child %}{{ marking }}{% endif %}")
    tag(doc, "if recipient.name")
    addressee(doc)
    tag(doc, "endif")
    tag(doc, "if recipient.is_child")
    heading(doc, "Your review meeting", 0)
    para(doc, "Dear {{ child.called }},")
    para(doc, "You are invited to your review meeting.")
    para(
        doc,
        (
            "At the meeting we talk about how things are going for you. We make "
            "plans for what happens next."
        ),
    )
    para(doc, "It is your meeting. What you think matters.")
    tag(doc, "else")
    heading(doc, "Invitation to a review of {{ child.name }}'s care plan", 0)
    para(doc, 'Dear {{ recipient.name or "Sir or Madam" }},')
    para(
        doc,
        (
            "You are invited to the review of the care plan for {{ child.name }} "
            "(born {{ child.date_of_birth }}), who is looked after by {{ "
            "authority.name }}."
        ),
    )
    tag(doc, "if recipient.reason")
    para(doc, "You are invited as: {{ recipient.reason }}.")
    tag(doc, "endif")
    tag(doc, "endif")
    fact(
        doc,
        "Date",
        (
            '{{ review.date or "The date will be confirmed" }}{% if review.time %} '
            "at {{ review.time }}{% endif %}"
        ),
    )
    fact(doc, "Venue", '{{ review.venue or "To be confirmed" }}')
    fact(doc, "Independent reviewing officer (chair)", "{{ iro.name }}")
    tag(doc, "if recipient.is_child")
    para(
        doc,
        (
            "You can come to all of the meeting, or some of it. You can bring "
            "someone to help you, like an advocate."
        ),
    )
    para(
        doc,
        (
            "If you do not want to come, you can still tell us what you think. You "
            "can fill in the form with this letter. You can talk to {{ iro.name }} "
            "on your own before the meeting."
        ),
    )
    para(
        doc,
        (
            "Tell {{ social_worker.name }} or {{ iro.name }} if you want to change "
            "the time or the place, or who comes."
        ),
    )
    para(doc, "From {{ iro.name }}")
    tag(doc, "else")
    para(
        doc,
        (
            "A consultation form comes with this letter. Please fill it in and "
            "return it before the review, even if you will attend: it helps the "
            "review hear your views. If you cannot come, you can also give your "
            "views by telephone, or ask to see the independent reviewing officer "
            "separately."
        ),
    )
    para(
        doc,
        (
            "Please tell {{ social_worker.name }} (social worker{% if "
            "social_worker.phone %}, {{ social_worker.phone }}{% endif %}) whether "
            "you will attend, and whether you will bring anyone with you. If you "
            "bring a legal adviser, the authority's legal adviser will attend too."
        ),
    )
    para(doc, "Yours sincerely,")
    para(
        doc,
        (
            "{{ iro.name }}, Independent reviewing officer{% if iro.phone %}, {{ "
            "iro.phone }}{% endif %}{% if iro.email %}, {{ iro.email }}{% endif %}"
        ),
    )
    tag(doc, "endif")
    return doc


def consultation_child_younger() -> object:
    doc = new_document(CHILD_MARKING)
    doc.styles["Normal"].font.size = Pt(13)
    heading(doc, "All about me", 0)
    para(doc, "Hello {{ child.called }}.")
    para(
        doc,
        (
            "Your review meeting is {% if review.date %}on {{ review.date }}{% else "
            "%}soon{% endif %}."
        ),
    )
    para(doc, "This is your page. You can write or draw. You can ask someone to help you.")
    para(doc, "How do you feel about where you live? Circle one.", bold=True)
    faces = doc.add_table(rows=1, cols=4)
    faces.style = "Table Grid"
    for cell, word in zip(faces.rows[0].cells, ("Happy", "OK", "Sad", "Not sure"), strict=True):
        cell.text = word
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc)
    for question in (
        "What is good about where you live?",
        "Is anything not good? What would make it better?",
        "School. What do you like? Is anything hard?",
        "Who do you like to see? Is there anyone you want to see more?",
        "What do you like doing for fun?",
        "Is there anything you want to change?",
    ):
        box(doc, question)
    para(doc, "About your meeting", bold=True)
    for line in (
        "☐ I want to come to my meeting",
        "☐ I want to talk to {{ iro.name }} on my own",
        "☐ I want someone to help me say what I think",
    ):
        para(doc, line)
    box(doc, "Who do you want to be at your meeting?")
    para(
        doc,
        (
            "Thank you, {{ child.called }}. Give this to {{ social_worker.name }} "
            "or to the person who looks after you."
        ),
    )
    return doc


def consultation_child_older() -> object:
    doc = new_document(CHILD_MARKING)
    heading(doc, "Your review: what you think", 0)
    para(doc, "Hi {{ child.called }},")
    para(
        doc,
        (
            "Your review is {% if review.date %}on {{ review.date }}{% if "
            "review.time %} at {{ review.time }}{% endif %}{% else %}coming up{% "
            "endif %}. It is a meeting about your care plan: how things are going, "
            "and what should happen next."
        ),
    )
    para(
        doc,
        (
            "Your views matter. Write as much or as little as you want. You do not "
            "have to answer every question. If you would rather talk than write, "
            "tell {{ iro.name }} (your independent reviewing officer) or {{ "
            "social_worker.name }} (your social worker)."
        ),
    )
    for question in (
        "Where you live: what is going well, and what is not?",
        "School, college or work: how is it going? Is there any help you need?",
        ("Family and friends: who do you see? Is there anyone you want to see more, or less?"),
        "Health: how are you feeling? Anything you are worried about?",
        "Things you enjoy, and anything you would like to try",
        ("Is there anything you want to change, or anything the adults should do differently?"),
    ):
        box(doc, question)
    para(doc, "About your review meeting", bold=True)
    for line in (
        "☐ I want to come to my review     ☐ I want to help chair it",
        "☐ I want to speak to {{ iro.name }} on my own first",
        "☐ I would like an advocate to help me give my views",
    ):
        para(doc, line)
    box(doc, "Who would you like to be there, and where would you like it to be?")
    para(
        doc,
        (
            "You have the right to an advocate, to make a complaint if you are "
            "unhappy, and to ask {{ iro.name }} how to apply to court.{% if "
            "iro.phone %} You can phone {{ iro.name }} on {{ iro.phone }}.{% endif "
            "%}"
        ),
    )
    return doc


def decisions() -> object:
    doc = new_document()
    heading(doc, "Decisions of the review of {{ child.name }}'s care plan", 0)
    para(doc, COPY_NOTE)
    child_facts(doc)
    fact(doc, "Review held on", '{{ review.held_on or "Not yet held" }}')
    fact(doc, "Chaired by", "{{ iro.name }}{% if review.chair %} ({{ review.chair }}){% endif %}")
    fact(doc, "Social worker", "{{ social_worker.name }}")
    heading(doc, "Decisions", 1)
    decision_table(doc)
    para(
        doc,
        (
            "{% if review.next_review_by %}The next review must be held by {{ "
            "review.next_review_by }}.{% endif %}"
        ),
    )
    para(
        doc,
        (
            "The team manager considers these decisions within 5 working days of "
            "receiving them and says if they do not agree; if nothing is heard, the "
            "decisions stand and are carried out within the timescales above."
        ),
    )
    return doc


def main() -> int:
    from document_templates_more import LATER

    makers = {
        "invitation": invitation,
        "consultation_child_younger": consultation_child_younger,
        "consultation_child_older": consultation_child_older,
        "decisions": decisions,
        **LATER,
    }
    for kind, make in makers.items():
        save(make(), DEFAULTS / f"{kind}.docx")
        print(f"wrote {kind}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
