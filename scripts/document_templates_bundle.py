"""The Word template of the Cafcass referral bundle (IRO Handbook 8.15): the sections and their
order as the HTML template's (carereview/documents/defaults/cafcass_bundle.html)."""

from __future__ import annotations

from docx_builder import heading, new_document, pairs, para, table, tag

PROGRESS = (
    "{% if d.done_on %}Done {{ d.done_on }}{% if d.outcome %}: {{ d.outcome }}{% endif %}"
    "{% elif d.overdue %}Overdue{% else %}Not yet due{% endif %}"
)


def contact(var: str) -> str:
    """A person's phone, email and address, one to a line, with an address's confidentiality
    note; "None recorded" when there is none of them."""
    return (
        f'{{{{ [("Phone: " ~ {var}.phone) if {var}.phone else "", {var}.email, '
        f'("Address: " ~ {var}.address) if {var}.address else "", '
        f'("Address " ~ {var}.address_note) if {var}.address and {var}.address_note else ""] '
        f'| select | join("\\n") or "None recorded" }}}}'
    )


def _decisions(doc: object, items: str) -> None:
    tag(doc, f"if {items}")
    table(
        doc,
        ("Decision", "Who", "By", "Progress"),
        ("{{ d.text }}", "{{ d.responsible }}", "{{ d.deadline }}", PROGRESS),
        f"d in {items}",
    )
    tag(doc, "else")
    para(doc, "No decisions recorded.")
    tag(doc, "endif")


def _cover(doc: object) -> None:
    tag(doc, "set c = bundle.cover")
    heading(doc, "Referral to Cafcass: {{ c.child_name }}", 0)
    pairs(
        doc,
        [
            (
                "Child",
                "{{ c.child_name }}{% if c.preferred_name %} (known as {{ c.preferred_name }}){% endif %}",
            ),
            ("Reference", "{{ c.reference }}"),
            ("Date of birth", "{{ c.date_of_birth }} (aged {{ c.age }})"),
            ("Legal status now", "{{ c.legal_status }}"),
            ("Local authority", "{{ c.authority }}"),
            ("Independent reviewing officer", "{{ c.iro.name }}\n" + contact("c.iro")),
            (
                "Referred to Cafcass",
                '{{ c.referred_on or "Not yet referred" }}{% if c.cafcass_reference %} '
                "({{ c.cafcass_reference }}){% endif %}",
            ),
            ("Bundle assembled", "{{ c.assembled_on }}"),
            ("Security marking", "{{ marking }}"),
        ],
    )
    heading(doc, "What this bundle holds (IRO Handbook 8.15)", 1)
    table(
        doc,
        ("Item", "Status", "Where, or what to do"),
        ("{{ i.item }}", "{{ i.status }}", "{{ i.note }}"),
        "i in bundle.checklist",
    )


def _report_and_wishes(doc: object) -> None:
    heading(doc, "1. The IRO's report: why the matter is referred now, and the steps taken", 1)
    para(doc, '{{ bundle.iro_report.report or (NOT_WRITTEN ~ ".") }}')
    heading(doc, "Reasons for referring now", 2)
    para(doc, '{{ bundle.iro_report.reasons or "Not recorded." }}')
    heading(doc, "Why the dispute resolution process was cut short", 2)
    para(doc, '{{ bundle.iro_report.curtailed_because or "The process was not cut short." }}')
    heading(doc, "2. The child's wishes and feelings", 1)
    para(doc, '{{ bundle.wishes.report or (NOT_WRITTEN ~ ".") }}')
    tag(doc, "for v in bundle.wishes.at_reviews")
    heading(doc, "Review held on {{ v.held_on }}", 3)
    para(doc, "Participation: {{ v.participation }}")
    for name in ("how", "wishes_and_feelings", "views"):
        tag(doc, f"if v.{name}")
        para(doc, f"{{{{ v.{name} }}}}")
        tag(doc, "endif")
    tag(doc, "endfor")


def _issues(doc: object) -> None:
    heading(doc, "3. Statement of issues and the escalation history", 1)
    tag(doc, "for line in bundle.issues.statement")
    para(doc, "{{ line }}", style="List Number")
    tag(doc, "endfor")
    heading(doc, "Attempts to resolve the matter informally", 2)
    table(
        doc,
        ("Discussed", "With", "Issue", "Agreed actions", "Outcome"),
        (
            "{{ i.discussed_on }}",
            "{{ i.raised_with }}",
            "{{ i.issue }}",
            "{{ i.agreed_actions }}",
            '{{ i.outcome or "Not recorded" }}{% if i.resolved %} (resolved){% elif i.resolved '
            "is not none %} (not resolved){% endif %}",
        ),
        "i in bundle.issues.informal",
    )
    heading(doc, "Formal escalation", 2)
    tag(doc, "for e in bundle.issues.escalations")
    heading(doc, "Escalation opened {{ e.opened_on }}: {{ e.category }}", 3)
    para(doc, "{{ e.issue }}")
    para(
        doc,
        "{% if e.closed_on %}Closed {{ e.closed_on }}: {{ e.outcome }} {{ e.outcome_details }}"
        "{% else %}Open{% endif %}",
    )
    table(
        doc,
        ("Stage", "Sent to", "Raised", "Respond by", "Response"),
        (
            "{{ s.stage }}",
            "{{ s.sent_to or s.escalate_to }}",
            "{{ s.entered_on }}",
            "{{ s.respond_by }}",
            "{% if s.responded_on %}{{ s.responded_on }} {{ s.responded_by }}: {{ s.response }}"
            "{% else %}None recorded{% endif %}",
        ),
        "s in e.steps",
    )
    tag(doc, "else")
    para(doc, "No formal escalation is recorded.")
    tag(doc, "endfor")
    tag(doc, "if bundle.issues.other_steps")
    heading(doc, "Management alerts and requests to freeze a placement move", 2)
    table(
        doc,
        ("Date", "What", "Details"),
        ("{{ x.on }}", "{{ x.kind }}", "{{ x.text }}"),
        "x in bundle.issues.other_steps",
    )
    tag(doc, "endif")


def _care_plan(doc: object) -> None:
    tag(doc, "set p = bundle.care_plan")
    heading(doc, "4. The care plan as recorded at reviews", 1)
    para(
        doc,
        "This is the care plan as the child's reviews record it, not the care plan document. "
        "To be attached from the authority's legal team or case system: "
        '{{ (p.held_by_legal + ["the current care plan document"]) | join("; ") }}.',
    )
    pairs(
        doc,
        [
            ("Legal status", "{{ p.legal_status }}"),
            ("Placement type", "{{ p.placement }}"),
            ("Carer", '{{ p.carer or "Not recorded" }}'),
            ("In this placement since", "{{ p.placement_since }}"),
            (
                "Placement address",
                "{% if p.placement_address %}{{ p.placement_address }}\nPlacement address "
                "{{ PLACEMENT_ADDRESS_NOTE }}{% else %}Not recorded{% endif %}",
            ),
        ],
    )
    heading(doc, "The plan for permanence", 2)
    para(doc, '{{ p.permanence or "None recorded." }}')
    tag(doc, "for m in p.matters")
    heading(doc, "{{ m.title }}", 3)
    para(doc, "{{ m.text }}")
    tag(doc, "endfor")
    heading(doc, "Decisions in force", 2)
    _decisions(doc, "p.decisions_in_force")
    heading(doc, "Court proceedings and the children's guardian", 2)
    table(
        doc,
        ("Proceedings", "Court and case number", "Children's guardian"),
        (
            '{{ x.started_on }} to {{ x.ended_on or "continuing" }}',
            "{{ x.court }} {{ x.case_number }}",
            "{% if x.guardian %}{{ x.guardian.name }}\n"
            + contact("x.guardian")
            + "{% else %}None recorded{% endif %}",
        ),
        "x in p.proceedings",
    )


def _reviews_and_people(doc: object) -> None:
    heading(doc, "5. Review records of the preceding 12 months", 1)
    para(doc, "Reviews held from {{ bundle.reviews_from }} to {{ bundle.reviews_to }}.")
    tag(doc, "for rv in bundle.reviews")
    heading(doc, "Review held on {{ rv.held_on }}", 2)
    para(doc, "Chaired by {{ rv.chair }}. Participation: {{ rv.participation }}. {{ rv.how }}")
    tag(doc, "for line in rv.attendance")
    para(doc, "{{ line }}", style="List Bullet")
    tag(doc, "endfor")
    tag(doc, "for m in rv.matters")
    para(doc, "{{ m.title }}. {{ m.text }}")
    tag(doc, "endfor")
    tag(doc, "if rv.views")
    para(doc, "Views: {{ rv.views }}")
    tag(doc, "endif")
    tag(doc, "if rv.disagreements")
    para(doc, "Disagreements: {{ rv.disagreements }}")
    tag(doc, "endif")
    _decisions(doc, "rv.decisions")
    tag(doc, "else")
    para(doc, "No review was held in the period.")
    tag(doc, "endfor")
    heading(doc, "6. Chronology", 1)
    table(
        doc,
        ("Date", "What", "Details"),
        ("{{ x.on }}", "{{ x.kind }}", "{{ x.text }}"),
        "x in bundle.chronology",
    )
    heading(doc, "7. People important to the child, and the professionals", 1)
    table(
        doc,
        ("Name", "Relationship", "Parental responsibility", "Involvement", "Contact details"),
        (
            "{{ x.name }}",
            "{{ x.relationship or x.role }}",
            '{{ "Yes" if x.parental_responsibility else "No" }}',
            "{{ x.involvement }}",
            contact("x"),
        ),
        "x in bundle.important_people",
    )
    table(
        doc,
        ("Name", "Role", "Organisation", "Contact details"),
        ("{{ x.name }}", "{{ x.role }}", "{{ x.organisation }}", contact("x")),
        "x in bundle.professionals",
    )
    heading(doc, "8. Diversity and communication needs", 1)
    table(doc, ("", ""), ("{{ row[0] }}", "{{ row[1] }}"), "row in bundle.diversity")


def cafcass_bundle() -> object:
    doc = new_document("{{ marking }}", footer="{{ marking }}")
    _cover(doc)
    _report_and_wishes(doc)
    _issues(doc)
    _care_plan(doc)
    _reviews_and_people(doc)
    return doc
