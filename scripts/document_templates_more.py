"""The Word templates of the record of the review and of the letters after it (with
make_document_templates.py, which writes them; the Cafcass bundle's is in
document_templates_bundle.py)."""

from __future__ import annotations

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
    table,
    tag,
)


def _form(
    title: str, facts: list[tuple[str, str]], intro: str, questions: list[str], ticks: str
) -> object:
    doc = new_document()
    heading(doc, title, 0)
    for label, value in facts:
        fact(doc, label, value)
    para(doc, intro)
    for question in questions:
        box(doc, question)
    para(doc, ticks)
    para(doc, "Signed: ____________________________     Date: ______________")
    return doc


REVIEW_WHEN = (
    '{{ review.date or "Date to be confirmed" }}{% if review.time %} at {{ '
    "review.time }}{% endif %}"
)


def consultation_parent() -> object:
    return _form(
        "Your views before the review of {{ child.name }}'s care plan",
        [
            ("Child", "{{ child.name }} (born {{ child.date_of_birth }})"),
            ("Review", REVIEW_WHEN),
            ("Your name", "{{ recipient.name }}"),
            (
                "Independent reviewing officer",
                "{{ iro.name }}{% if iro.phone %}, {{ iro.phone }}{% endif %}",
            ),
        ],
        (
            "The review looks at whether {{ child.called }}'s care plan is meeting "
            "their needs. Your views will be shared with the review and recorded. "
            "Please return this form to {{ social_worker.name }} (social worker) "
            "before the review."
        ),
        [
            "How do you think {{ child.called }} is getting on where they live?",
            "Health and development: anything the review should know?",
            "School or nursery: how is {{ child.called }} getting on?",
            "Family time: how is it going? Would you like anything to change?",
            "What do you think of the plan for {{ child.called }}'s future?",
            "Is there anything else you want the review to consider?",
        ],
        (
            "☐ I will attend the review     ☐ I cannot attend     ☐ I would like to "
            "speak to the independent reviewing officer separately"
        ),
    )


def consultation_carer() -> object:
    return _form(
        "Carer's views before the review of {{ child.name }}'s care plan",
        [
            (
                "Child",
                (
                    "{{ child.name }}{% if child.preferred_name %} (known as {{ "
                    "child.preferred_name }}){% endif %}, born {{ child.date_of_birth }}"
                ),
            ),
            ("Review", REVIEW_WHEN),
            ("Completed by", "{{ recipient.name }}"),
        ],
        (
            "Please return this to {{ social_worker.name }} (social worker) before "
            "the review, and bring a copy to the meeting."
        ),
        [
            "How has {{ child.called }} settled? Any changes since the last review?",
            "Health: appointments, dental and optical checks, any concerns",
            "Education: attendance, progress, the personal education plan (PEP)",
            "Family time and friendships: how it is going",
            "Emotional well-being and behaviour",
            "Identity, culture, religion and leisure",
            "Decisions you can make day to day (delegated authority): is it still right?",
            "What support do you or {{ child.called }} need?",
        ],
        "",
    )


def consultation_professional() -> object:
    return _form(
        "Report for the review of {{ child.name }}'s care plan",
        [
            (
                "Child",
                (
                    "{{ child.name }}, born {{ child.date_of_birth }} (reference {{ "
                    "child.reference }})"
                ),
            ),
            ("Review", REVIEW_WHEN),
            (
                "Your name and role",
                (
                    "{{ recipient.name }}{% if recipient.role_label %}, {{ "
                    "recipient.role_label }}{% endif %}"
                ),
            ),
            (
                "Independent reviewing officer",
                "{{ iro.name }}{% if iro.email %}, {{ iro.email }}{% endif %}",
            ),
        ],
        (
            "Please return this to {{ iro.name }} at least 3 working days before "
            "the review, whether or not you will attend."
        ),
        [
            "Your involvement with {{ child.called }} since the last review",
            "Progress and needs in your area",
            "Concerns, including any about safeguarding",
            "What you recommend the review decides, who should act and by when",
        ],
        "☐ I will attend     ☐ I cannot attend: this report gives my views",
    )


def review_record() -> object:
    doc = new_document()
    heading(doc, "Record of the review of {{ child.name }}'s care plan", 0)
    para(doc, COPY_NOTE)
    heading(doc, "1. About the review", 1)
    child_facts(doc)
    fact(doc, "Legal status", "{{ child.legal_status }}")
    fact(
        doc,
        "Placement",
        "{{ child.placement }}{% if child.carer %}, with {{ child.carer }}{% endif %}",
    )
    fact(
        doc,
        "Placement address",
        "{% if child.placement_address %}{{ child.placement_address }}{% elif "
        "redaction.placement_address_left_out %}Left out of this copy{% else %}Not recorded"
        "{% endif %}",
    )
    fact(
        doc,
        "Review held on",
        '{{ review.held_on or "Not yet held" }}{% if review.completed_on %}; adjourned and '
        "completed on {{ review.completed_on }}{% endif %}",
    )
    fact(doc, "Chaired by", "{{ iro.name }}{% if review.chair %} ({{ review.chair }}){% endif %}")
    fact(doc, "Social worker", "{{ social_worker.name }}")
    tag(doc, "if review.adjourned_because")
    fact(doc, "Adjourned because", "{{ review.adjourned_because }}")
    tag(doc, "endif")
    heading(doc, "2. Who took part", 1)
    table(
        doc,
        ("Name", "Role", "Took part"),
        (
            "{{ a.name }}",
            "{{ a.role }}",
            "{% if not a.invited %}Not invited{% if a.left_out_because %}: "
            '{{ a.left_out_because }}{% endif %}{% else %}{{ a.attendance or "Not recorded" }}'
            "{% if a.delegate %} ({{ a.delegate }}){% endif %}{% endif %}",
        ),
        "a in review.attendance",
        widths=(6, 5, 6.5),
    )
    tag(doc, "if office_copy and review.excluded")
    heading(doc, "Not invited, and why", 2)
    para(
        doc,
        "Office copy only. A parent or child left out of the review is given the reasons in "
        "writing (IRO Handbook 3.17).",
    )
    tag(doc, "for e in review.excluded")
    para(
        doc,
        '{{ e.name }} ({{ e.role }}): {{ e.because or "no reason is recorded" }}',
        style="List Bullet",
    )
    tag(doc, "endfor")
    tag(doc, "endif")
    tag(doc, "if review.meetings")
    heading(doc, "Meetings that made up the review", 2)
    tag(doc, "for m in review.meetings")
    para(doc, "{{ m.held_on }}: {{ m.with_whom }}", style="List Bullet")
    tag(doc, "endfor")
    tag(doc, "endif")
    heading(doc, "3. How {{ child.called }} took part", 1)
    para(doc, '{{ review.participation or "Not recorded" }}')
    tag(doc, "if review.participation_how")
    para(doc, "{{ review.participation_how }}")
    tag(doc, "endif")
    para(
        doc,
        '{% if review.rights %}{{ child.called }} was told {{ review.rights | join("; ") }}.'
        "{% else %}Not recorded whether {{ child.called }} was told of their rights.{% endif %}",
    )
    heading(doc, "4. What the review considered", 1)
    tag(doc, "for m in review.matters")
    heading(doc, "{{ m.title }}", 2)
    para(doc, "{{ m.text }}")
    tag(doc, "else")
    para(doc, "Nothing recorded.")
    tag(doc, "endfor")
    heading(doc, "5. Views of those consulted", 1)
    para(doc, '{{ review.views or "None recorded." }}')
    heading(doc, "Disagreements, and why any views were not followed", 2)
    para(doc, '{{ review.disagreements or "None recorded." }}')
    heading(doc, "6. Decisions", 1)
    decision_table(doc)
    heading(doc, "7. Next review", 1)
    para(
        doc,
        "{% if review.next_review_by %}The next review must be held by "
        "{{ review.next_review_by }}.{% else %}Not yet known.{% endif %}",
    )
    tag(doc, "if review.manager_response")
    para(
        doc,
        "The team manager's response: {{ review.manager_response }}{% if "
        "review.manager_comments %}: {{ review.manager_comments }}{% endif %}",
    )
    tag(doc, "endif")
    para(
        doc,
        "Record written by {{ iro.name }}, independent reviewing officer{% if "
        "review.record_completed_on %}, completed on {{ review.record_completed_on }}{% endif %}.",
    )
    return doc


def outcome_letter() -> object:
    doc = new_document()
    addressee(doc)
    para(doc, 'Dear {{ recipient.name or "Sir or Madam" }},')
    para(
        doc,
        "The review of {{ child.called }}'s care plan took place on "
        '{{ review.held_on or "a date to be confirmed" }}. You were not at the meeting, so this '
        "letter tells you what was decided.",
    )
    tag(doc, "for d in decisions")
    para(doc, "{{ d.text }} ({{ d.responsible }}, by {{ d.deadline }})", style="List Bullet")
    tag(doc, "else")
    para(doc, "No decisions were made that change the plan.")
    tag(doc, "endfor")
    tag(doc, "if review.next_review_by")
    para(doc, "The next review will be held by {{ review.next_review_by }}.")
    tag(doc, "endif")
    para(
        doc,
        "If you want to talk about the review, or give your views for the next one, please "
        "contact me{% if iro.phone %} on {{ iro.phone }}{% endif %}{% if iro.email %} or at "
        "{{ iro.email }}{% endif %}.",
    )
    para(doc, "Yours sincerely,")
    para(doc, "{{ iro.name }}, Independent reviewing officer")
    return doc


def _decisions_for_child(doc: object, line: str, none: str) -> None:
    tag(doc, "for d in decisions")
    para(doc, line, style="List Bullet")
    tag(doc, "else")
    para(doc, none)
    tag(doc, "endfor")


def _attended_and_invited(doc: object, came: str, did_not: str, invited: str) -> None:
    """Whether the child came to their meeting, in plain words, and who else was invited."""
    tag(doc, "if review.child_attendance_recorded")
    tag(doc, "if review.child_attended")
    para(doc, came)
    tag(doc, "else")
    para(doc, did_not)
    tag(doc, "endif")
    tag(doc, "endif")
    tag(doc, "if review.others_invited")
    para(doc, invited)
    tag(doc, "for p in review.others_invited")
    para(doc, "{{ p.name }} ({{ p.role }}).", style="List Bullet")
    tag(doc, "endfor")
    tag(doc, "endif")


def letter_child_younger() -> object:
    doc = new_document(None)
    doc.styles["Normal"].font.size = Pt(13)
    para(doc, "{{ today }}")
    heading(doc, "Dear {{ child.called }},", 0)
    para(doc, "My name is {{ iro.name }}. I am your IRO.")
    para(doc, "My job is to check that you are looked after well.")
    para(doc, "We had your meeting on {{ review.held_on }}.")
    _attended_and_invited(
        doc,
        "You came to your meeting. Thank you for coming.",
        "You did not come to your meeting. That is OK. What you think still matters.",
        "We also asked these people to come:",
    )
    tag(doc, "if review.views")
    para(doc, "Thank you for telling us what you think. We listened.")
    tag(doc, "endif")
    heading(doc, "What will happen next", 1)
    _decisions_for_child(
        doc,
        "{{ d.text }} {{ d.responsible }} will do this by {{ d.deadline }}.",
        "Nothing big will change.",
    )
    tag(doc, "if review.next_review_by")
    para(doc, "Your next meeting will be by {{ review.next_review_by }}.")
    tag(doc, "endif")
    heading(doc, "Your rights", 1)
    for line in (
        "You have the right to be asked what you think.",
        "You have the right to be listened to.",
        "You can have an advocate. An advocate helps you say what you think.",
        "You can complain if you are not happy. Someone will help you.",
    ):
        para(doc, line, style="List Bullet")
    para(
        doc,
        "If you are worried, or want to talk, you can tell {{ social_worker.name }} or your "
        "carer. You can ask them to call me.{% if iro.phone %} My phone number is "
        "{{ iro.phone }}.{% endif %}",
    )
    para(doc, "From {{ iro.name }}")
    return doc


def letter_child_older() -> object:
    doc = new_document(None)
    doc.styles["Normal"].font.size = Pt(12)
    para(doc, "{{ today }}")
    heading(doc, "Your review", 0)
    para(doc, "Dear {{ child.called }},")
    para(
        doc,
        "Your review was on {{ review.held_on }}. I chaired it. This letter tells you what we "
        "decided.",
    )
    _attended_and_invited(
        doc,
        "You came to your review meeting. Thank you for being there.",
        "You did not come to your review meeting. It is still your review, and what you think "
        "still matters.",
        "These people were also invited to your review:",
    )
    tag(doc, "if review.views or review.participation_how")
    para(
        doc,
        "Thank you for giving your views. They were listened to and are written in the record "
        "of your review.",
    )
    tag(doc, "endif")
    heading(doc, "What was decided", 1)
    _decisions_for_child(
        doc,
        "{{ d.text }} – {{ d.responsible }}, by {{ d.deadline }}.",
        "Nothing in your plan needs to change for now.",
    )
    tag(doc, "if review.next_review_by")
    para(
        doc,
        "Your next review will be held by {{ review.next_review_by }}. You can tell me where "
        "you want it and who you want there.",
    )
    tag(doc, "endif")
    heading(doc, "Your rights", 1)
    for line in (
        "You have the right to be asked what you think before every review.",
        "You have the right to have your views heard and taken seriously.",
        "You can have an advocate: someone who helps you say what you think.",
        "You can make a complaint if you are unhappy with your care.",
        "You can ask me how to apply to court.",
    ):
        para(doc, line, style="List Bullet")
    para(
        doc,
        "If something is not happening that should, or you disagree with a decision, contact "
        "me.{% if iro.phone %} My phone number is {{ iro.phone }}.{% endif %}{% if iro.email %} "
        "My email is {{ iro.email }}.{% endif %}",
    )
    para(doc, "Best wishes,")
    para(doc, "{{ iro.name }}, your independent reviewing officer (IRO)")
    return doc


def _bundle() -> object:
    from document_templates_bundle import cafcass_bundle

    return cafcass_bundle()


LATER = {
    "consultation_parent": consultation_parent,
    "consultation_carer": consultation_carer,
    "consultation_professional": consultation_professional,
    "review_record": review_record,
    "outcome_letter": outcome_letter,
    "letter_child_younger": letter_child_younger,
    "letter_child_older": letter_child_older,
    "cafcass_bundle": _bundle,
}
