"""The sections of a Cafcass referral bundle, each built from one child's records (loaded by
bundle.load): the review records, the escalation history, the chronology, the care plan as the
reviews record it, the people around the child and their diversity and communication needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from carereview.domain.agenda import MATTERS
from carereview.domain.ssda903.codes import (
    CONTINUES_PERIOD,
    LEGAL_STATUS,
    PARTICIPATION,
    PLACEMENT,
    PLACEMENT_CHANGE_RNE,
    REASON_EPISODE_CEASED,
)
from carereview.escalation.bundle_types import (
    CONFIDENTIAL,
    PROFESSIONAL_ROLES,
    CarePlan,
    DecisionLine,
    Entry,
    EscalationRecord,
    InformalRecord,
    Matter,
    Person,
    ProceedingsLine,
    ReviewRecord,
    Step,
)
from carereview.records.codes import ETHNICITY, ContactRole


def coded(codes: Any, code: str) -> str:
    """An SSDA903 code with its meaning: "C2: Full care order"."""
    return f"{code}: {codes[code]}" if code in codes else code


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def shown(obj: Any, name: str) -> str:
    """A field as people read it: a choice's label, a person's name, else its text."""
    display = getattr(obj, f"get_{name}_display", None)
    return text(display() if display else getattr(obj, name, ""))


def staff_person(user: Any, role: str) -> Person:
    if user is None:
        return Person(name="Not recorded", role=role)
    team = getattr(user, "team", None)
    return Person(
        name=text(user),
        role=role,
        relationship=text(user.job_title),
        organisation=text(team) and f"{team} team",
        email=text(user.email),
        phone=text(user.phone),
    )


def contact_person(contact: Any) -> Person:
    return Person(
        name=contact.name,
        role=contact.get_role_display(),
        relationship=contact.relationship,
        parental_responsibility=contact.parental_responsibility,
        involvement="Currently involved" if contact.active else "No longer involved",
        organisation=contact.organisation,
        email=contact.email,
        phone=contact.phone,
        address=contact.address.strip(),
        address_note=CONFIDENTIAL if contact.address_confidential and contact.address else "",
    )


def current_episode(episodes: list[Any], day: date) -> Any:
    started = [e for e in episodes if e.decom <= day]
    return started[-1] if started else None


def legal_status_on(episodes: list[Any], day: date) -> str:
    episode = current_episode(episodes, day)
    if episode is None:
        return "Not looked after"
    if episode.dec and episode.dec <= day and episode.rec != CONTINUES_PERIOD:
        why = coded(REASON_EPISODE_CEASED, episode.rec)
        return f"No longer looked after since {episode.dec:%-d %B %Y} ({why})"
    return coded(LEGAL_STATUS, episode.ls)


def decision_line(decision: Any, made_on: date | None, today: date) -> DecisionLine:
    return DecisionLine(
        text=decision.text,
        responsible=decision.responsible,
        deadline=decision.deadline,
        made_on=made_on,
        done_on=decision.done_on,
        outcome=decision.outcome,
        overdue=decision.done_on is None and decision.deadline < today,
    )


def matters_of(review: Any) -> list[Matter]:
    agenda = review.agenda or {}
    return [
        Matter(title, text(agenda.get(key)))
        for key, title in MATTERS.items()
        if text(agenda.get(key))
    ]


def iro_on(allocations: list[Any], day: date) -> Any:
    for allocation in allocations:
        if allocation.started_on <= day and (
            allocation.ended_on is None or allocation.ended_on >= day
        ):
            return allocation.iro
    return None


#: Who an invitee is, as people say it.
ROLES = {**dict(ContactRole.choices), "child": "The child", "social_worker": "Social worker"}


def role_of(role: str) -> str:
    return ROLES.get(role, role.replace("_", " ").capitalize())


def review_record(review: Any, allocations: list[Any], today: date) -> ReviewRecord:
    chair = review.get_chair_display() or "Not recorded"
    iro = iro_on(allocations, review.held_on)
    if review.chair in ("iro", "child_co_chair") and iro is not None:
        chair = f"{chair} ({iro})"
    attendance = []
    for invitee in review.invitees.all():
        if not invitee.invited:
            attendance.append(
                f"{invitee.name} ({role_of(invitee.role)}): not invited — {invitee.left_out_because}"
            )
            continue
        how = invitee.get_attendance_display() or "Attendance not recorded"
        if invitee.delegate:
            how += f" ({invitee.delegate})"
        if invitee.supporter:
            how += f", supported by {invitee.supporter}"
        attendance.append(f"{invitee.name} ({role_of(invitee.role)}): {how}")
    rights = [
        what
        for told, what in (
            (review.rights_advocacy, "their right to an advocate"),
            (review.rights_complaints, "how to complain"),
            (review.rights_court, "their right to apply to court"),
        )
        if told
    ]
    manager = ""
    if review.manager_response:
        manager = f"{review.get_manager_response_display()}"
        if review.manager_responded_on:
            manager += f" on {review.manager_responded_on:%-d %B %Y}"
        if review.manager_comments:
            manager += f": {review.manager_comments}"
    return ReviewRecord(
        held_on=review.held_on,
        chair=chair,
        participation=coded(PARTICIPATION, review.participation)
        if review.participation
        else "Not recorded",
        how=review.participation_how,
        meetings=[f"{m.held_on:%-d %B %Y}: with {m.with_whom}" for m in review.meetings.all()],
        attendance=attendance,
        matters=matters_of(review),
        views=review.views,
        disagreements=review.disagreements,
        decisions=[decision_line(d, review.held_on, today) for d in review.decisions.all()],
        rights=rights,
        manager_response=manager,
    )


def _addressee(step: Any) -> str:
    name = text(step.sent_to_name) or text(step.sent_to)
    email = text(getattr(step.sent_to, "email", ""))
    return f"{name} ({email})" if email else name


def other_steps(alerts: list[Any], freezes: list[Any]) -> list[Entry]:
    """The IRO's other routes: management alerts (seed 000 section 15) and requests to freeze a
    placement move (IRO Handbook 3.79)."""
    out = []
    for alert in alerts:
        done = (
            f" Completed {alert.completed_on:%-d %B %Y}. {alert.completed_note}".rstrip()
            if alert.completed_on
            else " Not completed."
        )
        out.append(
            Entry(
                alert.raised_on,
                "IRO management alert",
                f"To {alert.manager}, complete by {alert.complete_by:%-d %B %Y}: "
                f"{alert.issue.strip().rstrip('.')}.{done}",
            )
        )
    for freeze in freezes:
        answer = (
            f" {freeze.get_response_display()} on {freeze.responded_on:%-d %B %Y}."
            if freeze.response and freeze.responded_on
            else " No answer recorded."
        )
        lifted = f" Lifted {freeze.lifted_on:%-d %B %Y}." if freeze.lifted_on else ""
        out.append(
            Entry(
                freeze.requested_on,
                "Request to freeze a placement move",
                f"{freeze.move_details.strip().rstrip('.')}. Reasons: "
                f"{freeze.reasons.strip().rstrip('.')}.{answer}{lifted}",
            )
        )
    return sorted(out, key=lambda e: e.on)


def escalation_record(escalation: Any, referral: Any) -> EscalationRecord:
    steps = sorted(
        escalation.steps.all(), key=lambda s: (s.entered_on or date.min, s.stage.number, s.pk)
    )
    return EscalationRecord(
        opened_on=escalation.opened_on,
        category=shown(escalation, "category"),
        issue=text(escalation.issue),
        expected_outcome=text(escalation.expected_outcome),
        deadline=escalation.deadline,
        closed_on=escalation.closed_on,
        outcome=shown(escalation, "outcome"),
        outcome_details=text(escalation.outcome_details),
        steps=[
            Step(
                stage=f"Stage {s.stage.number}: {s.stage.title}",
                escalate_to=text(s.stage.escalate_to),
                entered_on=s.entered_on,
                sent_to=_addressee(s),
                respond_by=s.respond_by,
                response=text(s.response),
                responded_on=s.responded_on,
                responded_by=text(s.responded_by),
            )
            for s in steps
        ],
        led_to_referral=escalation.pk == getattr(referral, "escalation_id", None),
    )


def informal_record(item: Any) -> InformalRecord:
    return InformalRecord(
        discussed_on=item.discussed_on,
        raised_with=text(item.raised_with),
        issue=text(item.issue),
        agreed_actions=text(item.agreed_actions),
        resolve_by=item.resolve_by,
        outcome=shown(item, "outcome"),
        resolved=item.resolved,
    )


def care_plan(loaded: dict[str, list[Any]], today: date) -> CarePlan:
    held = [r for r in loaded["reviews"] if r.held_on]
    latest = held[-1] if held else None
    in_force = (
        [decision_line(d, latest.held_on, today) for d in latest.decisions.all()] if latest else []
    )
    for review in held[:-1]:
        in_force += [
            decision_line(d, review.held_on, today)
            for d in review.decisions.all()
            if d.done_on is None
        ]
    episodes = loaded["episodes"]
    episode = current_episode(episodes, today)
    since = None
    for e in episodes:
        if e.decom <= today and (since is None or e.rne == "S" or e.rne in PLACEMENT_CHANGE_RNE):
            since = e.decom
    address = episode.placement_address.strip() if episode else ""
    return CarePlan(
        latest_review_on=latest.held_on if latest else None,
        permanence=text((latest.agenda or {}).get("permanence")) if latest else "",
        matters=[m for m in matters_of(latest) if m.title != MATTERS["permanence"]]
        if latest
        else [],
        decisions_in_force=sorted(in_force, key=lambda d: (d.done_on is not None, d.deadline)),
        legal_status=legal_status_on(episodes, today),
        placement=coded(PLACEMENT, episode.place) if episode else "None recorded",
        carer=episode.carer if episode else "",
        placement_address=address,
        placement_since=since,
        proceedings=[
            ProceedingsLine(
                p.started_on,
                p.ended_on,
                p.court,
                p.case_number,
                contact_person(p.guardian) if p.guardian else None,
            )
            for p in loaded["proceedings"]
        ],
    )


def people(
    child: Any, loaded: dict[str, list[Any]], referral: Any
) -> tuple[list[Person], list[Person]]:
    """The people important to the child, and the professionals with their contact details."""
    order = {role: n for n, role in enumerate(ContactRole.values)}
    contacts = sorted(loaded["contacts"], key=lambda c: (not c.active, order.get(c.role, 99)))
    important = [contact_person(c) for c in contacts if c.role not in PROFESSIONAL_ROLES]
    for relative, role in [
        *((s, "Sibling, also looked after") for s in child.siblings.all()),
        *((p, "Parent, also looked after") for p in child.looked_after_parents.all()),
    ]:
        if not relative.restricted:
            important.append(
                Person(name=str(relative), role=role, involvement="See their own record")
            )
    social_worker = child.social_worker
    professionals = [staff_person(social_worker, "Social worker")]
    manager = social_worker.line_manager if social_worker else None
    if manager is not None:
        professionals.append(staff_person(manager, "Team manager"))
    professionals.append(staff_person(referral.iro, "Independent reviewing officer"))
    if referral.senior_officer_id:
        professionals.append(
            staff_person(
                referral.senior_officer, "Senior officer told of the referral (IRO Handbook 8.12)"
            )
        )
    professionals += [contact_person(c) for c in contacts if c.role in PROFESSIONAL_ROLES]
    return important, professionals


def diversity(child: Any, contacts: list[Any]) -> list[tuple[str, str]]:
    yes_no = {True: "Yes", False: "No"}
    rows = [
        ("Gender", child.get_gender_display()),
        ("Ethnicity", coded(ETHNICITY, child.ethnicity)),
        ("Religion", child.religion or "Not recorded"),
        ("First language", child.first_language or "Not recorded"),
        ("Interpreter needed", yes_no[child.interpreter_needed]),
        ("Communication needs", child.communication_needs or "None recorded"),
        ("How the child communicates", child.communication_method or "Not recorded"),
        ("Disability", child.disability or "None recorded"),
        ("Unaccompanied asylum-seeking child", yes_no[child.uasc]),
    ]
    interpreters = [
        f"{c.name}{f' ({c.relationship})' if c.relationship else ''}"
        for c in contacts
        if c.role == ContactRole.INTERPRETER
    ]
    if interpreters:
        rows.append(("Interpreters on record", "; ".join(interpreters)))
    return rows
